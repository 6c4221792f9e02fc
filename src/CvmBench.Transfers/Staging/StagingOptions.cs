namespace CvmBench.Transfers.Staging;

/// <summary>How a <see cref="StagingPipeline"/> is built. The staging tuner (<c>CvmBench.Measurement.StagingTuner</c>) picks these for the machine
/// at hand; the defaults are a reasonable start for a PCIe 5.0 GPU and a dozen or so cores.</summary>
/// <param name="ChunkBytes">Bytes per copy-engine transfer and per pinned chunk; a multiple of 4 KiB. Large enough that
/// each DMA runs near the link rate, small enough that the pipeline fills and drains quickly.</param>
/// <param name="PoolChunks">Pinned chunks in the pool: chunks being filled or emptied by host threads plus chunks
/// queued on the copy engines. The pool is allocated (in a confidential VM: converted to shared) once.</param>
/// <param name="HostThreads">Threads that copy between the caller's memory and the chunks. With one, the calling thread
/// copies and drives the device in turn; with more, that many helper threads copy while the calling thread only drives
/// the device (queues the DMAs and watches them complete), so the pipeline keeps one thread more than this busy.</param>
/// <param name="Streams">Device queues the host-to-device DMAs alternate over, so several copy engines have reads of
/// host memory in flight. Device to host keeps to one queue at every size: each DMA then has the link to itself, where
/// on two (on the H100 VM) each took twice as long, the pipeline ran 15 to 20% slower from the pool's size up, and
/// below it the host threads waited longer for each chunk to land.</param>
/// <param name="NonTemporalStores">Host threads may write with non-temporal stores, which skip reading destination lines
/// first and leave the cache alone. Device to host they write the caller's memory so (faster for transfers larger than
/// the last-level cache); host to device they write the chunks so when the transfer is no larger than the pool (the
/// copy engine reads each chunk at once, and reads lines still held in a core's cache slowly), and use regular stores
/// for larger transfers (the pool then stays in the cache). False: regular stores both ways.</param>
/// <param name="DemoteChunks">Host to device, from the pool's size up, host threads move each slice they wrote into a
/// chunk out of their own caches into the shared last-level cache (x86 CLDEMOTE), where the copy engine reads it
/// fastest. Set it where the CPU has CLDEMOTE (<see cref="Platform.HostFacts.CanDemoteCacheLines"/>; the tuner does); on
/// a CPU without it the instruction is a no-op that still costs a pass over each slice. False: the chunks' lines stay
/// where the stores left them, as in swiotlb's bounce buffers.</param>
/// <param name="FixedChunks">Every DMA carries a whole chunk (the last one of a transfer less), whatever the transfer's
/// size, as swiotlb and CUDA's own staging do. Otherwise the DMAs ramp between 256 KiB and a whole chunk (host to
/// device up from the start, device to host down to the end), so the first DMA starts, and the last ends, sooner.</param>
public sealed record StagingOptions(
    long ChunkBytes = 4L << 20,
    int PoolChunks = 16,
    int HostThreads = 8,
    int Streams = 2,
    bool NonTemporalStores = true,
    bool FixedChunks = false,
    bool DemoteChunks = false)
{
    /// <summary>The largest number of host threads or streams a pipeline accepts.</summary>
    public const int MaxThreads = 256;

    /// <summary>Null when the options can build a pipeline; otherwise one line saying why not.</summary>
    public string? Problem()
    {
        if (ChunkBytes < 4096 || ChunkBytes % 4096 != 0)
        {
            return $"chunk size must be a positive multiple of 4 KiB (got {ChunkBytes} bytes)";
        }
        if (PoolChunks < 1)
        {
            return $"the pool needs at least one chunk (got {PoolChunks})";
        }
        if (HostThreads is < 1 or > MaxThreads)
        {
            return $"host threads must be between 1 and {MaxThreads} (got {HostThreads})";
        }
        if (Streams is < 1 or > MaxThreads)
        {
            return $"streams must be between 1 and {MaxThreads} (got {Streams})";
        }
        if (ChunkBytes > long.MaxValue / PoolChunks)
        {
            return "the pool would be larger than any machine's memory";
        }
        return null;
    }

    /// <summary>One line for reports: <c>chunk 4 MiB, pool 16 (64 MiB), 8 host threads, 2 streams, non-temporal stores</c>.</summary>
    public override string ToString() =>
        $"chunk {Units.FormatBytes(ChunkBytes)}, pool {PoolChunks} ({Units.FormatBytes(ChunkBytes * PoolChunks)}), "
        + $"{HostThreads} host thread{(HostThreads == 1 ? "" : "s")}, {Streams} stream{(Streams == 1 ? "" : "s")}, "
        + (NonTemporalStores ? "non-temporal stores" : "regular stores")
        + (DemoteChunks ? ", chunks demoted" : "")
        + (FixedChunks ? ", whole chunks per DMA" : "");
}
