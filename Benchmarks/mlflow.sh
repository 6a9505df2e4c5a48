#!/usr/bin/env bash
# MLflow REST throughput and latency: Merit's `merit serve` against a real `mlflow server`, in the same run.
# Starts a real mlflow server (SQLite store and artifacts in a temp dir, 4 workers) on 127.0.0.1, and Merit's
# server too when MERIT_URL is set (an already running server: used as is) or ../.build/release/merit exists;
# runs mlflow/bench.py against both, one after the other; stops what it started.
# Usage: Benchmarks/mlflow.sh [bench.py options: --json --n 2000 --clients 8 --per-client 500 --runs 500 --searches 50]
# Then, when wrk is installed, the same workloads from wrk (mlflow/wrk_bench.py), which is not limited by Python.
# Needs: pip install -r Tests/MeritServerTests/Python/requirements.txt (mlflow 3.17.2, requests).
# Env: MLFLOW_PORT, MERIT_PORT (default: free ports), MERIT_URL (MERIT_URL=off: mlflow only), MERIT_SERVE and
#      MERIT_KEY (below), MERIT_TOKEN (an API key, sent as Bearer to Merit; needed with MERIT_URL).
set -euo pipefail
cd "$(dirname "$0")"

# How Merit's server is started. One line, because its command line may change: {PORT} and {DATA} are filled in.
MERIT_SERVE=${MERIT_SERVE:-"../.build/release/merit serve --port {PORT} --data {DATA}"}
# How an admin API key is made for it (writes need one; printed as JSON {"key": ...}). Skipped if MERIT_TOKEN is set.
MERIT_KEY=${MERIT_KEY:-"../.build/release/merit api-keys create --role admin --label bench --data {DATA} --json"}

command -v mlflow > /dev/null || { echo "mlflow is not installed: pip install -r ../Tests/MeritServerTests/Python/requirements.txt" >&2; exit 1; }
# wrk (Debian's package) measures the server's own capacity; install it so that its figures are never skipped.
if ! command -v wrk > /dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "# installing wrk (apt)" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk > /dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/merit-mlflow-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do   # each server was started with setsid: its process group is its pid
    kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2> /dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_ready() {  # URL NAME PID LOG: wait up to 120 s for any HTTP answer on URL/health
  for _ in $(seq 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1/health" || true)
    [ "$code" != "000" ] && return 0
    kill -0 "$3" 2> /dev/null || { echo "$2 exited during startup; its log:" >&2; tail -20 "$4" >&2; exit 1; }
    sleep 0.5
  done
  echo "$2 did not answer on $1/health within 120 s" >&2; tail -20 "$4" >&2; exit 1
}

# The real mlflow server. Telemetry off (no traffic leaves the machine); its background job runner (used only
# by GenAI features) off, so that it takes no CPU from the server being measured.
mlflow_port=${MLFLOW_PORT:-$(free_port)}
mkdir -p "$tmp/mlflow/artifacts"
MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
  setsid mlflow server --backend-store-uri "sqlite:///$tmp/mlflow/mlflow.db" \
    --artifacts-destination "$tmp/mlflow/artifacts" --host 127.0.0.1 --port "$mlflow_port" --workers 4 \
    > "$tmp/mlflow.log" 2>&1 &
pids+=($!)
mlflow_url=http://127.0.0.1:$mlflow_port
echo "# mlflow $(python3 -c 'import mlflow; print(mlflow.__version__)') on $mlflow_url (SQLite, 4 workers), starting" >&2
wait_ready "$mlflow_url" mlflow "${pids[-1]}" "$tmp/mlflow.log"

bench_args=(--mlflow "$mlflow_url")
if [ "${MERIT_URL:-}" = off ]; then
  echo "# merit: MERIT_URL=off, measuring mlflow only" >&2
elif [ -n "${MERIT_URL:-}" ]; then
  echo "# merit: using the running server at $MERIT_URL" >&2
  bench_args+=(--merit "$MERIT_URL")
elif [ -x ../.build/release/merit ] && [ -x ../.build/release/merit-server ]; then
  merit_port=${MERIT_PORT:-$(free_port)}
  mkdir -p "$tmp/merit"
  if [ -z "${MERIT_TOKEN:-}" ]; then
    # shellcheck disable=SC2086 # split on spaces on purpose
    MERIT_TOKEN=$(${MERIT_KEY//\{DATA\}/$tmp/merit} | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
    export MERIT_TOKEN
  fi
  cmd=${MERIT_SERVE//\{PORT\}/$merit_port}
  cmd=${cmd//\{DATA\}/$tmp/merit}
  echo "# merit: $cmd" >&2
  # shellcheck disable=SC2086 # the command line is split on spaces on purpose
  setsid $cmd > "$tmp/merit.log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:$merit_port" merit "${pids[-1]}" "$tmp/merit.log"
  bench_args+=(--merit "http://127.0.0.1:$merit_port")
else
  echo "# merit: no MERIT_URL and no ../.build/release/merit and merit-server (make release): measuring mlflow only" >&2
fi

python3 mlflow/bench.py "${bench_args[@]}" "$@"

# The same workloads from wrk, a compiled load generator (apt install wrk), which leaves the server more CPU.
if command -v wrk > /dev/null; then
  echo
  python3 mlflow/wrk_bench.py "${bench_args[@]}"
else
  echo "# wrk is not installed (apt-get install wrk): skipping the wrk runs" >&2
fi
