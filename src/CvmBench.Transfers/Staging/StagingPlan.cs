namespace CvmBench.Transfers.Staging;

/// <summary>What one staged transfer will do, decided by <see cref="For"/> from the pipeline's options, the transfer's
/// direction and size, and whether the CPU can demote cache lines: how it is cut into DMAs and slices, how the host
/// threads store, how many helpers copy and over how many queues the DMAs go. The measurements behind each rule are in
/// docs/staging.md ("Why the rules").</summary>
/// <remarks>The DMAs ramp: host to device the first carries <see cref="FirstDmaBytes"/>, each next one twice as many, up
/// to the pool's chunk size, so the copy engine starts after a small part of the transfer is copied in and then moves
/// it in few large DMAs, each of which costs the link a few microseconds of its own. Device to host the same sizes
/// come in the opposite order, so the last DMA is small and the host threads copy out little once it lands. Transfers
/// are cut into slices of <see cref="SliceBytes"/> within each DMA, the last slice of a DMA short.</remarks>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Bytes">The transfer's size, at least one byte.</param>
/// <param name="DmaBytes">Bytes of a full DMA: the pool's chunk size, the most a slot of the pool holds.</param>
/// <param name="FirstDmaBytes">Bytes of the ramp's smallest DMA; <see cref="DmaBytes"/> where there is no ramp.</param>
/// <param name="RampDmas">DMAs of the ramp, each smaller than a full DMA.</param>
/// <param name="Dmas">DMAs the transfer moves in.</param>
/// <param name="SliceBytes">Bytes per slice, the host threads' share of work.</param>
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
    long FirstDmaBytes,
    int RampDmas,
    long Dmas,
    long SliceBytes,
    long Slices,
    bool NonTemporalStores,
    bool DemoteChunks,
    int Helpers,
    int Queues)
{
    /// <summary>Host threads share out a transfer of at least the pool's size by slices of this size, so a chunk is
    /// filled by several threads at once; claiming a slice this large costs nothing in comparison.</summary>
    public const long LargeSliceBytes = 256 << 10;

    /// <summary>A transfer smaller than the pool is shared out by slices of this size instead, so that every host
    /// thread has a part of its first DMAs: a 1 MiB transfer in 256 KiB slices kept four threads busy and the others
    /// idle.</summary>
    public const long SmallSliceBytes = 64 << 10;

    /// <summary>The ramp's first DMA (unless the pool's chunks are smaller): ready after a few slices are copied, and
    /// still large beside the few microseconds each DMA costs the link (2 to 3 us on the H100 VM, where a chain of
    /// eight 512 KiB DMAs moved 4 MiB in 102 us and one DMA of 4 MiB in 84).</summary>
    public const long RampFirstBytes = 256 << 10;

    public bool ToDevice => Direction == Direction.HostToDevice;

    /// <summary>Where DMA <paramref name="dma"/> (0 to <see cref="Dmas"/>) begins in the transfer; the last value is
    /// the transfer's end.</summary>
    public long DmaStart(long dma) => Ramped && !ToDevice ? Bytes - RampStart(Dmas - dma) : RampStart(dma);

    /// <summary>The slices of DMA <paramref name="dma"/>.</summary>
    public int DmaSlices(long dma) => Ramped && !ToDevice ? RampSlices(Dmas - 1 - dma) : RampSlices(dma);

    /// <summary>The transfer's first slice of DMA <paramref name="dma"/> (0 to <see cref="Dmas"/>).</summary>
    public long FirstSlice(long dma) => Ramped && !ToDevice ? Slices - RampFirstSlice(Dmas - dma) : RampFirstSlice(dma);

    /// <summary>The DMA that slice <paramref name="slice"/> belongs to.</summary>
    public long DmaOf(long slice) => Ramped && !ToDevice ? Dmas - 1 - RampDmaOf(Slices - 1 - slice) : RampDmaOf(slice);

    /// <summary>The most bytes one of the transfer's DMAs carries.</summary>
    public long LargestDma
    {
        get
        {
            // Past the ramp and one more DMA there is a whole chunk.
            if (Dmas > RampDmas + 1)
            {
                return DmaBytes;
            }
            long largest = 0;
            for (long dma = 0; dma < Dmas; dma++)
            {
                largest = Math.Max(largest, RampStart(dma + 1) - RampStart(dma));
            }
            return largest;
        }
    }

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
        long poolBytes = chunk * options.PoolChunks;
        long first = options.FixedChunks ? chunk : Math.Min(RampFirstBytes, chunk);
        int ramp = 0;
        while (first << ramp < chunk)
        {
            ramp++;
        }
        long sliceBytes = !options.FixedChunks && bytes < poolBytes ? SmallSliceBytes : LargeSliceBytes;
        var plan = new StagingPlan(direction, bytes, chunk, first, ramp, 0, sliceBytes, 0, false, false, 0, 0);
        long rampBytes = plan.RampStart(ramp);
        long dmas = 0;
        if (bytes <= rampBytes)
        {
            while (plan.RampStart(dmas) < bytes)
            {
                dmas++;
            }
        }
        else
        {
            dmas = ramp + (bytes - rampBytes + chunk - 1) / chunk;
        }
        plan = plan with { Dmas = dmas };
        long slices = plan.RampFirstSlice(dmas - 1) + plan.RampSlices(dmas - 1);

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
        return plan with { Slices = slices, NonTemporalStores = nonTemporal, DemoteChunks = demote, Helpers = helpers, Queues = queues };
    }

    private bool Ramped => RampDmas > 0;

    // The DMAs in ramp order (host to device's): RampFirst, twice that, ... then full DMAs, the last one short.
    private long RampStart(long dma)
    {
        long start = dma <= RampDmas
            ? FirstDmaBytes * ((1L << (int)dma) - 1)
            : FirstDmaBytes * ((1L << RampDmas) - 1) + (dma - RampDmas) * DmaBytes;
        return Math.Min(start, Bytes);
    }

    private int RampSlices(long dma) => (int)((RampStart(dma + 1) - RampStart(dma) + SliceBytes - 1) / SliceBytes);

    // Every DMA before the last is whole, so the count before DMA `dma` needs no clipping, except at the end.
    private long RampFirstSlice(long dma)
    {
        if (dma >= Dmas)
        {
            return Slices;
        }
        long slices = 0;
        for (int d = 0; d < Math.Min(dma, RampDmas); d++)
        {
            slices += RampSlices(d);
        }
        return dma <= RampDmas ? slices : slices + (dma - RampDmas) * FullDmaSlices;
    }

    private long RampDmaOf(long slice)
    {
        long first = 0;
        for (int d = 0; d < RampDmas && d < Dmas - 1; d++)
        {
            long next = first + RampSlices(d);
            if (slice < next)
            {
                return d;
            }
            first = next;
        }
        return Math.Min(Math.Min(RampDmas, Dmas - 1) + (slice - first) / FullDmaSlices, Dmas - 1);
    }

    private long FullDmaSlices => (DmaBytes + SliceBytes - 1) / SliceBytes;
}
