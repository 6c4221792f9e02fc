#!/usr/bin/env python3
"""Side-by-side table: CvmBench's pinned medians (a sweep run's JSON) against the peers (peers_pinned.py's JSON)."""
import json
import statistics
import sys

ours = json.load(open(sys.argv[1]))
peers = json.load(open(sys.argv[2]))


def cv(values):
    return statistics.stdev(values) / statistics.mean(values) if len(values) > 1 else 0.0


print(f"pinned copies of {peers['size'] >> 20} MiB, GB/s = 1e9 bytes/s, median of samples (CV)")
print(f"{'tool':<34}{'H2D':>16}{'D2H':>16}")
rows = {}
for result in ours["results"]:
    test = result["test"]
    if test["memory"] == "Pinned" and test["method"] == "CopyEngine" and not test.get("bidirectional"):
        key = "h2d" if test["direction"] == "HostToDevice" else "d2h"
        rows[key] = (result["bandwidth"]["median"], result["bandwidth"]["standardDeviation"] / result["bandwidth"]["mean"])
print(f"{'cvmbench (held stream, verified)':<34}" + "".join(f"{rows[d][0]:>9.2f} ({rows[d][1] * 100:.1f}%)" for d in ("h2d", "d2h")))
for name in ("driver_loop", "pytorch"):
    if name in peers:
        medians = {d: statistics.median(peers[name][d]) for d in ("h2d", "d2h")}
        print(f"{name.replace('_', '-') + ' (events around copies)':<34}" + "".join(f"{medians[d]:>9.2f} ({cv(peers[name][d]) * 100:.1f}%)" for d in ("h2d", "d2h")))
        print(f"{'  cvmbench / ' + name.replace('_', '-'):<34}" + "".join(f"{rows[d][0] / medians[d]:>16.3f}" for d in ("h2d", "d2h")))
if "pytorch_error" in peers:
    print(f"pytorch: {peers['pytorch_error']}")
