#!/usr/bin/env bash
# Regenerates the PTX that CvmBench.Cuda embeds, from the CUDA C sources beside this script.
# Needs nvcc (the GPU machine has it). compute_75 PTX (the oldest target CUDA 13 builds) is JIT-compiled by the driver for any newer GPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/CvmBench.Cuda/Kernels"
if [ "${1:-}" = check ]; then
    # kernels/build.sh check: the sealed kernels' device functions on the CPU (g++, no GPU or nvcc) against the NIST
    # vectors the GPU tests use, and the kernels' split of segments into pieces against plain GCM.
    g++ -O2 -std=c++17 -Wall -Wextra -o "${TMPDIR:-/tmp}/sealed_check" "$here/check/sealed_check.cpp"
    exec "${TMPDIR:-/tmp}/sealed_check" "$here/../tests/CvmBench.Cuda.Tests/Fixtures/Sealed"
fi
mkdir -p "$out"
for source in "$here"/*.cu; do
    name=$(basename "$source" .cu)
    # NVCC_FLAGS passes extra options, e.g. NVCC_FLAGS="-ccbin clang-14" where the default gcc is too new for nvcc.
    nvcc ${NVCC_FLAGS:-} -ptx -arch=compute_75 -O3 -o "$out/$name.ptx" "$source"
    echo "wrote $out/$name.ptx"
done
