#!/usr/bin/env python3
"""Pinned H2D and D2H baselines measured beside CvmBench in the same call:
a plain CUDA driver-API copy loop (ctypes, no CvmBench code) and PyTorch's pinned copy_.
Prints one JSON object: {"driver_loop": {...}, "pytorch": {...}} with per-direction sample GB/s (1e9 bytes/s)."""
import ctypes
import json
import statistics
import sys

SIZE = 256 << 20
COPIES = 20
SAMPLES = 10
WARMUP = 4


def driver_loop():
    cuda = ctypes.CDLL("libcuda.so.1")

    def check(result, name):
        if result != 0:
            raise RuntimeError(f"{name} failed with CUresult {result}")

    check(cuda.cuInit(0), "cuInit")
    device = ctypes.c_int()
    check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
    context = ctypes.c_void_p()
    check(cuda.cuDevicePrimaryCtxRetain(ctypes.byref(context), device), "cuDevicePrimaryCtxRetain")
    check(cuda.cuCtxSetCurrent(context), "cuCtxSetCurrent")
    dptr = ctypes.c_uint64()
    check(cuda.cuMemAlloc_v2(ctypes.byref(dptr), ctypes.c_size_t(SIZE)), "cuMemAlloc_v2")
    host = ctypes.c_void_p()
    check(cuda.cuMemHostAlloc(ctypes.byref(host), ctypes.c_size_t(SIZE), 0), "cuMemHostAlloc")
    ctypes.memset(host, 0x5A, SIZE)
    stream = ctypes.c_void_p()
    check(cuda.cuStreamCreate(ctypes.byref(stream), 1), "cuStreamCreate")
    start, end = ctypes.c_void_p(), ctypes.c_void_p()
    check(cuda.cuEventCreate(ctypes.byref(start), 0), "cuEventCreate")
    check(cuda.cuEventCreate(ctypes.byref(end), 0), "cuEventCreate")
    elapsed = cuda.cuEventElapsedTime_v2 if hasattr(cuda, "cuEventElapsedTime_v2") else cuda.cuEventElapsedTime

    results = {}
    for direction in ("h2d", "d2h"):
        def copy():
            if direction == "h2d":
                check(cuda.cuMemcpyHtoDAsync_v2(dptr, host, ctypes.c_size_t(SIZE), stream), "cuMemcpyHtoDAsync_v2")
            else:
                check(cuda.cuMemcpyDtoHAsync_v2(host, dptr, ctypes.c_size_t(SIZE), stream), "cuMemcpyDtoHAsync_v2")

        for _ in range(WARMUP):
            copy()
        check(cuda.cuStreamSynchronize(stream), "cuStreamSynchronize")
        samples = []
        for _ in range(SAMPLES):
            check(cuda.cuEventRecord(start, stream), "cuEventRecord")
            for _ in range(COPIES):
                copy()
            check(cuda.cuEventRecord(end, stream), "cuEventRecord")
            check(cuda.cuEventSynchronize(end), "cuEventSynchronize")
            ms = ctypes.c_float()
            check(elapsed(ctypes.byref(ms), start, end), "cuEventElapsedTime")
            samples.append(SIZE * COPIES / (ms.value / 1e3) / 1e9)
        results[direction] = samples
    cuda.cuMemFreeHost(host)
    cuda.cuMemFree_v2(dptr)
    return results


def pytorch():
    import torch

    host = torch.empty(SIZE, dtype=torch.uint8, pin_memory=True)
    host.fill_(0x5A)
    device = torch.empty(SIZE, dtype=torch.uint8, device="cuda")
    stream = torch.cuda.Stream()
    results = {}
    for direction in ("h2d", "d2h"):
        def copy():
            if direction == "h2d":
                device.copy_(host, non_blocking=True)
            else:
                host.copy_(device, non_blocking=True)

        with torch.cuda.stream(stream):
            for _ in range(WARMUP):
                copy()
            stream.synchronize()
            samples = []
            for _ in range(SAMPLES):
                start = torch.cuda.Event(enable_timing=True)
                end = torch.cuda.Event(enable_timing=True)
                start.record(stream)
                for _ in range(COPIES):
                    copy()
                end.record(stream)
                end.synchronize()
                samples.append(SIZE * COPIES / (start.elapsed_time(end) / 1e3) / 1e9)
        results[direction] = samples
    return results


if __name__ == "__main__":
    out = {"size": SIZE, "copies": COPIES, "samples": SAMPLES, "driver_loop": driver_loop()}
    try:
        out["pytorch"] = pytorch()
    except Exception as error:  # PyTorch is a convenience baseline; its absence must not hide the driver loop
        out["pytorch_error"] = str(error)
    json.dump(out, sys.stdout)
