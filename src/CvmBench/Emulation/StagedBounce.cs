using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Emulation;

/// <summary>Bounce through the staging engine (<see cref="StagingPipeline"/>): pageable memory copied by host threads
/// into pre-pinned chunks while earlier chunks are DMA'd. In a confidential VM with swiotlb's limits: chunks of at most
/// one 256 KiB mapping, a pool of 6% of memory within [64 MiB, 1 GiB] (allocated, so converted, once), and each
/// mapping's cost injected on the thread that queues its DMA, where swiotlb maps it. On a plain VM, the driver's
/// staging: 2 MiB chunks, nothing to inject.</summary>
internal sealed class StagedBounce : IEmulatedTransfer
{
    private readonly StagingPipeline _pipeline;
    private readonly IDeviceBuffer _deviceBuffer;
    private readonly Direction _direction;
    private readonly bool _swiotlb;

    public StagedBounce(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, CostInjector? injector, PlatformProfile platform, StagingOptions staging)
    {
        // Injected through the device's queues: the staging engine queues each chunk's DMA there, which is where
        // swiotlb maps (and so pays for) each bounce slot.
        _pipeline = new StagingPipeline(injector is null ? device : new InjectingDevice(device, injector), staging);
        _deviceBuffer = deviceBuffer;
        _direction = direction;
        _swiotlb = CostInjector.BouncesThroughSwiotlb(platform);
    }

    /// <summary>The largest swiotlb mapping, the chunk of a confidential VM's bounce.</summary>
    public const long SwiotlbMappingBytes = 256 << 10;

    /// <summary>The staging engine's shape for a platform: swiotlb's limits in confidential VMs (chunk 256 KiB, pool
    /// from the model's swiotlb parameters), the model's staging chunk and the engine's default pool elsewhere. Copies
    /// use regular stores both ways, as swiotlb's memcpy does (and as the host copy rate is measured).</summary>
    public static StagingOptions Options(PlatformProfile platform, ModelParameters parameters, int threads)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (CostInjector.BouncesThroughSwiotlb(platform))
        {
            long chunk = (long)Math.Min(parameters.Swiotlb.MappingMaxBytes, SwiotlbMappingBytes) / 4096 * 4096;
            long pool = (long)parameters.Swiotlb.PoolBytes(parameters.Machine.MemoryBytes);
            return new StagingOptions(ChunkBytes: chunk, PoolChunks: (int)Math.Max(1, pool / chunk), HostThreads: threads, NonTemporalStores: false);
        }
        return new StagingOptions(ChunkBytes: (long)parameters.Machine.StagingChunkBytes / 4096 * 4096, HostThreads: threads, NonTemporalStores: false);
    }

    public long Run(IHostBuffer host, long offset, long bytes)
    {
        if (_direction == Direction.HostToDevice)
        {
            _pipeline.CopyToDevice(_deviceBuffer, 0, host.Pointer + (nint)offset, bytes);
        }
        else
        {
            _pipeline.CopyToHost(host.Pointer + (nint)offset, _deviceBuffer, 0, bytes);
        }
        return bytes;
    }

    public string Describe()
    {
        var o = _pipeline.Options;
        return string.Create(CultureInfo.InvariantCulture,
            $"the staging engine{(_swiotlb ? " with swiotlb's limits" : "")}: {Units.FormatBytes(o.ChunkBytes)} chunks from a pinned pool of {o.PoolChunks} "
            + $"({Units.FormatBytes(o.ChunkBytes * o.PoolChunks)}), {o.HostThreads} host thread{(o.HostThreads == 1 ? "" : "s")}, {o.Streams} streams");
    }

    public void Dispose() => _pipeline.Dispose();
}
