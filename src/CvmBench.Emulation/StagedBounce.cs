using System.Globalization;
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
    private readonly InjectingDevice? _injecting;
    private readonly IDeviceBuffer _deviceBuffer;
    private readonly Direction _direction;
    private readonly bool _swiotlb;

    public StagedBounce(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, CostInjector? injector, PlatformProfile platform, StagingOptions staging)
    {
        // Injected through the device's queues: the staging engine queues each chunk's DMA there, which is where
        // swiotlb maps (and so pays for) each bounce slot. Built without an injector, the bounce has no wrapper at all.
        _injecting = injector is null ? null : new InjectingDevice(device) { Injector = injector };
        _pipeline = new StagingPipeline(_injecting ?? device, staging);
        _deviceBuffer = deviceBuffer;
        _direction = direction;
        _swiotlb = CostInjector.BouncesThroughSwiotlb(platform);
    }

    /// <summary>Switchable only on a bounce built with an injector: the staging engine's queues are made once, with or
    /// without the wrapper that holds the injection point; switched off, the wrapper forwards each copy alone.</summary>
    public CostInjector? Injector
    {
        get => _injecting?.Injector;
        set
        {
            if (_injecting is not null)
            {
                _injecting.Injector = value;
            }
            else if (value is not null)
            {
                throw new InvalidOperationException("a bounce built without injection points cannot gain them");
            }
        }
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
