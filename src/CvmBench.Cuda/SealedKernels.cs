namespace CvmBench.Cuda;

/// <summary>
/// The sealed-transfer kernels (kernels/sealed_kernels.cu, compiled to PTX by kernels/build.sh), loaded into one device's
/// context: AES-256-GCM seal and open with a tag per segment, and the GPU half of a P-256 ECDH + HKDF-SHA256 agreement
/// whose keys stay in device memory. Layout, nonces and keys are those of docs/sealed.md.
/// </summary>
public sealed unsafe class SealedKernels : IDisposable
{
    /// <summary>A P-256 public key: X then Y, 32 bytes each, big-endian.</summary>
    public const int PublicKeyBytes = 64;

    /// <summary>A segment's record: nonce (12 bytes), segment length (uint32 little-endian), tag (16 bytes).</summary>
    public const int RecordBytes = 32;

    /// <summary>Device memory the caller allocates for the derived keys: the two raw keys (h2d | d2h, 64 bytes at offset 0),
    /// then per direction the AES round keys and the tables of the powers of H the kernels multiply by.</summary>
    public const int KeyStateBytes = KeyHeaderBytes + 2 * DirectionBytes;

    /// <summary>Device memory for an open's status word; zero means every segment verified.</summary>
    public const int StatusBytes = 8;

    /// <summary>Status bits (OR-ed): a record's nonce or length is not the expected one.</summary>
    public const ulong StatusRecordMismatch = 1;

    /// <summary>A segment's tag does not verify.</summary>
    public const ulong StatusTagMismatch = 2;

    /// <summary>The host public key is not a point on P-256 (the agreement derived no keys).</summary>
    public const ulong StatusBadHostKey = 4;

    /// <summary>The shared point is the point at infinity (the agreement derived no keys).</summary>
    public const ulong StatusSharedPointAtInfinity = 8;

    // Must match SK_THREADS, SK_DIR_BYTES and SK_KEY_HEADER in the kernel source.
    private const int GcmThreads = 256;
    private const int DirectionBytes = 256 + (GcmThreads + 1) * 256 + 24 * 256 + 256 * 16;
    private const int KeyHeaderBytes = 256;
    private const int H2D = 0;
    private const int D2H = 1;
    private const string Resource = "CvmBench.Cuda.Kernels.sealed_kernels.ptx";

    private readonly CudaModule _module;
    private readonly CudaFunction _agree;
    private readonly CudaFunction _expandKeys;
    private readonly CudaFunction _prepare;
    private readonly CudaFunction _gcm;
    private readonly CudaFunction _verify;
    private readonly uint _gcmBlocks;

    public SealedKernels(CudaDevice device, int multiprocessorCount)
    {
        ArgumentNullException.ThrowIfNull(device);
        _module = device.LoadModule(EmbeddedPtx());
        _agree = _module.GetFunction("sealed_agree");
        _expandKeys = _module.GetFunction("sealed_expand_keys");
        _prepare = _module.GetFunction("sealed_prepare");
        _gcm = _module.GetFunction("sealed_gcm");
        _verify = _module.GetFunction("sealed_verify");
        // Two resident blocks of 256 threads per SM (the kernel's launch bounds); each loops over pieces, so the 32 KiB
        // AES table it fills in shared memory is paid once per block, not once per piece.
        _gcmBlocks = (uint)Math.Max(1, multiprocessorCount * 2);
    }

    /// <summary>The PTX text shipped in this assembly.</summary>
    public static byte[] EmbeddedPtx()
    {
        using Stream? stream = typeof(SealedKernels).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the kernel resource {Resource} is missing: run kernels/build.sh and rebuild");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Bytes of a sealed chunk: the ciphertext, padded to 16, then a record per segment.</summary>
    public static long SealedBytes(long plainBytes, int segmentBytes) =>
        RecordsOffset(plainBytes) + Segments(plainBytes, segmentBytes) * RecordBytes;

    /// <summary>Queues the agreement: the GPU makes its key pair from on-device entropy, checks the host key and derives
    /// both direction keys into <paramref name="keyState"/>. <paramref name="status"/> (zeroed by the caller) gets
    /// <see cref="StatusBadHostKey"/> when the host key is not on the curve. All addresses are device memory.</summary>
    public void Agree(CudaStream stream, ulong hostPublic, ulong devicePublic, ulong keyState, ulong status) =>
        QueueAgreement(stream, 0, hostPublic, devicePublic, keyState, status);

    /// <summary>For tests and benchmarks only: the agreement with a given device scalar (32 bytes big-endian, in [1, n-1],
    /// in device memory) instead of one made on the device, so its public key, Z and keys can be checked against .NET.
    /// The raw keys are the first 64 bytes of <paramref name="keyState"/>.</summary>
    public void AgreeWithScalar(CudaStream stream, ulong deviceScalar, ulong hostPublic, ulong devicePublic, ulong keyState, ulong status)
    {
        if (deviceScalar == 0)
        {
            throw new ArgumentException("the device scalar's address is null", nameof(deviceScalar));
        }
        QueueAgreement(stream, deviceScalar, hostPublic, devicePublic, keyState, status);
    }

    /// <summary>For tests only (NIST vectors, comparisons with .NET's AesGcm): installs raw 32-byte keys for both
    /// directions from device memory (<paramref name="rawKeys"/> = h2d key | d2h key).</summary>
    public void InstallRawKeys(CudaStream stream, ulong rawKeys, ulong keyState) => QueueExpansion(stream, rawKeys, keyState);

    /// <summary>Queues opening of one sealed chunk into <paramref name="destination"/> with the host-to-device key.
    /// <paramref name="status"/> is OR-ed non-zero on any failure (the caller zeroes it before). The chunk must be
    /// 16-byte aligned; its records are used as scratch while the open runs and hold their bytes again when it verifies.</summary>
    public void Open(CudaStream stream, ulong keyState, ulong sealedChunk, long plainBytes, int segmentBytes,
                     ulong firstCounter, ulong destination, ulong status) =>
        Open(stream, keyState, sealedChunk, plainBytes, segmentBytes, firstCounter, destination, status, noncePrefix: 0);

    /// <summary>Queues sealing of <paramref name="plainBytes"/> at <paramref name="source"/> into one sealed chunk
    /// (16-byte aligned) with the device-to-host key.</summary>
    public void Seal(CudaStream stream, ulong keyState, ulong source, long plainBytes, int segmentBytes,
                     ulong firstCounter, ulong sealedChunk) =>
        Seal(stream, keyState, source, plainBytes, segmentBytes, firstCounter, sealedChunk, noncePrefix: 0);

    /// <summary>Open with the nonce's first four bytes (big-endian) set, so any 96-bit IV of a test vector can be used.</summary>
    internal void Open(CudaStream stream, ulong keyState, ulong sealedChunk, long plainBytes, int segmentBytes,
                       ulong firstCounter, ulong destination, ulong status, uint noncePrefix)
    {
        CheckGeometry(sealedChunk, plainBytes, segmentBytes);
        if (plainBytes == 0)
        {
            return;
        }
        ulong records = sealedChunk + (ulong)RecordsOffset(plainBytes);
        QueueRecords(_prepare, stream, records, plainBytes, segmentBytes, firstCounter, noncePrefix, status, open: true);
        QueueGcm(stream, Direction(keyState, H2D), sealedChunk, destination, records, plainBytes, segmentBytes, firstCounter, noncePrefix, open: true);
        QueueRecords(_verify, stream, records, plainBytes, segmentBytes, firstCounter, noncePrefix, status, open: true);
    }

    /// <summary>Seal with the nonce's first four bytes (big-endian) set, so any 96-bit IV of a test vector can be used.</summary>
    internal void Seal(CudaStream stream, ulong keyState, ulong source, long plainBytes, int segmentBytes,
                       ulong firstCounter, ulong sealedChunk, uint noncePrefix)
    {
        CheckGeometry(sealedChunk, plainBytes, segmentBytes);
        if (plainBytes == 0)
        {
            return;
        }
        ulong records = sealedChunk + (ulong)RecordsOffset(plainBytes);
        QueueRecords(_prepare, stream, records, plainBytes, segmentBytes, firstCounter, noncePrefix, status: 0, open: false);
        QueueGcm(stream, Direction(keyState, D2H), source, sealedChunk, records, plainBytes, segmentBytes, firstCounter, noncePrefix, open: false);
    }

    public void Dispose() => _module.Dispose();

    private static long RecordsOffset(long plainBytes) => (plainBytes + 15) & ~15L;

    private static long Segments(long plainBytes, int segmentBytes) => (plainBytes + segmentBytes - 1) / segmentBytes;

    private static ulong Direction(ulong keyState, int direction) => keyState + (ulong)(KeyHeaderBytes + direction * DirectionBytes);

    private static void CheckGeometry(ulong sealedChunk, long plainBytes, int segmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plainBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        // The records take 32-bit atomics and the ciphertext 16-byte loads.
        if ((sealedChunk & 15) != 0)
        {
            throw new ArgumentException($"the sealed chunk at 0x{sealedChunk:x} is not 16-byte aligned", nameof(sealedChunk));
        }
    }

    private void QueueAgreement(CudaStream stream, ulong fixedScalar, ulong hostPublic, ulong devicePublic, ulong keyState, ulong status)
    {
        void** args = stackalloc void*[5];
        args[0] = &hostPublic;
        args[1] = &fixedScalar;
        args[2] = &devicePublic;
        args[3] = &keyState;
        args[4] = &status;
        // One block: its threads gather timing jitter, its first thread does the curve arithmetic.
        _agree.Launch(stream, 1, 256, args);
        QueueExpansion(stream, keyState, keyState);
    }

    private void QueueExpansion(CudaStream stream, ulong rawKeys, ulong keyState)
    {
        void** args = stackalloc void*[2];
        args[0] = &rawKeys;
        args[1] = &keyState;
        _expandKeys.Launch(stream, 2, GcmThreads, args);
    }

    private static void QueueRecords(CudaFunction function, CudaStream stream, ulong records, long plainBytes, int segmentBytes,
                                     ulong firstCounter, uint noncePrefix, ulong status, bool open)
    {
        ulong plain = (ulong)plainBytes;
        uint segment = (uint)segmentBytes;
        uint isOpen = open ? 1u : 0u;
        // sealed_prepare takes all seven; sealed_verify the first six (the driver reads as many as the kernel declares).
        void** args = stackalloc void*[7];
        args[0] = &records;
        args[1] = &plain;
        args[2] = &segment;
        args[3] = &firstCounter;
        args[4] = &noncePrefix;
        args[5] = &status;
        args[6] = &isOpen;
        long segments = Segments(plainBytes, segmentBytes);
        function.Launch(stream, (uint)Math.Min(1024, (segments + 255) / 256), 256, args);
    }

    private void QueueGcm(CudaStream stream, ulong direction, ulong input, ulong output, ulong records, long plainBytes, int segmentBytes,
                          ulong firstCounter, uint noncePrefix, bool open)
    {
        ulong plain = (ulong)plainBytes;
        uint segment = (uint)segmentBytes;
        uint isOpen = open ? 1u : 0u;
        void** args = stackalloc void*[9];
        args[0] = &direction;
        args[1] = &input;
        args[2] = &output;
        args[3] = &records;
        args[4] = &plain;
        args[5] = &segment;
        args[6] = &firstCounter;
        args[7] = &noncePrefix;
        args[8] = &isOpen;
        _gcm.Launch(stream, (uint)Math.Min(_gcmBlocks, Pieces(plainBytes, segmentBytes)), GcmThreads, args);
    }

    // The kernel's work items: a segment of n blocks is split into pieces of 256 * K blocks, K = 1..16 the smallest
    // power of two that gives each thread all its blocks in a full segment.
    private static long Pieces(long plainBytes, int segmentBytes)
    {
        long blocksPerSegment = (segmentBytes + 15L) / 16;
        int shift = 0;
        while (shift < 4 && (1L << shift) * GcmThreads < blocksPerSegment)
        {
            shift++;
        }
        long pieceBlocks = (long)GcmThreads << shift;
        long segments = Segments(plainBytes, segmentBytes);
        long last = plainBytes - (segments - 1) * segmentBytes;
        return ((segments - 1) * ((blocksPerSegment + pieceBlocks - 1) / pieceBlocks)) + (((last + 15) / 16) + pieceBlocks - 1) / pieceBlocks;
    }
}
