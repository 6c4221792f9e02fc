#!/usr/bin/env python3
"""PyTorch tensors to the GPU four ways, on one GPU in one call: tensor.cuda(), tensor.pin_memory().cuda(non_blocking=
True) (the pinning counted), the cvmbench package, and the package sealed (where the build has sealed transfers).
Cases: one 1 GiB pageable tensor, and a state dict of 200 tensors of 1 to 64 MiB (seeded sizes). Every method moves
into fresh CUDA tensors each sample, as .cuda() does; after warm-up, the median of the samples with their range, the
host cores the process kept busy meanwhile (CPU time over wall time), and every sample's values compared on the GPU
with the originals. Run on the GPU machine with `bash scripts/gpu-python.sh bench` (scripts/device-check.sh packs it)."""
import argparse
import json
import os
import random
import statistics
import time

import torch

import cvmbench

GIB = 1 << 30
MIB = 1 << 20


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", type=int, default=0)
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--tensors", type=int, default=200, help="tensors in the state dict")
    parser.add_argument("--json", help="also write the results here")
    return parser.parse_args()


def make_cases(device, tensors):
    """Originals made on the GPU (fast), copied to pageable host memory: the GPU copies are the reference."""
    generator = torch.Generator(device=device).manual_seed(19)
    rng = random.Random(19)
    one = torch.randint(-2**31, 2**31 - 1, (GIB // 4,), dtype=torch.int32, device=device, generator=generator)
    state = {f"layer{i}.weight": torch.randint(-2**31, 2**31 - 1, (rng.randint(MIB, 64 * MIB) // 4,), dtype=torch.int32,
                                               device=device, generator=generator) for i in range(tensors)}
    return [("1 GiB tensor", one.cpu(), one), (f"state dict, {tensors} tensors", {k: v.cpu() for k, v in state.items()}, state)]


def nbytes(value):
    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values())
    return value.numel() * value.element_size()


def each(value, move):
    return {k: move(v) for k, v in value.items()} if isinstance(value, dict) else move(value)


def same(result, reference):
    if isinstance(reference, dict):
        return result.keys() == reference.keys() and all(torch.equal(result[k], reference[k]) for k in reference)
    return torch.equal(result, reference)


def measure(move, host, reference, samples, warmup):
    seconds, cores, verified = [], [], True
    for sample in range(warmup + samples):
        torch.cuda.synchronize()
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        result = move(host)
        torch.cuda.synchronize()
        wall = time.perf_counter() - wall_before
        cpu = time.process_time() - cpu_before
        verified &= same(result, reference)
        del result
        if sample >= warmup:
            seconds.append(wall)
            cores.append(cpu / wall)
    return seconds, cores, verified


def main():
    args = parse()
    device = f"cuda:{args.device}"
    torch.cuda.init()
    print(f"{torch.cuda.get_device_name(args.device)}, PyTorch {torch.__version__}, {os.cpu_count()} host CPUs "
          f"({len(os.sched_getaffinity(0))} usable), cvmbench from {cvmbench.library_path()}")
    cases = make_cases(device, args.tensors)

    started = time.perf_counter()
    pipeline = cvmbench.StagingPipeline(args.device)
    print(f"package pipeline tuned in {time.perf_counter() - started:.1f} s: {pipeline.info}")
    methods = [
        ("tensor.cuda()", lambda h: each(h, lambda t: t.cuda(args.device))),
        ("pin_memory().cuda(non_blocking)", lambda h: each(h, lambda t: t.pin_memory().cuda(args.device, non_blocking=True))),
        ("cvmbench", pipeline.to_cuda),
    ]
    sealed_note = None
    try:
        sealed = cvmbench.StagingPipeline(args.device, sealed=True)
        methods.append(("cvmbench sealed", sealed.to_cuda))
    except cvmbench.CvmBenchError as e:
        sealed_note = f"cvmbench sealed: {e}"

    rows = []
    for case, host, reference in cases:
        size = nbytes(host)
        for name, move in methods:
            seconds, cores, verified = measure(move, host, reference, args.samples, args.warmup)
            rates = sorted(size / s / 1e9 for s in seconds)
            rows.append({"case": case, "bytes": size, "method": name, "median_gbps": statistics.median(rates),
                         "min_gbps": rates[0], "max_gbps": rates[-1], "median_seconds": statistics.median(seconds),
                         "cores": statistics.median(cores), "verified": verified, "samples": len(seconds)})

    print(f"\nGB/s = 1e9 bytes/s; median of {args.samples} samples after {args.warmup} warm-up, with the range; "
          "cores = process CPU time / wall time; x = median over tensor.cuda()'s")
    print(f"{'case':<26}{'method':<34}{'GB/s':>8}{'range':>16}{'x':>7}{'cores':>7}  values")
    for row in rows:
        base = next(r for r in rows if r["case"] == row["case"] and r["method"] == "tensor.cuda()")
        print(f"{row['case']:<26}{row['method']:<34}{row['median_gbps']:>8.2f}"
              f"{row['min_gbps']:>8.2f}-{row['max_gbps']:<7.2f}{row['median_gbps'] / base['median_gbps']:>7.2f}"
              f"{row['cores']:>7.1f}  {'verified' if row['verified'] else 'WRONG'}")
    if sealed_note:
        print(sealed_note)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"device": torch.cuda.get_device_name(args.device), "torch": torch.__version__,
                       "pipeline": str(pipeline.info), "sealed": sealed_note, "rows": rows}, out, indent=1)
    pipeline.close()
    return 0 if all(row["verified"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
