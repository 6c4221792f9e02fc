#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, after scripts/device-check.sh prepared artifacts/gpu.
# Writes logs to ${OUT:-out}; prints the GPU test totals last. TESTS_FILTER passes xunit filter options to every test
# executable, to run part of the tests: TESTS_FILTER="-namespace CvmBench.Tests.Emulation".
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-out}
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xzf artifacts/gpu/bin.tgz
tar -C "$work" -xzf artifacts/gpu/tests.tgz
mkdir -p "$work/dotnet" && tar -C "$work/dotnet" -xJf artifacts/gpu/dotnet.tar.xz
export DOTNET_ROOT=$work/dotnet
bin=$work/bin/cvmbench

{
    nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current --format=csv
    "$bin" devices
    "$bin" probe
} >"$out/devices.txt" 2>&1
"$bin" probe --json >"$out/probe.json" 2>"$out/probe.err"

passed=0; failed=0; skipped=0
for dir in "$work"/tests/*/; do
    name=$(basename "$dir")
    # shellcheck disable=SC2086 # TESTS_FILTER is a list of options
    "$DOTNET_ROOT/dotnet" "$dir/$name.dll" -noColor ${TESTS_FILTER:-} >"$out/$name.log" 2>&1
    if grep -Eq '^ *[A-Za-z.]+ +Total: 0$' "$out/$name.log"; then
        echo "$name: no test matched the filter"
        continue
    fi
    summary=$(grep -E '^ *=== TEST EXECUTION SUMMARY ===' -A 3 "$out/$name.log" | grep -Eo 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' | tail -1)
    echo "$name: $summary"
    t=$(echo "$summary" | sed -n 's/Total: \([0-9]*\).*/\1/p')
    e=$(echo "$summary" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
    f=$(echo "$summary" | sed -n 's/.*Failed: \([0-9]*\).*/\1/p')
    s=$(echo "$summary" | sed -n 's/.*Skipped: \([0-9]*\).*/\1/p')
    if [ -z "$t" ]; then failed=$((failed + 1)); echo "  (no summary; see $name.log)"; continue; fi
    passed=$((passed + t - e - f - s)); failed=$((failed + e + f)); skipped=$((skipped + s))
done
# The Python package's tests on GPU 0, with PyTorch's CUDA tensors.
if CVMBENCH_PYTHON_RESULTS="$work/python.txt" bash scripts/gpu-python.sh test >"$out/python-tests.log" 2>&1 || [ -f "$work/python.txt" ]; then
    read -r p f s < "$work/python.txt"
    echo "python: $p passed, $f failed, $s skipped"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
else
    echo "python: no results (see python-tests.log)"; failed=$((failed + 1))
fi
echo "GPU tests: $passed passed, $failed failed, $skipped skipped"
