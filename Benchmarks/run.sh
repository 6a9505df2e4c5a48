#!/usr/bin/env bash
# Fingerprinting and PII-scan throughput, as ratios against baselines measured in the same run:
#   sha256sum on the same file (the I/O floor) and the C implementation (gcc -O2, the algorithmic limit).
# Usage: Benchmarks/run.sh [SIZES...]   sizes in bytes, default "1000000000 10000000000" (1 GB and 10 GB)
# Needs a release build of merit (make release). Generated files go to Benchmarks/out/ and are deleted.
set -euo pipefail
cd "$(dirname "$0")"
make -s all
MERIT=../.build/release/merit
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
sizes=("${@:-1000000000 10000000000}")
mkdir -p out

measure() {  # prints "seconds peakRSS_KB" for a command, output discarded
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}

for size in ${sizes[@]}; do
  file=out/bench-$size.csv
  echo "== generating $file"
  out/gen-csv "$size" "$file"
  bytes=$(stat -c %s "$file")
  records=$(( $(wc -l < "$file") - 1 ))
  cat "$file" > /dev/null   # warm the page cache so every contender reads the same way
  read -r t_sha rss_sha < <(measure sha256sum "$file")
  read -r t_c rss_c < <(measure out/fingerprint "$file")
  read -r t_m rss_m < <(measure "$MERIT" fingerprint --quiet "$file")
  read -r t_s rss_s < <(measure "$MERIT" scan --quiet "$file")
  root_c=$(out/fingerprint "$file" | head -1 | cut -d' ' -f2)
  root_m=$("$MERIT" fingerprint --quiet "$file" | head -1 | cut -d' ' -f2)
  awk -v b="$bytes" -v n="$records" -v ts="$t_sha" -v tc="$t_c" -v tm="$t_m" -v tp="$t_s" \
      -v rc="$rss_c" -v rm="$rss_m" -v same="$([ "$root_c" = "$root_m" ] && echo yes || echo NO)" 'BEGIN {
    mb = b / 1e6
    printf "file %.0f MB, %d records, roots agree: %s\n", mb, n, same
    printf "  sha256sum          %8.1f MB/s\n", mb / ts
    printf "  C fingerprint      %8.1f MB/s %10.0f records/s  peak RSS %6.1f MB\n", mb / tc, n / tc, rc / 1024
    printf "  merit fingerprint  %8.1f MB/s %10.0f records/s  peak RSS %6.1f MB\n", mb / tm, n / tm, rm / 1024
    printf "  ratio merit / C = %.2f   merit / sha256sum = %.2f\n", tc / tm, ts / tm
    printf "  merit scan (PII)   %8.1f MB/s\n", mb / tp
  }'
  rm -f "$file"
done
