#!/usr/bin/env python3
"""Seal and open rates of the sealed-transfer kernels on device memory (GB/s = 1e9 bytes of plaintext per second).

Loads src/CvmBench.Cuda/Kernels/sealed_kernels.ptx with CuPy and queues the kernels exactly as SealedKernels does
(sealed_prepare + sealed_gcm to seal; sealed_prepare + sealed_gcm + sealed_verify to open), timed with CUDA events,
median of the timed repetitions after a warm-up. Every measured size is also round-tripped (seal, open, compare,
status zero), so a rate is never reported for a wrong result.

    python3 bench/sealed_kernels.py [--bytes 1073741824] [--segments 4096,65536,2097152] [--blocks-per-sm 2]
"""
import argparse
import hashlib
import hmac
import json
import os
import statistics

import cupy as cp
import numpy as np

DIR_BYTES = 256 + 257 * 256 + 24 * 256 + 256 * 16
KEY_STATE_BYTES = 256 + 2 * DIR_BYTES
H2D, D2H = 256, 256 + DIR_BYTES


def sealed_bytes(plain, segment):
    return ((plain + 15) & ~15) + -(-plain // segment) * 32


def pieces(plain, segment):
    blocks = -(-segment // 16)
    shift = 0
    while shift < 4 and (256 << shift) < blocks:
        shift += 1
    piece = 256 << shift
    segments = -(-plain // segment)
    last = plain - (segments - 1) * segment
    return (segments - 1) * -(-blocks // piece) + -(-(-(-last // 16)) // piece)


def read_vectors(path):
    cases = []
    for line in open(path):
        line = line.strip()
        if not line or line[0] in "#[" or " =" not in line:
            continue
        name, value = line.split(" =", 1)
        if name in ("Count", "COUNT"):
            cases.append({})
        else:
            cases[-1][name] = bytes.fromhex(value.strip())
    return cases


def hkdf32(z, info):
    prk = hmac.new(bytes(32), z, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def check_vectors(fixtures, funcs):
    """The NIST vectors through the same launches as SealedKernels (what the C# GPU tests check, for a PTX that the
    test assembly does not embed yet). Returns the number of failures."""
    agree, expand, prepare, gcm = funcs
    u64, u32 = np.uint64, np.uint32
    failures = 0
    for v in read_vectors(os.path.join(fixtures, "gcm-aes256.rsp")):
        keys = cp.zeros(KEY_STATE_BYTES, dtype=cp.uint8)
        expand((2,), (256,), (cp.asarray(np.frombuffer(v["Key"] * 2, dtype=np.uint8)), keys))
        n = len(v["PT"])
        chunk = cp.zeros(sealed_bytes(n, 4096), dtype=cp.uint8)
        records = chunk.data.ptr + ((n + 15) & ~15)
        prefix, counter = int.from_bytes(v["IV"][:4], "big"), int.from_bytes(v["IV"][4:], "big")
        prepare((1,), (256,), (u64(records), u64(n), u32(4096), u64(counter), u32(prefix), u64(0), u32(0)))
        gcm((1,), (256,), (u64(keys.data.ptr + D2H), cp.asarray(np.frombuffer(v["PT"], dtype=np.uint8)), chunk, u64(records),
                           u64(n), u32(4096), u64(counter), u32(prefix), u32(0)))
        out = cp.asnumpy(chunk).tobytes()
        ok = out[:n] == v["CT"] and out[((n + 15) & ~15) + 16:][:16] == v["Tag"]
        failures += 0 if ok else 1
        print(f"GCM vector {v['Key'][:4].hex()} ({n} bytes): {'ok' if ok else 'FAIL'}")
    for v in read_vectors(os.path.join(fixtures, "ecc-cdh-p256.rsp")):
        keys = cp.zeros(KEY_STATE_BYTES, dtype=cp.uint8)
        public = cp.zeros(64, dtype=cp.uint8)
        status = cp.zeros(1, dtype=cp.uint64)
        agree((1,), (256,), (cp.asarray(np.frombuffer(v["QCAVSx"] + v["QCAVSy"], dtype=np.uint8)),
                             cp.asarray(np.frombuffer(v["dIUT"], dtype=np.uint8)), public, keys, status))
        raw = cp.asnumpy(keys[:64]).tobytes()
        ok = int(status[0]) == 0 and cp.asnumpy(public).tobytes() == v["QIUTx"] + v["QIUTy"] and \
            raw == hkdf32(v["ZIUT"], b"cvmbench sealed h2d v1") + hkdf32(v["ZIUT"], b"cvmbench sealed d2h v1")
        failures += 0 if ok else 1
        print(f"P-256 CDH vector {v['dIUT'][:4].hex()}: {'ok' if ok else 'FAIL'}")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ptx", default="src/CvmBench.Cuda/Kernels/sealed_kernels.ptx")
    parser.add_argument("--bytes", type=int, default=1 << 30)
    parser.add_argument("--segments", default="4096,65536,2097152")
    parser.add_argument("--blocks-per-sm", default="2")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json")
    parser.add_argument("--vectors", help="folder of the NIST vectors (tests/CvmBench.Cuda.Tests/Fixtures/Sealed) to check first")
    args = parser.parse_args()

    module = cp.RawModule(path=args.ptx)
    agree = module.get_function("sealed_agree")
    expand = module.get_function("sealed_expand_keys")
    prepare = module.get_function("sealed_prepare")
    gcm = module.get_function("sealed_gcm")
    verify = module.get_function("sealed_verify")
    props = cp.cuda.runtime.getDeviceProperties(0)
    sms = props["multiProcessorCount"]
    print(f"{props['name'].decode()}, {sms} SMs, plaintext {args.bytes >> 20} MiB per call")

    u64, u32 = np.uint64, np.uint32
    if args.vectors:
        print(f"vector failures: {check_vectors(args.vectors, (agree, expand, prepare, gcm))}")
    keys = cp.zeros(KEY_STATE_BYTES, dtype=cp.uint8)
    # The same random key for both directions, so a chunk sealed with the d2h key opens with the h2d key.
    raw = cp.asarray(np.tile(np.random.default_rng(1).integers(0, 256, 32, dtype=np.uint8), 2))
    expand((2,), (256,), (raw, keys))

    # The agreement: one thread's P-256 work, timed once (with a fixed scalar and the generator as host key, so
    # the status must stay zero).
    host = cp.asarray(np.frombuffer(bytes.fromhex(
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"), dtype=np.uint8))
    device_public = cp.zeros(64, dtype=cp.uint8)
    agreed = cp.zeros(KEY_STATE_BYTES, dtype=cp.uint8)
    status = cp.zeros(1, dtype=cp.uint64)
    start, end = cp.cuda.Event(), cp.cuda.Event()
    start.record()
    agree((1,), (256,), (host, u64(0), device_public, agreed, status))
    expand((2,), (256,), (agreed, agreed))
    end.record()
    end.synchronize()
    agreement_ms = cp.cuda.get_elapsed_time(start, end)
    print(f"agreement (entropy, 2 scalar multiplications, HKDF, key expansion): {agreement_ms:.1f} ms, status {int(status[0])}")

    plain_bytes = args.bytes
    plain = cp.random.randint(0, 256, plain_bytes, dtype=cp.uint8)
    back = cp.empty(plain_bytes, dtype=cp.uint8)
    results = {"device": props["name"].decode(), "sms": sms, "bytes": plain_bytes, "agreement_ms": agreement_ms, "rates": []}
    for blocks_per_sm in [int(b) for b in args.blocks_per_sm.split(",")]:
        for segment in [int(s) for s in args.segments.split(",")]:
            chunk = cp.zeros(sealed_bytes(plain_bytes, segment), dtype=cp.uint8)
            records = chunk.data.ptr + ((plain_bytes + 15) & ~15)
            segments = -(-plain_bytes // segment)
            record_grid = (min(1024, -(-segments // 256)),)
            grid = (min(sms * blocks_per_sm, pieces(plain_bytes, segment)),)
            first = u64(1000)

            def seal():
                prepare(record_grid, (256,), (u64(records), u64(plain_bytes), u32(segment), first, u32(0), u64(0), u32(0)))
                gcm(grid, (256,), (u64(keys.data.ptr + D2H), plain, chunk, u64(records), u64(plain_bytes), u32(segment), first, u32(0), u32(0)))

            def open_():
                prepare(record_grid, (256,), (u64(records), u64(plain_bytes), u32(segment), first, u32(0), status, u32(1)))
                gcm(grid, (256,), (u64(keys.data.ptr + H2D), chunk, back, u64(records), u64(plain_bytes), u32(segment), first, u32(0), u32(1)))
                verify(record_grid, (256,), (u64(records), u64(plain_bytes), u32(segment), first, u32(0), status))

            status.fill(0)
            seal()
            open_()
            cp.cuda.Device().synchronize()
            ok = int(status[0]) == 0 and bool((back == plain).all())
            row = {"segment": segment, "blocks_per_sm": blocks_per_sm, "round_trip_ok": ok}
            for name, call in (("seal", seal), ("open", open_)):
                call()
                times = []
                for _ in range(args.repeat):
                    start.record()
                    call()
                    end.record()
                    end.synchronize()
                    times.append(cp.cuda.get_elapsed_time(start, end))
                row[name + "_gbps"] = plain_bytes / (statistics.median(times) * 1e-3) / 1e9
                row[name + "_ms"] = statistics.median(times)
            results["rates"].append(row)
            print(f"segment {segment:>8} B, {blocks_per_sm} blocks/SM: seal {row['seal_gbps']:7.1f} GB/s, open {row['open_gbps']:7.1f} GB/s"
                  f"{'' if ok else '  ROUND TRIP FAILED'}")
            del chunk
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
