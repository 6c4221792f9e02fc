#!/usr/bin/env bash
# Publishes the benchmark on a machine with the .NET SDK, for the GPU machine (which has no .NET):
#   artifacts/staging-bench/staging-bench.tgz  two Native AOT builds of cvmbench-staging-bench:
#     v2/  the shipped instruction-set baseline (x86-64-v2: SSE2 non-temporal stores)
#     v4/  x86-64-v4 (AVX-512), to measure what the wider stores would add; it refuses to start on CPUs without AVX-512
# Then run bench/staging-run.sh on the GPU machine with artifacts/staging-bench carried along.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/staging-bench
rm -rf "$out"
mkdir -p "$out"
dotnet publish bench/CvmBench.StagingBench -c Release -r linux-x64 -p:PublishAot=true -o "$out/v2" -nologo -v quiet -warnaserror
dotnet publish bench/CvmBench.StagingBench -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=x86-64-v4 -o "$out/v4" -nologo -v quiet -warnaserror
rm -f "$out"/v*/*.dbg "$out"/v*/*.pdb "$out"/v*/*.xml
tar -C "$out" -czf "$out/staging-bench.tgz" v2 v4 && rm -rf "$out/v2" "$out/v4"
du -sh "$out/staging-bench.tgz"
