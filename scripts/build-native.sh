#!/usr/bin/env bash
# Builds libcvmbench.so (Native AOT; include/cvmbench.h is its interface) into artifacts/native and puts a copy
# beside the Python package (python/cvmbench/), where `import cvmbench` finds it. Prints the library's path.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/CvmBench.Native -c Release -r linux-x64 -o artifacts/native -nologo -v quiet -warnaserror >&2
rm -f artifacts/native/*.dbg
cp artifacts/native/libcvmbench.so python/cvmbench/libcvmbench.so
echo "$PWD/artifacts/native/libcvmbench.so"
