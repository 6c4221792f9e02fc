#!/usr/bin/env bash
# Runs on a GPU machine with several GPUs, from the repository root, after scripts/device-check.sh prepared
# artifacts/gpu. One GPU alone first (the baseline), then every GPU at once, in the same call:
#   topology.txt          nvidia-smi's GPU list and topology, the CPUs and NUMA nodes
#   run-gpu0.txt          cvmbench run --device 0          (the standard suite at 256 MiB, one GPU)
#   run-all.txt           cvmbench run --device all        (the same, every GPU concurrently, one pinned thread each)
#   sweep-gpu0.txt        cvmbench sweep --device 0   (pinned, pageable, staged; 4 MiB to 1 GiB)
#   sweep-all.txt         cvmbench sweep --device all (the same)
#   bwt-MEMORY-gpu0.txt   cvmbench bandwidthtest --device=0   --memory=MEMORY --htod --dtoh (pinned, pageable, staged)
#   bwt-MEMORY-all.txt    cvmbench bandwidthtest --device=all --memory=MEMORY --htod --dtoh
#   runs/*.json           every run stored, exported with its samples
# all packed into multi-gpu.tgz (the device tool brings back at most 8 files), and the tables printed.
# Needs no NCCL: each GPU is driven by its own host thread through the CUDA driver API.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-out}
mkdir -p "$out/runs"
work=$(mktemp -d)
tar -C "$work" -xzf artifacts/gpu/bin.tgz
bin=$work/bin/cvmbench
store=$out/multi-gpu.db

{
    nvidia-smi -L
    nvidia-smi topo -m
    nvidia-smi --query-gpu=index,name,pci.bus_id,pcie.link.gen.max,pcie.link.width.max --format=csv
    lscpu | grep -E '^(CPU\(s\)|Model name|NUMA)'
    "$bin" devices
} >"$out/topology.txt" 2>&1

step() { # name, then the command's arguments
    local name=$1; shift
    local start=$SECONDS
    "$bin" "$@" >"$out/$name.txt" 2>&1
    echo "$name: exit code $?, $((SECONDS - start)) s"
}
step run-gpu0 run --device 0 --store "$store"
step run-all run --device all --store "$store"
step sweep-gpu0 sweep --device 0 --sizes 4MiB..1GiB:x4 --memory pinned,pageable,staged --samples 5 --store "$store"
step sweep-all sweep --device all --sizes 4MiB..1GiB:x4 --memory pinned,pageable,staged --samples 5 --store "$store"
for memory in pinned pageable staged; do
    step "bwt-$memory-gpu0" bandwidthtest --device=0 --memory=$memory --htod --dtoh --store="$store"
    step "bwt-$memory-all" bandwidthtest --device=all --memory=$memory --htod --dtoh --store="$store"
done
"$bin" runs --store "$store" >"$out/runs.txt" 2>&1
for id in $(grep -Eo '^│ [0-9a-f]{8} ' "$out/runs.txt" | tr -d '│ '); do
    "$bin" export "$id" --store "$store" --out "$out/runs/$id.json"
done
# The store is missing when no run could start (no GPU); pack whatever is there.
(cd "$out" && tar -czf multi-gpu.tgz --remove-files ./*.txt runs $(ls multi-gpu.db 2>/dev/null))
tar -xzOf "$out/multi-gpu.tgz" ./topology.txt ./run-gpu0.txt ./run-all.txt
