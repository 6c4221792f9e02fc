#!/usr/bin/env bash
# Prepares, on a machine with the .NET SDK, everything the GPU machine needs (it has no .NET):
#   artifacts/gpu/bin.tgz    the Native AOT cvmbench executable and its native libraries
#   artifacts/gpu/tests.tgz  the test projects that hold GPU tests, published for linux-x64 (framework-dependent)
#   artifacts/gpu/dotnet.tar.xz this SDK's .NET runtime, for the tests
#   artifacts/gpu/python.tgz the Python package with libcvmbench.so inside (scripts/gpu-python.sh runs its tests and
#                            bench/python-bench.py)
# All compressed: the device tool carries at most 64 MiB.
# Then run scripts/gpu-suite.sh on the GPU machine with artifacts/gpu carried along.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/gpu
rm -rf "$out"
mkdir -p "$out/tests"

dotnet publish src/CvmBench.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out/bin" -nologo -v quiet -warnaserror
# The CLI's tests need no GPU (the native executable is exercised there directly).
for project in tests/CvmBench.Cuda.Tests/*.csproj tests/CvmBench.Tests/*.csproj; do
    name=$(basename "$project" .csproj)
    dotnet publish "$project" -c Release -r linux-x64 --self-contained false -o "$out/tests/$name" -nologo -v quiet
    # The xunit v3 test executable runs on its own: the VSTest adapter's coverage tooling only adds weight.
    (cd "$out/tests/$name" && rm -rf CodeCoverage x86 x64 arm64 alpine ubuntu macos Microsoft.CodeCoverage.* Mono.Cecil* Microsoft.ApplicationInsights.dll)
done
rm -f "$out/bin/"*.dbg "$out/bin/"*.xml
tar -C "$out" -czf "$out/bin.tgz" bin && rm -rf "$out/bin"
tar -C "$out" -czf "$out/tests.tgz" tests && rm -rf "$out/tests"
bash scripts/build-native.sh >/dev/null
tar -czf "$out/python.tgz" --exclude=__pycache__ python

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)
tar -C "$dotnet_root" -cJf "$out/dotnet.tar.xz" ./dotnet ./host "./shared/Microsoft.NETCore.App/$runtime"
du -sh "$out"/* | sort -h
