#!/usr/bin/env bash
# Signing, recovery and Keccak-256 throughput of Merit, as ratios against raw libsecp256k1 calls and
# a plain C Keccak (gcc -O2), measured in the same run. Needs a release build (make release).
# Usage: Benchmarks/crypto.sh [SIGNATURES] [MIB]     defaults 20000 signatures, 256 MiB
set -euo pipefail
cd "$(dirname "$0")"
make -s out/crypto-c
MERIT=../.build/release/merit
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
n=${1:-20000}
mb=${2:-256}
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
c_sign=$(out/crypto-c sign "$n");       m_sign=$("$MERIT" eth bench sign "$n")
c_rec=$(out/crypto-c recover "$n");     m_rec=$("$MERIT" eth bench recover "$n")
c_kec=$(out/crypto-c keccak "$mb");     m_kec=$("$MERIT" eth bench keccak "$mb")
m_712=$("$MERIT" eth bench eip712 "$n")
awk -v cs="$(field "$c_sign" per_second)" -v ms="$(field "$m_sign" per_second)" \
    -v cr="$(field "$c_rec" per_second)" -v mr="$(field "$m_rec" per_second)" \
    -v ck="$(field "$c_kec" mb_per_second)" -v mk="$(field "$m_kec" mb_per_second)" \
    -v m7="$(field "$m_712" per_second)" -v n="$n" -v mb="$mb" 'BEGIN {
  printf "crypto benchmark (%d signatures, %d MiB of Keccak input, one core)\n", n, mb
  printf "  sign (RFC 6979, recoverable)   libsecp256k1 %8.0f/s   merit %8.0f/s   ratio %.2f\n", cs, ms, ms / cs
  printf "  recover + address              libsecp256k1 %8.0f/s   merit %8.0f/s   ratio %.2f\n", cr, mr, mr / cr
  printf "  keccak-256, 1 MiB messages     C -O2        %8.1f MB/s merit %8.1f MB/s ratio %.2f\n", ck, mk, mk / ck
  printf "  EIP-712 digest + sign (2 structs, 4 fields)  merit %8.0f/s\n", m7
}'
