# Merit: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift

.PHONY: demo test build release bench clean

## Run Merit's main job on the embedded default: generate data, evaluate two contributions.
demo:
	@scripts/setup.sh
	$(SWIFT) build -c release --product merit
	.build/release/merit demo --out merit-demo

## Run every test (Swift Testing; some tests drive Python reference implementations).
test:
	@scripts/setup.sh --test
	$(SWIFT) build
	$(SWIFT) test

build:
	@scripts/setup.sh
	$(SWIFT) build

release:
	@scripts/setup.sh
	$(SWIFT) build -c release --product merit

## Ratio benchmarks against baselines measured in the same run (not part of the tests).
bench: release
	Benchmarks/run.sh
	Benchmarks/crypto.sh

clean:
	rm -rf .build merit-demo merit-out Benchmarks/out
