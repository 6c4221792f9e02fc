#!/usr/bin/env bash
# On the GPU machine, after scripts/device-check.sh: CvmBench's pinned 256 MiB medians beside a plain driver-API
# loop and PyTorch, in one call; then the standard suite's wall time. Usage: bench/pinned-vs-peers.sh CVMBENCH OUTDIR
set -euo pipefail
bin=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/peers_pinned.py" > "$out/peers.json"
"$bin" sweep --sizes 256MiB --memory pinned --direction h2d,d2h --samples 10 --json > "$out/cvmbench-pinned.json"
python3 "$here/peers_pinned.py" > "$out/peers-after.json"
python3 "$here/compare_pinned.py" "$out/cvmbench-pinned.json" "$out/peers.json" | tee "$out/pinned-vs-peers.txt"
echo "(peers measured again after cvmbench:)" | tee -a "$out/pinned-vs-peers.txt"
python3 "$here/compare_pinned.py" "$out/cvmbench-pinned.json" "$out/peers-after.json" | tail -n +3 | tee -a "$out/pinned-vs-peers.txt"
start=$(date +%s%N)
"$bin" run > "$out/run.txt" 2> "$out/run.err"
echo "cvmbench run (standard suite, 256 MiB, 10 samples): $(( ($(date +%s%N) - start) / 1000000 )) ms wall" | tee -a "$out/pinned-vs-peers.txt"
