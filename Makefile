# Merit: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift

.PHONY: demo test build release bench clean test-real-server

## Run Merit's main job on the embedded default: generate data, evaluate two contributions.
demo:
	@scripts/setup.sh
	$(SWIFT) build -c release --product merit
	.build/release/merit demo --out merit-demo

## Run every test (Swift Testing; some tests drive Python reference implementations and the mlflow
## client). Storage tests run on SQLite and on a local PostgreSQL that this target starts and stops.
test:
	@scripts/setup.sh --test
	$(SWIFT) build
	@mkdir -p .build && scripts/postgres.sh start > .build/postgres-url
	@grep -qx 'postgres://[^ ]*' .build/postgres-url || { echo "make test: scripts/postgres.sh printed no PostgreSQL URL (see .build/postgres-url)" >&2; exit 1; }
	@MERIT_TEST_POSTGRES_URL=$$(cat .build/postgres-url) $(SWIFT) test; rc=$$?; scripts/postgres.sh stop; exit $$rc

build:
	@scripts/setup.sh
	$(SWIFT) build

## Both executables: `merit`, and `merit-server`, which `merit serve` and `merit worker` run.
release:
	@scripts/setup.sh
	$(SWIFT) build -c release --product merit
	$(SWIFT) build -c release --product merit-server

## Ratio benchmarks against baselines measured in the same run (not part of the tests).
bench: release
	Benchmarks/run.sh
	Benchmarks/crypto.sh
	Benchmarks/watch.sh

## Optional, not part of `make test`: Merit's watcher and lm-eval against a real OpenAI-compatible server
## (llama-cpp-python 0.3.36 serving a tiny random llama model made at run time; only packages are
## downloaded). Fails when their scores differ. The first run compiles llama.cpp into .build/real-server/venv,
## and the script runs `make release` if .build/release/merit is missing.
test-real-server:
	scripts/real-server/run.sh

clean:
	rm -rf .build merit-demo merit-out Benchmarks/out
