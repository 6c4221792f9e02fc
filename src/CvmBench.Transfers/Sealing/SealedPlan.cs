using CvmBench.Transfers.Staging;

namespace CvmBench.Transfers.Sealing;

/// <summary>What one sealed transfer will do: how it is cut into DMAs (each a whole number of segments, so a chunk's
/// segments never straddle two DMAs), how the host threads share each DMA's segments out in slices, how many helpers
/// seal or open and over how many queues the DMAs go.</summary>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Bytes">The transfer's plain size, at least one byte.</param>
/// <param name="SegmentBytes">Plain bytes per tag.</param>
/// <param name="DmaBytes">Plain bytes per DMA, the last one less; a multiple of the segment size.</param>
/// <param name="Dmas">DMAs the transfer moves in.</param>
/// <param name="SegmentsPerSlice">Segments a host thread seals or opens at a time.</param>
/// <param name="SlicesPerDma">Slices of a full DMA.</param>
/// <param name="LastDmaSlices">Slices of the last DMA.</param>
/// <param name="Slices">Slices in the whole transfer.</param>
/// <param name="Helpers">Helper threads woken; zero: the calling thread seals or opens and drives in turn.</param>
/// <param name="Queues">How many of the pipeline's queues, from the first, the DMAs alternate over.</param>
internal readonly record struct SealedPlan(
    Direction Direction,
    long Bytes,
    int SegmentBytes,
    long DmaBytes,
    long Dmas,
    int SegmentsPerSlice,
    int SlicesPerDma,
    int LastDmaSlices,
    long Slices,
    int Helpers,
    int Queues)
{
    /// <summary>A transfer smaller than this many chunks is cut into this many DMAs (of at least
    /// <see cref="SmallDmaMinimum"/>), so its first DMA starts, and its last ends, after a fraction of the transfer.</summary>
    private const long SmallTransferDmas = 16;

    /// <summary>The smallest DMA a small transfer is cut into (unless the pool's chunks are smaller): each DMA launches
    /// a kernel too, so sealed DMAs stay larger than staging's smallest (256 KiB DMAs made 4 MiB transfers slower).</summary>
    private const long SmallDmaMinimum = 512 << 10;

    /// <summary>Host threads seal or open about this much at a time.</summary>
    private const long SliceBytes = 256 << 10;

    public bool ToDevice => Direction == Direction.HostToDevice;

    /// <summary>Counters the transfer uses: one per segment.</summary>
    public long Segments => SealedLayout.Segments(Bytes, SegmentBytes);

    /// <summary>Plain bytes of DMA <paramref name="dma"/>.</summary>
    public long PlainBytes(long dma) => Math.Min(DmaBytes, Bytes - dma * DmaBytes);

    /// <summary>The plan of <paramref name="bytes"/> (at least one) through a pipeline built with
    /// <paramref name="options"/> and <paramref name="segmentBytes"/> (which divides the chunk size).</summary>
    public static SealedPlan For(StagingOptions options, int segmentBytes, Direction direction, long bytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (direction is not (Direction.HostToDevice or Direction.DeviceToHost))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "sealed transfers move host to device or device to host");
        }
        long chunk = options.ChunkBytes;
        // As staging does: a small transfer is cut into several DMAs so its first starts early; here into whole segments.
        long dmaBytes = options.FixedChunks ? chunk : Math.Clamp(
            (bytes + SmallTransferDmas - 1) / SmallTransferDmas, Math.Min(SmallDmaMinimum, chunk), chunk);
        dmaBytes = Math.Min(chunk, (dmaBytes + segmentBytes - 1) / segmentBytes * segmentBytes);
        long segmentsPerDma = dmaBytes / segmentBytes;
        int segmentsPerSlice = (int)Math.Clamp(SliceBytes / segmentBytes, 1, segmentsPerDma);
        int slicesPerDma = (int)((segmentsPerDma + segmentsPerSlice - 1) / segmentsPerSlice);
        long dmas = (bytes + dmaBytes - 1) / dmaBytes;
        long lastSegments = SealedLayout.Segments(bytes - (dmas - 1) * dmaBytes, segmentBytes);
        int lastDmaSlices = (int)((lastSegments + segmentsPerSlice - 1) / segmentsPerSlice);
        long slices = (dmas - 1) * slicesPerDma + lastDmaSlices;
        // Device to host, each DMA has the link to itself on one queue (docs/staging.md); the device seals on its own.
        int queues = direction == Direction.DeviceToHost ? 1 : options.Streams;
        int helpers = options.HostThreads == 1 ? 0 : (int)Math.Min(options.HostThreads, slices);
        return new SealedPlan(direction, bytes, segmentBytes, dmaBytes, dmas, segmentsPerSlice, slicesPerDma, lastDmaSlices, slices, helpers, queues);
    }
}
