#!/usr/bin/env bash
# The loop end to end on the release build, against the two trainings alone (measured in the same run):
# a model whose head was trained on BASE rows, one contribution of ROWS rows uploaded with curl, judged
# by the server's worker, signed, and recorded as version 2. The baseline is `merit evaluate` on the same
# files, which trains both models (baseline and candidate) as anyone re-running the evaluation does. The
# server trains only the candidate: the head's predictions on the benchmark were kept when it was
# trained. The training inside the loop comes from the worker's log line for the job; everything else
# (upload, queue, reading, fingerprints, contamination, comparison, signing, the new training set, the
# model files, the version, the proof index, the mint) is the overhead.
# Usage: Benchmarks/loop.sh [BASE] [ROWS] [BENCHMARK]   defaults 100000 100000 20000
# RUNS (default 5): the whole is run that many times, each run printed, then the medians of the loop and of
# the two trainings (one run varies by about a tenth on these two cores).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
if [ -z "${LOOP_ONE_RUN:-}" ]; then
  out=$(mktemp); trap 'rm -f "$out"' EXIT
  for k in $(seq "${RUNS:-5}"); do
    echo "run $k of ${RUNS:-5}"
    LOOP_ONE_RUN=1 "$self" "$@" | tee -a "$out"
  done
  sed -nE 's/.*against the two trainings alone +([0-9.]+) s - ([0-9.]+) s = .*/\1 \2/p' "$out" | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
loop, both = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
print("medians of %d runs: the loop %.2f s, the two trainings alone %.2f s: %+.2f s = %+.1f%% of the loop (goal: at most +10%%)"
      % (len(rows), loop, both, loop - both, 100 * (loop - both) / loop))'
  exit
fi
MERIT=$PWD/.build/release/merit
[ -x "$MERIT" ] && [ -x "$PWD/.build/release/merit-server" ] || { echo "build both first: make release" >&2; exit 1; }
base=${1:-100000}; rows=${2:-100000}; bench=${3:-20000}
W=$(mktemp -d /tmp/merit-loop-XXXXXX)
trap 'kill $server 2>/dev/null || true; [ -n "${LOOP_LOG:-}" ] && cp "$W/server.log" "$LOOP_LOG"; rm -rf "$W"' EXIT
# The base hardly covers two regions that the contribution brings, so that the contribution pays at this size.
"$MERIT" demo --data-only --out "$W" --base-rows "$base" --benchmark-rows "$bench" --contribution-rows "$rows" --base-rare-weight 0.001
D=$W/data
export MERIT_KEYSTORE_PASSWORD=loop-benchmark
"$MERIT" keys new --out "$W/key.json" --kdf pbkdf2 --pbkdf2-iterations 1000 >/dev/null
KEY=$("$MERIT" api-keys create --role admin --data "$W/srv" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
"$MERIT" serve --data "$W/srv" --port 0 --workers 1 --keystore "$W/key.json" > "$W/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$W/server.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$W/server.log" | head -1)
H="Authorization: Bearer $KEY"; M="$URL/api/v1/models/Credit%20Default%20Risk"
now() { date +%s.%N; }
curl -sf -H "$H" --data-binary @"$D/model.yaml" "$URL/api/v1/models" >/dev/null
t0=$(now)
curl -sf -H "$H" -T "$D/base.csv" "$M/data/base?file=base.csv" >/dev/null
curl -sf -H "$H" -T "$D/benchmark.csv" "$M/data/benchmark?file=benchmark.csv" >/dev/null
until curl -sf -H "$H" "$M/lineage" | grep -q '"head":1'; do sleep 0.2; done
t1=$(now)
id=$(curl -sf -H "$H" -H "Idempotency-Key: loop" -X POST -T "$D/contribution-good.csv" \
      "$M/contributions?file=contribution.csv&contributor=0x00000000000000000000000000000000000000a1" | sed -nE 's/.*"id" *: *"(c-[0-9a-f]+)".*/\1/p')
tu=$(now)
# One request that the server answers when the job has ended (?wait): polling would take CPU from the
# training being measured, and a poll interval would add up to its length to the time measured.
while :; do
  state=$(curl -sf -H "$H" "$URL/api/v1/contributions/$id?wait=60" | sed -nE 's/.*"state" *: *"([a-z]+)".*/\1/p')
  case $state in done|rejected|failed) break;; esac
done
[ "$state" = done ] || { echo "the contribution ended $state: $(curl -sf -H "$H" "$URL/api/v1/contributions/$id")" >&2; exit 1; }
for _ in $(seq 1 100); do curl -sf -H "$H" "$M/lineage" | grep -q '"head":2' && break; sleep 0.1; done
curl -sf -H "$H" "$M/lineage" | grep -q '"head":2' || { echo "the contribution was judged but not paid: $(curl -sf -H "$H" "$URL/api/v1/contributions/$id/report" | grep '"reason"')" >&2; exit 1; }
t2=$(now)
train=$(grep "contribution $id: judged against" "$W/server.log" | sed -E 's/.*training ([0-9.]+) s.*/\1/' | tail -1)
# The server is stopped first: after the job it indexes and reads the new head in the background, which
# would take CPU from the baseline being measured.
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
# The two trainings alone: the same files through `merit evaluate`, whose report is the server's, byte for byte.
both=$("$MERIT" evaluate --model "$D/model.yaml" --base "$D/base.csv" --benchmark "$D/benchmark.csv" --contribution "$D/contribution-good.csv" \
        --contributor 0x00000000000000000000000000000000000000a1 --out "$W/evaluate" --timings 2>&1 >/dev/null | sed -nE 's/.*training ([0-9.]+)s.*/\1/p' || true)
line=$(grep "contribution $id: judged against" "$W/server.log" | tail -1 | sed -E 's/.*: judged/judged/')
awk -v b="$base" -v r="$rows" -v n="$bench" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v tr="$train" -v both="$both" -v tu="$tu" -v line="$line" 'BEGIN {
  v1 = t1 - t0; all = t2 - t1
  printf "the loop end to end (base %d rows, contribution %d rows, benchmark %d rows, release build)\n", b, r, n
  printf "  version 1 (register both files, train, score, index)      %7.2f s\n", v1
  printf "  upload to signed attestation and version 2                %7.2f s\n", all
  printf "    of which the upload (until the contribution is queued)  %7.2f s\n", tu - t1
  printf "    of which training inside the loop (the candidate)       %7.2f s\n", tr
  printf "    everything else                                         %7.2f s = %.1f%% of the whole\n", all - tr, 100 * (all - tr) / all
  printf "  the two trainings alone (merit evaluate, same files)      %7.2f s\n", both
  printf "  the loop against the two trainings alone                  %7.2f s - %.2f s = %+.2f s = %+.1f%% of the loop (goal: at most +10%%)\n", all, both, all - both, 100 * (all - both) / all
  printf "  worker: %s\n", line
}'
