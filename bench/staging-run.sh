#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, after bench/staging-build.sh prepared artifacts/staging-bench/staging-bench.tgz.
# Writes to ${OUT:-out}:
#   staging.md           staged vs CUDA pageable vs pinned, and the host copy rates (x86-64-v2 build: what ships)
#   staging.csv          every transfer sample
#   staging-avx512.md    the host copy rates and three transfer sizes again from the x86-64-v4 build (AVX-512 CPUs only)
#   staging.err          progress
# and prints the tables. BENCH_ARGS adds options to the transfer benchmark (for a dry run elsewhere: --simulated 0).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-out}
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xzf artifacts/staging-bench/staging-bench.tgz
# shellcheck disable=SC2086 # BENCH_ARGS is a list of options
{
    "$work/v2/cvmbench-staging-bench" staging --csv "$out/staging.csv" ${BENCH_ARGS:-} || echo "transfer benchmark failed: exit code $?"
    "$work/v2/cvmbench-staging-bench" hostcopy | grep -v '^## \|^- ' || echo "host copy benchmark failed: exit code $?"
} >"$out/staging.md" 2>"$out/staging.err"
if grep -qw avx512f /proc/cpuinfo; then
    {
        "$work/v4/cvmbench-staging-bench" hostcopy || echo "host copy benchmark failed: exit code $?"
        "$work/v4/cvmbench-staging-bench" staging --sizes 64MiB,256MiB,1GiB ${BENCH_ARGS:-} | grep -v '^## \|^- machine\|^- [0-9]' || echo "transfer benchmark failed: exit code $?"
    } >"$out/staging-avx512.md" 2>>"$out/staging.err"
else
    echo "no AVX-512 on this CPU: the x86-64-v4 build was not run" >"$out/staging-avx512.md"
fi
cat "$out/staging.md"
echo
echo "## The same from the x86-64-v4 build (AVX-512)"
grep -v '^## ' "$out/staging-avx512.md"
