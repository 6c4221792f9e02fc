#!/usr/bin/env bash
# Prepares, on a machine with the .NET SDK, what bench/staging-small.sh runs on the GPU machine (which has no .NET):
#   artifacts/staging-small/bench.tgz      Native AOT cvmbench-staging-bench: after/ from this checkout, and before/
#                                          from the commit given as the first argument, if any (the same run then
#                                          measures both engines)
#   artifacts/staging-small/tests.tgz      tests/CvmBench.Tests, published framework-dependent (its staging GPU tests)
#   artifacts/staging-small/dotnet.tar.xz  this SDK's .NET runtime, for the tests
#   artifacts/staging-small/staging-small.sh  the script that runs it all there
# Carry artifacts/staging-small along and run `bash artifacts/staging-small/staging-small.sh` there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/staging-small
rm -rf "$out"
mkdir -p "$out/bench"
publish() { dotnet publish "$1/bench/CvmBench.StagingBench" -c Release -r linux-x64 -p:PublishAot=true -o "$2" -nologo -v quiet -warnaserror; }
publish . "$out/bench/after"
if [ $# -ge 1 ]; then
    before=$(mktemp -d)
    git archive "$1" | tar -x -C "$before"
    publish "$before" "$out/bench/before"
    rm -rf "$before"
fi
rm -f "$out"/bench/*/*.dbg "$out"/bench/*/*.pdb "$out"/bench/*/*.xml
tar -C "$out/bench" -czf "$out/bench.tgz" . && rm -rf "$out/bench"
dotnet publish tests/CvmBench.Tests/CvmBench.Tests.csproj -c Release -r linux-x64 --self-contained false -o "$out/tests/CvmBench.Tests" -nologo -v quiet
(cd "$out/tests/CvmBench.Tests" && rm -rf CodeCoverage x86 x64 arm64 alpine ubuntu macos Microsoft.CodeCoverage.* Mono.Cecil* Microsoft.ApplicationInsights.dll)
tar -C "$out" -czf "$out/tests.tgz" tests && rm -rf "$out/tests"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)
tar -C "$dotnet_root" -cJf "$out/dotnet.tar.xz" ./dotnet ./host "./shared/Microsoft.NETCore.App/$runtime"
cp bench/staging-small.sh "$out/"
du -sh "$out"/* | sort -h
