#!/usr/bin/env bash
# Every test: the .NET tests (`dotnet test CvmBench.slnx`, given this script's arguments), then libcvmbench.so built
# and the Python package's tests run on its simulated device (python/run_tests.py: NumPy and PyTorch tests skip, with
# the reason, where those are not installed). Exits non-zero when either part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
dotnet test CvmBench.slnx "$@"
status=$?
if bash scripts/build-native.sh >/dev/null; then
    python3 python/run_tests.py 2>&1 || status=1
else
    echo "libcvmbench.so did not build, so no Python test ran"
    status=1
fi
exit "$status"
