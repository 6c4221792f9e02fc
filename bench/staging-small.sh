#!/usr/bin/env bash
# Runs on the GPU machine from the root of a checkout that carries artifacts/staging-small (bench/staging-small-build.sh
# prepared it). Writes ${OUT:-out}/staging-small.tgz (brought up to date after every step, so a run cut short still
# returns what it measured), one file per engine and step (before-*.md where the build had a before/):
#   small-f15, small-f8   transfers of 1, 4 and 16 MiB one at a time, with the staged timelines, on fixed options (15
#                         and 8 host threads, chunk 4 MiB, pool 16, no tuner), so engines compare on equal terms
#   pieces-f15            128 pieces of 256 KiB against per-piece copies, cuMemcpyBatchAsync and one pinned copy, fixed
#   small, pieces         the present engine tuned, with idle CPU with the pipeline open
#   budget                the tuner under budgets of 2, 4 and 8 threads, per copying thread
#   staging               the standard comparison from 1 MiB to 256 MiB (pinned, pageable, staged)
#   gpu-tests.log         the staging tests (CvmBench.Tests.Staging: the contract and the thread budget against real
#                         device memory, and the rest on the simulated device)
# and prints the tables and the tests' summary. About two minutes on the H100 VM.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
out=$work/results
mkdir -p "$out" "${OUT:-out}"
save() { tar -C "$out" -czf "${OUT:-out}/staging-small.tgz" .; }
tar -C "$work" -xzf "$here/bench.tgz"
{
    date -u '+%Y-%m-%d %H:%M UTC'
    nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current --format=csv,noheader
    echo "host: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
} | tee "$out/machine.txt"
engines=after
[ -d "$work/before" ] && engines="before after"
step() { # name engine verb seconds [options...]
    local name=$1 engine=$2 verb=$3 seconds=$4
    shift 4
    echo "== $name" >>"$out/progress.err"
    timeout "$seconds" "$work/$engine/cvmbench-staging-bench" "$verb" "$@" >"$out/$name.md" 2>>"$out/progress.err" \
        || echo "$name: exit code $?" | tee -a "$out/$name.md"
    save
}
for engine in $engines; do step "$engine-small-f15" "$engine" small 60 --fixed-threads 15; done
for engine in $engines; do step "$engine-small-f8" "$engine" small 60 --fixed-threads 8; done
for engine in $engines; do step "$engine-pieces-f15" "$engine" pieces 60 --fixed-threads 15; done
step after-small after small 60
step after-pieces after pieces 60
step after-budget after budget 60
step after-staging after staging 60 --sizes 1MiB,4MiB,16MiB,64MiB,256MiB --samples 3
if [ -f "$here/tests.tgz" ]; then
    tar -C "$work" -xzf "$here/tests.tgz"
    mkdir -p "$work/dotnet" && tar -C "$work/dotnet" -xJf "$here/dotnet.tar.xz"
    DOTNET_ROOT=$work/dotnet timeout 150 "$work/dotnet/dotnet" "$work/tests/CvmBench.Tests/CvmBench.Tests.dll" -noColor \
        -namespace CvmBench.Tests.Staging >"$out/gpu-tests.log" 2>&1
    grep -E 'Total: [0-9]+' "$out/gpu-tests.log" | tail -1
    grep -E '\[FAIL\]' "$out/gpu-tests.log" | head -20
    save
fi
for f in "$out"/*-small*.md "$out"/*-pieces*.md "$out"/*-budget.md; do
    echo "#### $(basename "$f")"
    grep -v '^## \|^- machine\|^- [0-9]\|^- code\|^- anonymous\|^  - why' "$f"
done
