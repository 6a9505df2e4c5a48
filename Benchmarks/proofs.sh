#!/usr/bin/env bash
# Membership proofs on a large training set: a proof index of 10 million records (version 1) plus
# 100,000 appended by a second version, then 2,000 proofs by record hash (random records of both, and
# records not in the set), each checked. Reports p50/p99 latency and the index's bytes per record, with
# a baseline measured in the same run: sha256sum over the index's leaves file (the whole set read once).
# Needs a release build (make release). Usage: Benchmarks/proofs.sh [RECORDS]   default 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
MERIT=.build/release/merit
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
n=${1:-10000000}
json=$("$MERIT" bench-proofs --records "$n" --out Benchmarks/out/proof-index)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$json" "$1"; }
leaves=$(field leaves_file)
start=$(date +%s.%N); sha256sum "$leaves" >/dev/null; end=$(date +%s.%N)
awk -v n="$(field records)" -v b="$(field build_seconds)" -v p50="$(field p50_ms)" -v p99="$(field p99_ms)" -v mx="$(field max_ms)" \
    -v bpr="$(field bytes_per_record)" -v q="$(field queries)" -v f="$(field failures)" -v s="$start" -v e="$end" 'BEGIN {
  sha = (e - s) * 1000
  printf "membership proofs (%d records in 2 versions, %d proofs checked, %d wrong)\n", n, q, f
  printf "  index build            %8.1f s\n", b
  printf "  proof by record hash   p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms\n", p50, p99, mx
  printf "  sha256sum of the leaves (baseline: reading the set once)   %8.1f ms   ratio p99/sha256sum %.5f\n", sha, p99 / sha
  printf "  storage                %8.1f bytes per record\n", bpr
}'
rm -rf Benchmarks/out/proof-index
