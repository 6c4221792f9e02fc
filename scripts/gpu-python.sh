#!/usr/bin/env bash
# Runs on the GPU machine (no .NET needed), from the repository root, after scripts/device-check.sh packed
# artifacts/gpu/python.tgz (the Python package with libcvmbench.so inside):
#   bash scripts/gpu-python.sh test            the package's tests on GPU ${CVMBENCH_TEST_DEVICE:-0}, with CUDA tensors
#   bash scripts/gpu-python.sh bench [ARGS]    bench/python-bench.py (ARGS: --samples, --tensors, --json PATH, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf artifacts/gpu/python.tgz
export PYTHONPATH="$work/python${PYTHONPATH:+:$PYTHONPATH}"
case "${1:-test}" in
    test) CVMBENCH_TEST_DEVICE=${CVMBENCH_TEST_DEVICE:-0} python3 "$work/python/run_tests.py" ;;
    bench) shift; python3 bench/python-bench.py "$@" ;;
    *) echo "usage: bash scripts/gpu-python.sh test | bench [ARGS]" >&2; exit 2 ;;
esac
