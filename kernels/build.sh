#!/usr/bin/env bash
# Regenerates the PTX that CvmBench.Cuda embeds, from the CUDA C sources beside this script.
# Needs nvcc (the GPU machine has it). compute_70 PTX is JIT-compiled by the driver for any newer GPU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/CvmBench.Cuda/Kernels"
mkdir -p "$out"
for source in "$here"/*.cu; do
    name=$(basename "$source" .cu)
    nvcc -ptx -arch=compute_70 -O3 -o "$out/$name.ptx" "$source"
    echo "wrote $out/$name.ptx"
done
