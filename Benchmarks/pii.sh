#!/usr/bin/env bash
# PII detection quality and throughput (issue 14): Merit's scanner against Presidio's pattern recognizers,
# on the labelled corpus of Tests/MeritDataTests/PIICorpus (four CSV tables, six locales, planted hard
# negatives), scored span by span (kind, row, column, overlap) with score.py, both in the same run.
# Prints per-kind precision/recall/F1 side by side, micro F1, the false-positive rate per planted negative
# class, and each scanner's throughput on the corpus files (bytes / wall time).
# Usage: Benchmarks/pii.sh [ROWS] [SEED]        defaults 20000 rows per table, seed 1
# Env: PRESIDIO_JOBS (default: nproc, as Merit uses every core), KEEP=1 keeps the temp dir.
# Needs a release build of merit (make release); makes .build/pii-bench/venv on first use (pip, ~400 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1
MERIT=.build/release/merit
CORPUS_PY=Tests/MeritDataTests/PIICorpus
VENV=.build/pii-bench/venv
rows=${1:-20000}
seed=${2:-1}
jobs=${PRESIDIO_JOBS:-$(nproc)}
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then  # GNU time measures the large scan's peak memory
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time > /dev/null
fi

if ! "$VENV/bin/python" -c "import presidio_analyzer" 2>/dev/null; then
  echo "== creating $VENV (presidio-analyzer and its pins)" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r "$CORPUS_PY/requirements-presidio.txt"
fi

work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] && echo "keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/merit"
echo "== corpus: $rows rows per table, seed $seed" >&2
python3 "$CORPUS_PY/corpus.py" --out "$work/corpus" --rows "$rows" --seed "$seed" >&2
python3 "$CORPUS_PY/corpus.py" --check "$work/corpus" >&2
tables=(tickets crm transactions events)

# Merit's findings for one table into $2; with_file (below) adds the corpus file name to each finding.
# The commented line reads `merit scan --json` instead, whose document holds only the first findings of
# each column since `merit scan` keeps memory bounded: use it only for a build older than --findings.
merit_scan() { "$MERIT" scan --quiet --findings "$2" "$1" > /dev/null; }   # every finding, one per line
# merit_scan() { "$MERIT" scan --json --quiet "$1" > "$2"; }               # one JSON document per table

with_file() {  # with_file NAME RAW OUT: findings of RAW (document or JSON Lines) as JSON Lines with "file": NAME
  python3 - "$@" <<'PY'
import json, sys
name, raw, out = sys.argv[1:]
text = open(raw, encoding="utf-8").read()
try:
    findings = json.loads(text)["findings"]
except (ValueError, KeyError, TypeError):
    findings = [json.loads(line) for line in text.splitlines() if line.strip()]
with open(out, "w", encoding="utf-8") as f:
    f.writelines(json.dumps(dict(finding, file=name)) + "\n" for finding in findings)
PY
}

echo "== merit scan" >&2
cat "$work"/corpus/*.csv > /dev/null   # warm the page cache for both scanners
merit_ns=0
for t in "${tables[@]}"; do
  start=$(date +%s%N)
  merit_scan "$work/corpus/$t.csv" "$work/merit/$t.raw"
  merit_ns=$(( merit_ns + $(date +%s%N) - start ))
  with_file "$t.csv" "$work/merit/$t.raw" "$work/merit/$t.jsonl"
done
python3 "$CORPUS_PY/score.py" --corpus "$work/corpus" --json --top 5 \
  $(for t in "${tables[@]}"; do printf -- '--findings %s ' "$work/merit/$t.jsonl"; done) > "$work/merit.score.json"

echo "== presidio ($jobs jobs)" >&2
"$VENV/bin/python" "$CORPUS_PY/presidio_scan.py" --corpus "$work/corpus" --out "$work/presidio.jsonl" \
  --jobs "$jobs" > "$work/presidio.time.json"
python3 "$CORPUS_PY/score.py" --corpus "$work/corpus" --json --top 5 --findings "$work/presidio.jsonl" \
  > "$work/presidio.score.json"

# Memory and throughput on a large file: the four tables' rows repeated into one CSV of BIG_GB gigabytes
# (default 2; BIG_GB=0 skips it), scanned with counts only, under /usr/bin/time for the peak RSS.
big_gb=${BIG_GB:-2}
big_line=""
if [ "$big_gb" != 0 ]; then
  echo "== merit scan of a ${big_gb} GB file" >&2
  python3 - "$work/corpus" "$work/big.csv" "$big_gb" <<'PY'
import csv, sys
corpus, out, gb = sys.argv[1], sys.argv[2], float(sys.argv[3])
csv.field_size_limit(1 << 30)
rows = []
for t in ("tickets", "crm", "transactions", "events"):  # one table of every table's fields, as text
    with open(f"{corpus}/{t}.csv", newline="", encoding="utf-8") as f:
        rows += [[t] + ["; ".join(r)] for r in csv.reader(f)][1:]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["table", "text"])
    block = __import__("io").StringIO()
    csv.writer(block, lineterminator="\n").writerows(rows)
    block = block.getvalue()
    written = 0
    while written < gb * 1e9:
        f.write(block)
        written += len(block.encode("utf-8"))
PY
  big_bytes=$(stat -c %s "$work/big.csv")
  /usr/bin/time -f "%e %M" -o "$work/big.time" "$MERIT" scan --quiet "$work/big.csv" > /dev/null
  read -r big_s big_kb < "$work/big.time"
  big_line=$(python3 -c "import sys; b, s, kb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); print(f'large file   Merit    {b / 1e6 / s:9.2f} MB/s on {b / 1e9:.2f} GB ({s:.1f} s), peak memory {kb / 1024:.0f} MB')" "$big_bytes" "$big_s" "$big_kb")
  rm -f "$work/big.csv"
fi

# The held-out corpus (Tests/MeritDataTests/PIIHeldOut: written independently of the detectors and of the
# corpus above), 2,000 rows per table: both scanners, micro figures.
echo "== held-out corpus" >&2
python3 Tests/MeritDataTests/PIIHeldOut/heldout.py --out "$work/heldout" --rows 2000 --seed 11 >&2
held_args=()
for f in "$work"/heldout/*.csv; do
  n=$(basename "$f")
  merit_scan "$f" "$work/heldout/$n.raw"
  with_file "$n" "$work/heldout/$n.raw" "$work/heldout/$n.findings"
  held_args+=(--findings "$work/heldout/$n.findings")
done
python3 "$CORPUS_PY/score.py" --corpus "$work/heldout" --json "${held_args[@]}" > "$work/held.merit.json"
"$VENV/bin/python" "$CORPUS_PY/presidio_scan.py" --corpus "$work/heldout" --out "$work/held.presidio.jsonl" --jobs "$jobs" > /dev/null
python3 "$CORPUS_PY/score.py" --corpus "$work/heldout" --json --findings "$work/held.presidio.jsonl" > "$work/held.presidio.json"
held_line=$(python3 -c 'import json, sys; m, p = (json.load(open(f))["micro"] for f in sys.argv[1:]); print("held-out     Merit    P %.3f R %.3f F1 %.3f   Presidio P %.3f R %.3f F1 %.3f   (%d labelled spans)" % (m["precision"], m["recall"], m["f1"], p["precision"], p["recall"], p["f1"], m["labels"]))' "$work/held.merit.json" "$work/held.presidio.json")

bytes=$(cat "$work"/corpus/{tickets,crm,transactions,events}.csv | wc -c)
python3 - "$work" "$bytes" "$merit_ns" "$jobs" "$rows" "$seed" <<'PY'
import json, sys
work, size, merit_ns, jobs, rows, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
merit = json.load(open(f"{work}/merit.score.json"))
presidio = json.load(open(f"{work}/presidio.score.json"))
timing = json.load(open(f"{work}/presidio.time.json"))
merit_s = merit_ns / 1e9
print(f"PII benchmark: 4 tables x {rows} rows (seed {seed}), {size / 1e6:.1f} MB, {merit['micro']['labels']} labelled positives")
print(f"{'kind':22} {'labels':>7} | {'Merit P':>7} {'R':>6} {'F1':>6} | {'Presidio P':>10} {'R':>6} {'F1':>6}")
for kind in list(merit["kinds"]) + ["micro"]:
    m = merit["micro"] if kind == "micro" else merit["kinds"][kind]
    p = presidio["micro"] if kind == "micro" else presidio["kinds"][kind]
    print(f"{kind:22} {m['labels']:7d} | {m['precision']:7.3f} {m['recall']:6.3f} {m['f1']:6.3f} | "
          f"{p['precision']:10.3f} {p['recall']:6.3f} {p['f1']:6.3f}")
print(f"\n{'false-positive rate':22} {'planted':>7} | {'Merit':>7} | {'Presidio':>10}")
for name, m in merit["negatives"].items():
    print(f"{name:22} {m['planted']:7d} | {m['rate']:7.3f} | {presidio['negatives'][name]['rate']:10.3f}")
for label, summary in (("Merit", merit), ("Presidio", presidio)):
    sources = ", ".join(f"{s['kind']} on {s['source']} {s['count']}" for s in summary["fp_sources"])
    print(f"\ntop false positives, {label}: {sources or 'none'}")
    if summary["ignored"]:
        print(f"  ignored kinds outside the nine: {summary['ignored']}")
print(f"\nthroughput   Merit    {size / 1e6 / merit_s:9.2f} MB/s ({merit_s:.2f} s, all cores, 4 processes incl. start-up)")
print(f"             Presidio {timing['mb_per_second']:9.3f} MB/s ({timing['seconds']:.1f} s, {jobs} processes)   "
      f"ratio Merit / Presidio {size / 1e6 / merit_s / timing['mb_per_second']:.0f}x")
PY
echo "$held_line"
[ -n "$big_line" ] && echo "$big_line"
