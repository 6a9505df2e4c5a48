#!/usr/bin/env bash
# The token ledger (docs/token.md), each figure against a baseline measured in the same run:
#   appends/s on SQLite from 8 concurrent writers (API fee deposits, each durable before it is
#   acknowledged: synchronous=FULL, group commit) vs plain INSERTs of the same rows without the chain
#   check or the rules; `ledger verify` of a 1,000,000-entry ledger (fee deposits, signed buys on the
#   curve, signed transfers) vs hashing the same entries' bytes once; one exact curve quote vs the same
#   formula in Double (inexact); and the command itself, `merit ledger verify` against `merit serve`
#   holding the same ledger (read over HTTP as a streamed export, then checked), against the same hashing.
# Needs a release build (make release). Usage: Benchmarks/ledger.sh [VERIFY_ENTRIES] [APPENDS]
set -euo pipefail
cd "$(dirname "$0")/.."
MERIT=.build/release/merit
[ -x "$MERIT" ] || { echo "build merit first: make release" >&2; exit 1; }
ENTRIES=${1:-1000000}
json=$("$MERIT" bench-ledger --verify-entries "$ENTRIES" --appends "${2:-20000}" --writers 8 --out Benchmarks/out/ledger)

# The command end to end: a server whose model's ledger holds the same entries, and the CLI against it.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/merit-ledger-bench.XXXXXX")
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2> /dev/null; wait 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MERIT" demo --data-only --out "$tmp/demo" > /dev/null
# No owner address in the demo's spec: the token is not launched, so its ledger is empty for the fill.
MERIT_TOKEN=$("$MERIT" api-keys create --role admin --label bench --data "$tmp/data" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
export MERIT_TOKEN
start_server() {
  "$MERIT" serve --port "$port" --data "$tmp/data" > "$tmp/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && return 0; sleep 0.2; done
  echo "merit serve did not start:" >&2; tail "$tmp/serve.log" >&2; exit 1
}
start_server
"$MERIT" models create "$tmp/demo/data/model.yaml" --server "http://127.0.0.1:$port" > /dev/null
kill "$server"; wait "$server" 2> /dev/null || true; server=""
"$MERIT" bench-ledger --fill "$tmp/data" --ticker CRDT --verify-entries "$ENTRIES" > /dev/null
start_server
t0=$(date +%s.%N)
verdict=$("$MERIT" ledger verify "Credit Default Risk" --server "http://127.0.0.1:$port" --json)
t1=$(date +%s.%N)
json=$(python3 -c 'import json, sys; r = json.loads(sys.argv[1]); v = json.loads(sys.argv[2]); r["cli_verify_seconds"] = float(sys.argv[4]) - float(sys.argv[3]); r["cli_verify_ok"] = v["ok"]; r["cli_verify_entries"] = v["entries"]; print(json.dumps(r))' "$json" "$verdict" "$t0" "$t1")
python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print("token ledger")
print("  appends, %d writers      %8.0f /s   plain INSERTs %8.0f /s   ratio %.2f   (chain verifies: %s)" % (
    r["writers"], r["appends_per_second"], r["plain_inserts_per_second"], r["appends_per_second"] / r["plain_inserts_per_second"], r["appended_chain_verifies"]))
print("  verify %d entries  %8.2f s       hashing them once %6.2f s   ratio %.1f" % (
    r["verify_entries"], r["verify_seconds"], r["hash_only_seconds"], r["verify_seconds"] / r["hash_only_seconds"]))
print("  merit ledger verify, %d entries over HTTP  %6.2f s  (holds: %s)   ratio to hashing %.1f" % (
    r["cli_verify_entries"], r["cli_verify_seconds"], r["cli_verify_ok"], r["cli_verify_seconds"] / r["hash_only_seconds"]))
print("  curve quote (exact)      %8.1f us     Double pow %8.3f us   ratio %.0f" % (
    r["quote_microseconds"], r["double_pow_microseconds"], r["quote_microseconds"] / max(r["double_pow_microseconds"], 1e-9)))
PY
rm -rf Benchmarks/out/ledger
