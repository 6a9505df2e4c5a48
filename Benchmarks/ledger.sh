#!/usr/bin/env bash
# The token ledger (docs/token.md), each figure against a baseline measured in the same run:
#   appends/s on SQLite from 8 concurrent writers (API fee deposits, each durable before it is
#   acknowledged: synchronous=FULL, group commit) vs plain INSERTs of the same rows without the chain
#   check or the rules; `ledger verify` of a 1,000,000-entry ledger (fee deposits, signed buys on the
#   curve, signed transfers) vs hashing the same entries' bytes once; one exact curve quote vs the same
#   formula in Double (inexact).
# Needs a release build (make release). Usage: Benchmarks/ledger.sh [VERIFY_ENTRIES] [APPENDS]
set -euo pipefail
cd "$(dirname "$0")/.."
MERIT=.build/release/merit
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
json=$("$MERIT" bench-ledger --verify-entries "${1:-1000000}" --appends "${2:-20000}" --writers 8 --out Benchmarks/out/ledger)
python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("token ledger")
print("  appends, %d writers      %8.0f /s   plain INSERTs %8.0f /s   ratio %.2f   (chain verifies: %s)" % (
    r["writers"], r["appends_per_second"], r["plain_inserts_per_second"], r["appends_per_second"] / r["plain_inserts_per_second"], r["appended_chain_verifies"]))
print("  verify %d entries  %8.2f s       hashing them once %6.2f s   ratio %.1f" % (
    r["verify_entries"], r["verify_seconds"], r["hash_only_seconds"], r["verify_seconds"] / r["hash_only_seconds"]))
print("  curve quote (exact)      %8.1f us     Double pow %8.3f us   ratio %.0f" % (
    r["quote_microseconds"], r["double_pow_microseconds"], r["quote_microseconds"] / max(r["double_pow_microseconds"], 1e-9)))
PY
rm -rf Benchmarks/out/ledger
