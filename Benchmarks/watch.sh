#!/usr/bin/env bash
# Endpoint-watcher throughput: 1,000 requests to a fake OpenAI-compatible endpoint that answers each one
# after 50 ms, at concurrency 16, from Merit (`merit watch run --once`) and from lm-evaluation-harness
# (`local-completions`, num_concurrent=16) in the same run. The floor is 1,000 × 50 ms / 16 = 3.125 s.
# Usage: Benchmarks/watch.sh [REQUESTS] [LATENCY_MS] [CONCURRENCY]
# Needs: a release build (make release; this script builds fake-openai) and, for the lm-eval side,
#        pip install -r Tests/MeritWatchTests/Python/requirements.txt (lm-eval[api] 0.4.13).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}; LAT=${2:-50}; C=${3:-16}
swift build -c release --product merit > /dev/null
swift build -c release --product fake-openai > /dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/merit-watch-bench.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2> /dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.build/release/fake-openai --port "$port" --latency-ms "$LAT" > "$tmp/fake.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done

# A generate_until task of N documents: one request each.
mkdir -p "$tmp/task"
python3 - "$N" "$tmp/task" <<'PY'
import json, sys
n, d = int(sys.argv[1]), sys.argv[2]
with open(f"{d}/test.jsonl", "w") as f:
    for i in range(n):
        f.write(json.dumps({"question": f"What is {i % 20} + {i // 20 % 20}?", "answer": str(i % 20 + i // 20 % 20)}) + "\n")
open(f"{d}/bench.yaml", "w").write("""task: merit_bench
dataset_path: json
dataset_kwargs:
  data_files:
    test: test.jsonl
test_split: test
output_type: generate_until
doc_to_text: "Q: {{question}}\\nA: The answer is"
doc_to_target: "{{answer}}"
generation_kwargs:
  until: ["\\n"]
  max_gen_toks: 4
""")
PY
echo 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 > "$tmp/key.hex"
M=.build/release/merit
$M watch add --id fake --operator bench --url "http://127.0.0.1:$port/v1" --model merit-tiny --concurrency "$C" --data "$tmp/d" > /dev/null
floor=$(python3 -c "print($N * $LAT / 1000 / $C)")

start=$(date +%s.%N)
$M watch run --once --task "$tmp/task/bench.yaml" --probes 0 --private-key-file "$tmp/key.hex" --data "$tmp/d" --json --quiet > "$tmp/merit.json"
end=$(date +%s.%N)
merit_total=$(python3 -c "print(round($end - $start, 3))")
merit_requests=$(python3 -c "import json; print(round(json.load(open('$tmp/merit.json'))['seconds'], 3))")
merit_ok=$(python3 -c "import json; q=json.load(open('$tmp/merit.json'))['qos']['fake']; print(q['successes'], '/', q['requests'])")

lm_total="-"; lm_requests="-"
if python3 -c "import lm_eval, tenacity" 2> /dev/null; then
  start=$(date +%s.%N)
  python3 Tests/MeritWatchTests/Python/lm_eval_check.py "http://127.0.0.1:$port/v1" merit-tiny "$tmp/task/bench.yaml" --concurrency "$C" > "$tmp/lm.json" 2> "$tmp/lm.err"
  end=$(date +%s.%N)
  lm_total=$(python3 -c "print(round($end - $start, 3))")
  lm_requests=$(python3 -c "import json; print(json.loads(open('$tmp/lm.json').read().splitlines()[-1])['seconds'])")
  same=$(python3 -c "
import json
m = json.load(open('$tmp/merit.json'))['scores']; l = json.loads(open('$tmp/lm.json').read().splitlines()[-1])['tasks']['merit_bench']['results']
a = [s['value'] for s in m if s['metric'] == 'exact_match,none'][0]; print('equal' if a == l['exact_match,none'] else f'DIFFERENT: merit {a}, lm-eval {l[\"exact_match,none\"]}')")
else
  echo "(lm-eval is not installed: pip install -r Tests/MeritWatchTests/Python/requirements.txt)" >&2
  same="-"
fi

python3 - "$N" "$LAT" "$C" "$floor" "$merit_total" "$merit_requests" "$lm_total" "$lm_requests" "$merit_ok" "$same" <<'PY'
import sys
n, lat, c, floor, mt, mr, lt, lr, ok, same = sys.argv[1:]
floor = float(floor)
def ratio(x): return "-" if x == "-" else f"{float(x) / floor:.3f}× the floor"
print(f"{n} requests, {lat} ms each, concurrency {c}: floor {floor:.3f} s")
print(f"| contender | requests phase | whole command |")
print(f"| --- | --- | --- |")
print(f"| merit watch run --once | {mr} s ({ratio(mr)}) | {mt} s ({ratio(mt)}) |")
print(f"| lm-eval local-completions (Python API, no task index) | {lr} s ({ratio(lr)}) | {lt} s ({ratio(lt)}) |")
print(f"merit answers: {ok} ok; exact_match merit vs lm-eval: {same}")
PY
