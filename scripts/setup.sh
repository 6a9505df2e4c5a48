#!/usr/bin/env bash
# Installs what Merit needs on a fresh Debian machine, and nothing that is already there.
#   scripts/setup.sh          system libraries (apt) for building and running Merit
#   scripts/setup.sh --test   also the Python packages the compatibility tests drive (pip)
set -euo pipefail

apt_packages=(libxgboost-dev libsecp256k1-dev libsqlite3-dev pkg-config)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # PostgreSQL for the storage tests (scripts/postgres.sh starts it on 127.0.0.1).
  if [ ! -d /usr/lib/postgresql ]; then
    echo "setup: installing postgresql (apt)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  # scikit-learn: reference metrics. The pinned Ethereum set: eth-account, eth-abi, eth-keys (reference
  # vectors), vyper and eth-tester[py-evm] (the verifier contract in an EVM). mlflow (the MLflow client
  # test), xgboost-cpu (mlflow loading Merit's versions) and lm-eval (the cross-check of task scores).
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if ! python3 -c "import sklearn, Crypto.Hash.keccak, eth_account, eth_abi, eth_keys, vyper, eth_tester, eth, mlflow, xgboost, lm_eval, tenacity" >/dev/null 2>&1; then
    echo "setup: installing the Python test references (pip)"
    python3 -m pip install -q --disable-pip-version-check scikit-learn \
      -r "$here/Tests/MeritEthereumTests/Python/requirements.txt" -r "$here/contracts/requirements.txt" \
      -r "$here/Tests/MeritServerTests/Python/requirements.txt" -r "$here/Tests/MeritWatchTests/Python/requirements.txt"
  fi
fi
