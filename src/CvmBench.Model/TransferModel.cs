using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Model;

/// <summary>Time to move B bytes between host and device for a platform and strategy: pure functions of the
/// parameters. Every transfer pays the DMA latency of its direction once and can go no faster than its DMA rate;
/// what comes on top depends on the strategy (see each case).</summary>
public static class TransferModel
{
    /// <summary>Which strategies exist on a platform. CC mode encrypts every copy (host registration is refused
    /// there, error 801), and only a CC-mode GPU can decrypt; the sealed bounce, encrypting on several cores with the
    /// GPU's own kernel opening, is shown beside it.</summary>
    public static bool Applies(PlatformProfile platform, StrategyKind kind) =>
        platform == PlatformProfile.H100Cc
            ? kind is StrategyKind.EncryptedBounce or StrategyKind.SealedBounce
            : kind is not (StrategyKind.EncryptedBounce or StrategyKind.SealedBounce);

    /// <summary>The strategies worth showing for a platform, in the order tables list them, with the given batch
    /// and reuse knobs. On bare metal and plain VMs converting per transfer or in batches has nothing to convert and
    /// equals pinned, so only registering once (convert once) is listed.</summary>
    public static IReadOnlyList<TransferStrategy> Strategies(PlatformProfile platform, double batchPages, double reuses) => platform switch
    {
        PlatformProfile.H100Cc => [TransferStrategy.EncryptedBounce, TransferStrategy.SealedBounce],
        PlatformProfile.BareMetal or PlatformProfile.Vm =>
            [TransferStrategy.Pinned, TransferStrategy.Bounce, TransferStrategy.ConvertOnce(reuses)],
        _ =>
        [
            TransferStrategy.Pinned,
            TransferStrategy.Bounce,
            TransferStrategy.ConvertPerTransfer,
            TransferStrategy.InBatches(batchPages),
            TransferStrategy.ConvertOnce(reuses),
        ],
    };

    public static TransferPrediction Predict(PlatformProfile platform, TransferStrategy strategy, Direction direction, double bytes, ModelParameters p) =>
        new(platform, strategy, direction, bytes, Seconds(platform, strategy, direction, bytes, p));

    /// <summary>Seconds to move <paramref name="bytes"/> (more than zero).</summary>
    public static double Seconds(PlatformProfile platform, TransferStrategy strategy, Direction direction, double bytes, ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(p);
        if (!(bytes > 0) || double.IsInfinity(bytes))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a transfer moves a finite, positive number of bytes");
        }
        if (!Applies(platform, strategy.Kind))
        {
            throw new ArgumentException($"{strategy.Name} does not apply to {PlatformProfileNames.Title(platform)}", nameof(strategy));
        }
        double dmaRate = p.Machine.DmaRate(direction);
        double latency = p.Machine.DmaLatency(direction);
        return strategy.Kind switch
        {
            StrategyKind.Bounce => BounceSeconds(platform, direction, bytes, latency, dmaRate, p),
            StrategyKind.ConvertPerTransfer => PerTransferSeconds(platform, bytes, latency, dmaRate, p),
            StrategyKind.ConvertInBatches => BatchedSeconds(platform, bytes, strategy.BatchPages, latency, dmaRate, p),
            StrategyKind.ConvertOnce or StrategyKind.Pinned => ConvertOnceSeconds(platform, bytes, strategy.Reuses, latency, dmaRate, p),
            StrategyKind.EncryptedBounce => EncryptedBounceSeconds(bytes, latency, dmaRate, p),
            StrategyKind.SealedBounce => SealedBounceSeconds(bytes, latency, dmaRate, p),
            _ => throw new ArgumentException($"unknown strategy {strategy.Kind}", nameof(strategy)),
        };
    }

    /// <summary>Bounce: the CPU copies each chunk into DMA-able memory and queues its DMA while the previous chunk is
    /// DMA'd. On bare
    /// metal and plain VMs the chunks are the driver's pinned staging chunks; in a confidential VM they are swiotlb
    /// mappings (at most 256 KiB, each with its map/unmap cost), and a transfer larger than the pool is bounced in
    /// pool-sized rounds, each waiting for its DMA before the pool is refilled. For device to host the DMA comes
    /// first and the copy, out of the chunk into the caller's memory, second.</summary>
    private static double BounceSeconds(PlatformProfile platform, Direction direction, double bytes, double latency, double dmaRate, ModelParameters p)
    {
        bool swiotlb = platform is PlatformProfile.Tdx or PlatformProfile.SevSnp or PlatformProfile.SnpPageFlip;
        double grain = swiotlb ? p.Swiotlb.MappingMaxBytes : p.Machine.StagingChunkBytes;
        double roundBytes = swiotlb ? Math.Min(bytes, p.Swiotlb.PoolBytes(p.Machine.MemoryBytes)) : bytes;
        double chunk = Math.Min(roundBytes, grain);
        // The driver's staging pool stays in the cache, so copying into it (host to device) writes no memory; the
        // swiotlb pool does not, and device to host the copy writes the caller's memory.
        double copyRate = !swiotlb && direction == Direction.HostToDevice ? p.Machine.StagingCopyRate : p.Machine.CopyRate;
        // The copying thread also queues each chunk's DMA (and, in swiotlb, maps it).
        double submit = p.Machine.StagingSubmitCost;
        double copy = chunk / copyRate + submit + (swiotlb ? p.Swiotlb.MappingCost : 0);
        double dma = chunk / dmaRate;
        double rounds = bytes / roundBytes;
        // The DMA latency runs from the call that queues one DMA to the host seeing it complete, so it holds a chunk's
        // submission (queuing its DMA, then recording its event while that DMA is in flight) as far as the submission
        // fits in it: a round's first submission is counted there, not again in the pipeline. The other chunks'
        // submissions keep the copying thread from the next copy and stay.
        return rounds * (latency + Pipeline.Seconds(roundBytes / chunk, copy, dma) - Math.Min(submit, latency));
    }

    /// <summary>Convert per transfer: the caller's pages are pinned and DMA-mapped (registered), made shared in one
    /// call, DMA'd, made private in another, and unregistered; nothing overlaps. It is convert-once used once. On bare
    /// metal and plain VMs there is nothing to convert, and it is registering per transfer.</summary>
    private static double PerTransferSeconds(PlatformProfile platform, double bytes, double latency, double dmaRate, ModelParameters p) =>
        latency + PageConversionModel.Registration(bytes, p) + PageConversionModel.RoundTrip(platform, bytes, p).Total + bytes / dmaRate;

    /// <summary>Convert in batches of k pages: the conversion lock (both directions of a batch) and the copy engine
    /// are two pipeline stages. A transfer of at most k pages is one batch, and so converts per transfer.</summary>
    private static double BatchedSeconds(PlatformProfile platform, double bytes, double batchPages, double latency, double dmaRate, ModelParameters p)
    {
        double batch = Math.Min(bytes, batchPages * PageConversionModel.PageBytes);
        double convert = PageConversionModel.RoundTrip(platform, batch, p).Total;
        return latency + Pipeline.Seconds(bytes / batch, convert, batch / dmaRate);
    }

    /// <summary>Convert once, reuse n times: registration and both conversions are spread over the n transfers;
    /// each transfer is otherwise a pinned DMA.</summary>
    private static double ConvertOnceSeconds(PlatformProfile platform, double bytes, double reuses, double latency, double dmaRate, ModelParameters p)
    {
        double once = PageConversionModel.Registration(bytes, p) + PageConversionModel.RoundTrip(platform, bytes, p).Total;
        return latency + bytes / dmaRate + once / reuses;
    }

    /// <summary>Encrypted bounce (H100 CC mode): per 2 MiB staging chunk the CPU encrypts (AES-GCM, a tag per 4 KiB,
    /// the driver's per-chunk work), the copy engine moves data and tags, and the GPU decrypts; the three stages
    /// overlap across chunks. Device to host runs the same stages in reverse.</summary>
    private static double EncryptedBounceSeconds(double bytes, double latency, double dmaRate, ModelParameters p)
    {
        var e = p.Encrypted;
        double chunk = Math.Min(bytes, e.StagingChunkBytes);
        double tags = chunk / e.TagSegmentBytes;
        double cpu = chunk / e.CpuCryptoRate + tags * e.TagCost + e.ChunkCost;
        double dma = (chunk + tags * e.TagBytes) / dmaRate;
        double gpu = chunk / e.GpuCryptoRate;
        return latency + Pipeline.Seconds(bytes / chunk, cpu, dma, gpu);
    }

    /// <summary>Sealed bounce (CvmBench's sealed pipeline): per chunk (sealed.chunk) sealed.threads host threads seal their
    /// shares of it at once (AES-GCM, a tag per 64 KiB), so the CPU stage is the encrypted bounce's on one core divided
    /// by the thread count, with no copy besides (a calling thread of its own queues the DMAs); the copy engine moves
    /// data and records (32 bytes a tag), the GPU opens at its kernels' rate (sealed.gpuRate). The three stages overlap
    /// across chunks.</summary>
    private static double SealedBounceSeconds(double bytes, double latency, double dmaRate, ModelParameters p)
    {
        var e = p.Encrypted;
        int threads = Math.Max(1, e.SealedThreads);
        double chunk = Math.Min(bytes, e.SealedChunkBytes);
        double tags = Math.Ceiling(chunk / SealedLayout.DefaultSegmentBytes);
        double cpu = (chunk / e.AesGcmRatePerCore + tags * e.TagCost) / threads;
        double dma = (chunk + tags * SealedLayout.RecordBytes) / dmaRate;
        double gpu = chunk / e.SealedGpuRate;
        return latency + Pipeline.Seconds(bytes / chunk, cpu, dma, gpu);
    }
}
