using CvmBench.Model;
using CvmBench.Transfers.Staging;

namespace CvmBench.Emulation;

/// <summary>The staging engine's shape for a bounce on a platform: swiotlb's limits in confidential VMs (chunks of
/// one 256 KiB mapping, the pool from the model's swiotlb parameters), the model's staging chunk and the engine's
/// default pool elsewhere (the driver's staging, which stays in the last-level cache). Copies use regular stores both
/// ways and leave the lines where they are, as swiotlb's memcpy does (and as the host copy rates are measured).</summary>
public static class BounceStaging
{
    /// <summary>The largest swiotlb mapping, the chunk of a confidential VM's bounce.</summary>
    public const long SwiotlbMappingBytes = 256 << 10;

    public static StagingOptions Options(PlatformProfile platform, ModelParameters parameters, int threads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (CostInjector.BouncesThroughSwiotlb(platform))
        {
            long chunk = (long)Math.Min(parameters.Swiotlb.MappingMaxBytes, SwiotlbMappingBytes) / 4096 * 4096;
            long pool = (long)parameters.Swiotlb.PoolBytes(parameters.Machine.MemoryBytes);
            return new StagingOptions(ChunkBytes: chunk, PoolChunks: (int)Math.Max(1, pool / chunk), HostThreads: threads, NonTemporalStores: false, FixedChunks: true, DemoteChunks: false);
        }
        return new StagingOptions(ChunkBytes: (long)parameters.Machine.StagingChunkBytes / 4096 * 4096, HostThreads: threads, NonTemporalStores: false, FixedChunks: true, DemoteChunks: false);
    }

    /// <summary>Bytes of the pinned pool a bounce on <paramref name="platform"/> copies into.</summary>
    public static long PoolBytes(PlatformProfile platform, ModelParameters parameters)
    {
        var options = Options(platform, parameters, threads: 1);
        return options.ChunkBytes * options.PoolChunks;
    }
}
