#!/usr/bin/env bash
# The award rule's calibration at the production setting: 200 simulated contributions with no true
# improvement, 10,000 paired bootstrap resamples each, in a release build (the test suite runs the same
# simulation with 1,000 resamples in a debug build). Prints how many trials were paid (at most 5%).
set -euo pipefail
cd "$(dirname "$0")/.."
MERIT_CALIBRATION_RESAMPLES=10000 swift test -c release --filter zeroTrueImprovementIsRarelyRewarded 2>&1 | grep -E "zero-improvement simulation|passed|failed"
