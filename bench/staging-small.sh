#!/usr/bin/env bash
# Runs on the GPU machine from the root of a checkout that carries artifacts/staging-small (bench/staging-small-build.sh
# prepared it). Writes ${OUT:-out}/staging-small.tgz, one file per engine and verb (before-*.md where the build had a
# before/):
#   small   transfers of 1, 4 and 16 MiB one at a time, with the staged timelines, and idle CPU with the pipeline open
#   budget  the tuner under budgets of 2, 4 and 8 threads, per copying thread
#   pieces  128 pieces of 256 KiB against per-piece copies, cuMemcpyBatchAsync and one pinned copy
#   staging the standard comparison from 1 MiB to 256 MiB (pinned, pageable, staged)
#   gpu-tests.log  the staging tests against real device memory
# and prints the tables and the tests' summary.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
# Everything is written here and comes back as one archive: the device tool returns few files.
out=$work/results
mkdir -p "$out" "${OUT:-out}"
tar -C "$work" -xzf "$here/bench.tgz"
{
    date -u '+%Y-%m-%d %H:%M UTC'
    nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current --format=csv,noheader
    echo "host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
} | tee "$out/machine.txt"
engines=after
[ -d "$work/before" ] && engines="before after"
for verb in small budget pieces; do
    for engine in $engines; do
        echo "== $engine: $verb" >&2
        timeout 120 "$work/$engine/cvmbench-staging-bench" "$verb" >"$out/$engine-$verb.md" 2>>"$out/progress.err" || echo "$engine $verb: exit code $?" | tee -a "$out/$engine-$verb.md"
    done
done
# Fewer threads for small transfers: the same with a budget of 4.
timeout 60 "$work/after/cvmbench-staging-bench" small --budget 4 >"$out/after-small-budget4.md" 2>>"$out/progress.err" || echo "small --budget 4: exit code $?" | tee -a "$out/after-small-budget4.md"
for engine in $engines; do
    timeout 100 "$work/$engine/cvmbench-staging-bench" staging --sizes 1MiB,4MiB,16MiB,64MiB,256MiB --samples 5 >"$out/$engine-staging.md" 2>>"$out/progress.err" || echo "$engine staging: exit code $?" | tee -a "$out/$engine-staging.md"
done
if [ -f "$here/tests.tgz" ]; then
    tar -C "$work" -xzf "$here/tests.tgz"
    mkdir -p "$work/dotnet" && tar -C "$work/dotnet" -xJf "$here/dotnet.tar.xz"
    DOTNET_ROOT=$work/dotnet timeout 150 "$work/dotnet/dotnet" "$work/tests/CvmBench.Tests/CvmBench.Tests.dll" -noColor \
        -namespace CvmBench.Tests.Staging >"$out/gpu-tests.log" 2>&1
    grep -E 'Total: [0-9]+' "$out/gpu-tests.log" | tail -1
    grep -E '\[FAIL\]' "$out/gpu-tests.log" | head -20
fi
for f in "$out"/*-small.md "$out"/*-budget.md "$out"/*-pieces.md; do echo "#### $f"; grep -v '^## \|^- machine\|^- [0-9]\|^- code\|^- anonymous' "$f"; done
tar -C "$out" -czf "${OUT:-out}/staging-small.tgz" .
