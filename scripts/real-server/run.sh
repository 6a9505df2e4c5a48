#!/usr/bin/env bash
# Runs Merit's endpoint watcher and lm-evaluation-harness against a real OpenAI-compatible server that
# nobody here wrote: llama-cpp-python's `llama_cpp.server`, serving a tiny random llama model generated
# at run time (no weights are downloaded). Compares their scores document by document and exits 1 if
# they differ. `make test-real-server`; not part of `make test`.
#
#   scripts/real-server/run.sh [TASK.yaml ...]      default: the shipped tasks and the Unicode test task
#
# Environment: MERIT_REAL_SERVER_VENV (default .build/real-server/venv; the first run compiles
# llama.cpp into it), INTERRUPT_REQUESTS (the server's setting, default true as in llama-cpp-python),
# NO_BOS=1 serves a model without a beginning-of-sequence token (the server then echoes logprobs shifted
# by one token: Merit's log-likelihood self-check must fail and keep the multiple-choice scores out of
# the ranking), KEEP=1 keeps the work folder (server log, lm-eval and watcher output).
# Exit status: 0 when Merit's scores equal lm-eval's, 1 when they differ, 2 when a step could not run.
set -euo pipefail

LLAMA_CPP_PYTHON=0.3.36 GGUF=0.19.0 TRANSFORMERS=4.57.6   # lm-eval's pin is the tests' requirements file

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${MERIT_REAL_SERVER_VENV:-$root/.build/real-server/venv}"
py="$venv/bin/python"
merit="$root/.build/release/merit"
if [ $# -gt 0 ]; then tasks=("$@"); else
  tasks=("$root/tasks/merit_capitals/merit_capitals.yaml" "$root/tasks/merit_facts/merit_facts.yaml"
         "$root/tasks/merit_arithmetic/merit_arithmetic.yaml"
         "$root/Tests/MeritWatchTests/Fixtures/merit_unicode/merit_unicode.yaml")
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/merit-real-server.XXXXXX")"
server_pid=""
timings=()

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "${KEEP:-}" ]; then echo "real-server: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # so that an interrupted run stops the server too

# record NAME START: notes the time since START ($EPOCHREALTIME) under NAME.
record() {
  timings+=("$(awk -v a="$2" -v b="$EPOCHREALTIME" -v n="$1" 'BEGIN { printf "  %-34s %7.1f s", n, b - a }')")
}

# phase NAME COMMAND...: runs the command (a failure ends the script, as set -e says) and records its time.
phase() {
  local name="$1" start="$EPOCHREALTIME"
  shift
  "$@"
  record "$name" "$start"
}

install_python_packages() {
  [ -x "$py" ] || python3 -m venv "$venv"
  if "$py" -c "import llama_cpp, gguf, lm_eval, transformers, sys; sys.exit(llama_cpp.__version__ != '$LLAMA_CPP_PYTHON')" 2>/dev/null; then
    return
  fi
  echo "real-server: installing llama-cpp-python $LLAMA_CPP_PYTHON (compiles llama.cpp for this CPU), gguf, lm-eval, transformers into $venv"
  # CPU only (no GPU back end is found here anyway); the multimodal library is not needed.
  CMAKE_ARGS="-DLLAVA_BUILD=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 MAKEFLAGS=-j2 \
    "$venv/bin/pip" install -q --disable-pip-version-check "llama-cpp-python[server]==$LLAMA_CPP_PYTHON" \
      "gguf==$GGUF" "transformers==$TRANSFORMERS" numpy -r "$root/Tests/MeritWatchTests/Python/requirements.txt" \
    || { echo "real-server: pip could not install the packages above" >&2; exit 2; }
}

make_model() {
  "$py" "$here/make_tiny_gguf.py" ${NO_BOS:+--no-bos} "$work/tiny.gguf" || exit 2
  "$py" "$here/hf_tokenizer_from_gguf.py" "$work/tiny.gguf" "$work/hf-tokenizer" 2> "$work/tokenizer.log" \
    || { cat "$work/tokenizer.log" >&2; exit 2; }
}

start_server() {
  port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  base="http://127.0.0.1:$port/v1"
  "$py" -m llama_cpp.server --model "$work/tiny.gguf" --model_alias tiny --host 127.0.0.1 --port "$port" \
    --logits_all true --n_ctx 2048 --interrupt_requests "${INTERRUPT_REQUESTS:-true}" \
    > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if curl -sf "$base/models" > /dev/null; then return; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "real-server: llama_cpp.server did not answer $base/models; its log:" >&2
  tail -30 "$work/server.log" >&2
  exit 2
}

run_lm_eval() {
  "$py" "$root/Tests/MeritWatchTests/Python/lm_eval_check.py" "$base" tiny "${tasks[@]}" --tokenizer "$work/hf-tokenizer" --concurrency 4 \
    > "$work/lm-eval.out" 2> "$work/lm-eval.log" || { tail -30 "$work/lm-eval.log" >&2; exit 2; }
  grep '^{"lm_eval_version"' "$work/lm-eval.out" | tail -1 > "$work/lm-eval.json" \
    || { echo "real-server: lm_eval_check.py printed no JSON (see $work/lm-eval.log; KEEP=1 keeps it)" >&2; exit 2; }
}

run_watcher() {
  local data="$work/merit-data" task_args=()
  for t in "${tasks[@]}"; do task_args+=(--task "$t"); done
  # The watcher signs its rounds; this is the well-known test key of Merit's tests, not a secret.
  echo 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 > "$work/watcher.key"
  # The same server twice, once as the reference, so that the identity check has something to compare.
  "$merit" watch add --data "$data" --id tiny-ref --operator real-server --url "$base" --model tiny --reference --concurrency 4 > /dev/null
  "$merit" watch add --data "$data" --id tiny --operator real-server --url "$base" --model tiny --concurrency 4 > /dev/null
  "$merit" watch run --data "$data" --once --json --quiet --private-key-file "$work/watcher.key" "${task_args[@]}" \
    > "$work/watch.json" 2> "$work/watch.log" || { cat "$work/watch.log" >&2; exit 2; }
}

phase "Python packages (venv, pip)" install_python_packages
if [ ! -x "$merit" ]; then phase "merit release build" make -C "$root" release; fi  # make exits 2 on failure
phase "tiny model and tokenizer" make_model
phase "server start" start_server
echo "real-server: llama-cpp-python $LLAMA_CPP_PYTHON at $base (pid $server_pid)"
phase "lm-eval (local-completions)" run_lm_eval
phase "merit watch run (2 endpoints)" run_watcher
status=0 start="$EPOCHREALTIME"
"$py" "$here/compare.py" "$work/lm-eval.json" "$work/merit-data" "$work/watch.json" "$base" "$work/hf-tokenizer" || status=$?
record "comparison" "$start"
echo "server's answers to /v1/completions by HTTP status:" \
  "$(grep -o '"POST /v1/completions HTTP/1.1" [0-9]*' "$work/server.log" | awk '{ n[$NF]++ } END { for (s in n) printf "%s x%d ", s, n[s] }')"
echo "timings:"
printf '%s\n' "${timings[@]}"
exit "$status"
