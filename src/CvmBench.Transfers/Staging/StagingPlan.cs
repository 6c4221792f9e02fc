namespace CvmBench.Transfers.Staging;

/// <summary>What one staged transfer will do, decided by <see cref="For"/> from the pipeline's options, the transfer's
/// direction and size, and whether the CPU can demote cache lines: how it is cut into DMAs and slices, how the host
/// threads store, how many helpers copy and over how many queues the DMAs go. The measurements behind each rule are in
/// docs/staging.md ("Why the rules").</summary>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Bytes">The transfer's size, at least one byte.</param>
/// <param name="DmaBytes">Bytes per DMA, the last one less: the pool's chunk size, or less for a small transfer. Each
/// DMA still takes a whole slot of the pool.</param>
/// <param name="Dmas">DMAs the transfer moves in.</param>
/// <param name="SlicesPerDma">Slices the host threads share each DMA's chunk out by.</param>
/// <param name="LastDmaSlices">Slices of the last DMA, which may be short.</param>
/// <param name="Slices">Slices in the whole transfer.</param>
/// <param name="NonTemporalStores">The host threads write with non-temporal stores: into the pool's chunks host to
/// device, into the caller's memory device to host. False: regular stores.</param>
/// <param name="DemoteChunks">Host to device, the host threads demote each slice they wrote to the shared cache.</param>
/// <param name="Helpers">Helper threads woken to copy; zero: the calling thread copies and drives in turn.</param>
/// <param name="Queues">How many of the pipeline's queues, from the first, the DMAs alternate over.</param>
internal readonly record struct StagingPlan(
    Direction Direction,
    long Bytes,
    long DmaBytes,
    long Dmas,
    int SlicesPerDma,
    int LastDmaSlices,
    long Slices,
    bool NonTemporalStores,
    bool DemoteChunks,
    int Helpers,
    int Queues)
{
    /// <summary>Host threads share out the work by slices of about this size, so a chunk is filled by several threads
    /// at once and its DMA starts early; claiming a slice this large costs nothing in comparison.</summary>
    public const long SliceBytes = 256 << 10;

    /// <summary>A transfer smaller than the pool is shared out by slices of about this size instead, so that every host
    /// thread has a part of its first DMA and that DMA is ready after a fraction of one thread's copy: a 1 MiB transfer
    /// in 256 KiB slices kept four threads busy and the others idle.</summary>
    public const long SmallSliceBytes = 64 << 10;

    /// <summary>A transfer smaller than this many chunks is cut into this many DMAs (of at least
    /// <see cref="SmallDmaMinimum"/>), so its first DMA starts, and its last ends, after a fraction of the transfer
    /// rather than a whole chunk.</summary>
    public const long SmallTransferDmas = 16;

    /// <summary>The smallest DMA a small transfer is cut into (unless the pool's chunks are smaller): small enough that
    /// the last DMA, which follows the last host copy, adds little to a transfer the copies bound, large enough that
    /// each DMA's fixed cost stays small beside its bytes.</summary>
    public const long SmallDmaMinimum = 512 << 10;

    public bool ToDevice => Direction == Direction.HostToDevice;

    /// <summary>Where slice <paramref name="slice"/> (0 to <see cref="SlicesPerDma"/>) begins within its DMA's chunk;
    /// the last value is the chunk's end.</summary>
    public long SliceStart(int slice) => Boundary(DmaBytes, SlicesPerDma, slice);

    /// <summary>The most slices a DMA of a pipeline with chunks of <paramref name="chunkBytes"/> is cut into.</summary>
    public static int MaxSlicesPerDma(long chunkBytes) => (int)Math.Max(1, chunkBytes / SmallSliceBytes);

    /// <summary>The plan of a transfer of <paramref name="bytes"/> (at least one) through a pipeline built with
    /// <paramref name="options"/>; <paramref name="canDemote"/> says whether the CPU demotes cache lines.</summary>
    public static StagingPlan For(StagingOptions options, Direction direction, long bytes, bool canDemote)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (direction is not (Direction.HostToDevice or Direction.DeviceToHost))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "staging moves host to device or device to host");
        }
        bool toDevice = direction == Direction.HostToDevice;
        long chunk = options.ChunkBytes;
        long dmaBytes = options.FixedChunks ? chunk : Math.Clamp(
            (bytes + SmallTransferDmas - 1) / SmallTransferDmas, Math.Min(SmallDmaMinimum, chunk), chunk);
        long poolBytes = chunk * options.PoolChunks;
        bool small = !options.FixedChunks && bytes < poolBytes;
        int slicesPerDma = (int)Math.Max(1, dmaBytes / (small ? SmallSliceBytes : SliceBytes));
        long dmas = (bytes + dmaBytes - 1) / dmaBytes;
        long lastDmaBytes = bytes - (dmas - 1) * dmaBytes;
        int lastDmaSlices = 0;
        while (lastDmaSlices < slicesPerDma && Boundary(dmaBytes, slicesPerDma, lastDmaSlices) < lastDmaBytes)
        {
            lastDmaSlices++;
        }
        long slices = (dmas - 1) * slicesPerDma + lastDmaSlices;

        // Host to device, the copy engine reads lines still modified in the copying cores' caches slowly. From the
        // pool's size up, regular stores and demoting keep the pool in the shared cache, where it reads them fastest;
        // demoting halves each thread's copy rate, so smaller transfers stream the chunks to memory instead.
        bool demote = toDevice && options.DemoteChunks && canDemote && bytes >= poolBytes;
        // Above the pool's size, without demoting, regular stores won: the pool stays in the cache.
        bool nonTemporal = toDevice ? options.NonTemporalStores && !demote && bytes <= poolBytes : options.NonTemporalStores;
        // Device to host, each DMA has the link to itself on one queue, so the host threads can copy each chunk out as
        // early as possible; on two, two copy engines shared the link and each DMA took twice as long, and below the
        // pool's size the DMAs landed at half the link's rate while the threads copied out beside them.
        int queues = toDevice ? options.Streams : 1;
        int helpers = options.HostThreads == 1 ? 0 : (int)Math.Min(options.HostThreads, slices);
        return new StagingPlan(direction, bytes, dmaBytes, dmas, slicesPerDma, lastDmaSlices, slices, nonTemporal, demote, helpers, queues);
    }

    // Slice boundaries fall on cache lines, so no two threads write one line.
    private static long Boundary(long dmaBytes, int slicesPerDma, int slice) =>
        slice == slicesPerDma ? dmaBytes : (dmaBytes * slice / slicesPerDma) & ~63L;
}
