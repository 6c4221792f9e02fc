using System.Security.Cryptography;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>H100 CC mode's encrypted bounce, done for real on the CPU side: one thread (the driver encrypts on the
/// calling thread) seals 2 MiB of the caller's memory at a time with AES-GCM, a tag per 4 KiB, into a pinned staging
/// chunk and queues its DMA, while earlier chunks cross the link; device to host, chunks are DMA'd into staging and
/// opened (decrypted and authenticated) into the caller's memory. The GPU's side (decrypting, or encrypting before
/// the DMA back) needs a kernel this project does not ship and is not included: device memory holds the sealed form,
/// each 2 MiB chunk's ciphertext followed by its tags, chunk after chunk.</summary>
public sealed unsafe class EncryptedBounce : IDisposable
{
    public const int ChunkBytes = HostRateMeter.StagingChunkBytes;
    public const int SegmentBytes = 4096;
    // Staging chunks in flight: one being sealed while the others cross the link; each has its own queue, so waiting
    // for a chunk's DMA is waiting for its queue.
    private const int Slots = 4;

    private readonly AesGcmStaging _staging;
    private readonly IHostBuffer _pool;
    private readonly ITransferQueue[] _queues = new ITransferQueue[Slots];
    private readonly long _sealedChunk;

    /// <param name="device">The device whose copy engines move the sealed chunks.</param>
    /// <param name="key">The AES-256 key.</param>
    /// <param name="injector">Spends CC mode's per-chunk cost before each chunk's DMA; null for none.</param>
    public EncryptedBounce(ITransferDevice device, byte[] key, CostInjector? injector)
    {
        _staging = new AesGcmStaging(key, SegmentBytes);
        Injector = injector;
        _sealedChunk = _staging.SealedBytes(ChunkBytes);
        _pool = device.AllocateHost(MemoryKind.Pinned, Slots * _sealedChunk);
        try
        {
            for (int q = 0; q < Slots; q++)
            {
                _queues[q] = device.CreateQueue();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Spends CC mode's per-chunk cost before each chunk's DMA; null for none.</summary>
    internal CostInjector? Injector { get; set; }

    /// <summary>The transfer number the last <see cref="ToDevice"/> sealed with.</summary>
    public uint LastTransfer { get; private set; }

    /// <summary>Device bytes that <paramref name="bytes"/> occupy sealed: the data and a tag per 4 KiB.</summary>
    public static long SealedBytes(long bytes) => bytes + (bytes + SegmentBytes - 1) / SegmentBytes * AesGcmStaging.TagBytes;

    /// <summary>Seals <paramref name="bytes"/> at <paramref name="source"/> into <paramref name="destination"/>, and
    /// returns when every chunk has arrived.</summary>
    public void ToDevice(IDeviceBuffer destination, nint source, long bytes)
    {
        uint transfer = ++LastTransfer;
        long chunks = Chunks(bytes);
        for (long i = 0; i < chunks; i++)
        {
            int slot = (int)(i % Slots);
            if (i >= Slots)
            {
                _queues[slot].Synchronize();
            }
            int plain = PlainBytes(i, bytes);
            long sealedLength = _staging.SealedBytes(plain);
            _staging.Seal(new ReadOnlySpan<byte>((byte*)source + i * ChunkBytes, plain), Slot(slot, sealedLength), transfer, i * ChunkBytes / SegmentBytes);
            Injector?.Chunk();
            _queues[slot].CopyHostToDevice(destination, i * _sealedChunk, _pool, slot * _sealedChunk, sealedLength, CopyMethod.CopyEngine);
        }
        Drain(chunks);
    }

    /// <summary>DMAs the sealed form of <paramref name="bytes"/> from <paramref name="source"/> chunk by chunk and opens
    /// it into <paramref name="destination"/>.</summary>
    /// <exception cref="VerificationException">A chunk failed authentication: what arrived is not what was sealed.</exception>
    public void ToHost(nint destination, IDeviceBuffer source, long bytes, uint transfer)
    {
        long chunks = Chunks(bytes);
        for (long i = 0; i < Math.Min(Slots, chunks); i++)
        {
            Fetch(source, i, bytes);
        }
        for (long i = 0; i < chunks; i++)
        {
            int slot = (int)(i % Slots);
            _queues[slot].Synchronize();
            int plain = PlainBytes(i, bytes);
            try
            {
                _staging.Open(Slot(slot, _staging.SealedBytes(plain)), new Span<byte>((byte*)destination + i * ChunkBytes, plain), transfer, i * ChunkBytes / SegmentBytes);
            }
            catch (AuthenticationTagMismatchException e)
            {
                Drain(chunks);
                throw new VerificationException($"chunk {i} of an encrypted transfer failed authentication: the data that arrived is not what was sealed", e);
            }
            if (i + Slots < chunks)
            {
                Fetch(source, i + Slots, bytes);
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> with the sealed form of the data pattern, as the GPU would seal its
    /// data before a transfer back (preparation, never timed).</summary>
    public void SealPatternOnDevice(ITransferDevice device, IDeviceBuffer destination, long bytes, ulong seed, uint transfer)
    {
        byte[] plain = new byte[ChunkBytes];
        byte[] @sealed = new byte[_sealedChunk];
        for (long i = 0; i < Chunks(bytes); i++)
        {
            int length = PlainBytes(i, bytes);
            DataPattern.Fill(plain.AsSpan(0, length), seed, i * ChunkBytes);
            int sealedLength = (int)_staging.SealedBytes(length);
            _staging.Seal(plain.AsSpan(0, length), @sealed.AsSpan(0, sealedLength), transfer, i * ChunkBytes / SegmentBytes);
            device.Upload(destination, i * _sealedChunk, @sealed.AsSpan(0, sealedLength));
        }
    }

    /// <summary>Opens what <paramref name="source"/> holds and compares it with the data pattern: the offset of the
    /// first byte that differs (the start of a chunk that fails authentication), or -1 when all of it matches.</summary>
    public long FindPatternMismatchOnDevice(ITransferDevice device, IDeviceBuffer source, long bytes, ulong seed, uint transfer)
    {
        byte[] plain = new byte[ChunkBytes];
        byte[] @sealed = new byte[_sealedChunk];
        for (long i = 0; i < Chunks(bytes); i++)
        {
            int length = PlainBytes(i, bytes);
            int sealedLength = (int)_staging.SealedBytes(length);
            device.Download(@sealed.AsSpan(0, sealedLength), source, i * _sealedChunk);
            try
            {
                _staging.Open(@sealed.AsSpan(0, sealedLength), plain.AsSpan(0, length), transfer, i * ChunkBytes / SegmentBytes);
            }
            catch (AuthenticationTagMismatchException)
            {
                return i * ChunkBytes;
            }
            long mismatch = DataPattern.FindMismatch(plain.AsSpan(0, length), seed, i * ChunkBytes);
            if (mismatch >= 0)
            {
                return mismatch;
            }
        }
        return -1;
    }

    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue?.Dispose();
        }
        _pool?.Dispose();
        _staging.Dispose();
    }

    private void Fetch(IDeviceBuffer source, long chunk, long bytes)
    {
        int slot = (int)(chunk % Slots);
        Injector?.Chunk();
        _queues[slot].CopyDeviceToHost(_pool, slot * _sealedChunk, source, chunk * _sealedChunk, _staging.SealedBytes(PlainBytes(chunk, bytes)), CopyMethod.CopyEngine);
    }

    /// <summary>Waits for the queues a transfer of <paramref name="chunks"/> used.</summary>
    private void Drain(long chunks)
    {
        for (int q = 0; q < Math.Min(Slots, chunks); q++)
        {
            _queues[q].Synchronize();
        }
    }

    private Span<byte> Slot(int slot, long length) => new((byte*)_pool.Pointer + slot * _sealedChunk, (int)length);

    private static long Chunks(long bytes) => (bytes + ChunkBytes - 1) / ChunkBytes;

    private static int PlainBytes(long chunk, long bytes) => (int)Math.Min(ChunkBytes, bytes - chunk * ChunkBytes);
}
