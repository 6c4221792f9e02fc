using System.Globalization;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Emulation;

/// <summary>The sealed path measured beside CC mode's one-thread encrypted bounce: CvmBench's sealed pipeline
/// (<see cref="SealedPipeline"/>), its host threads sealing pageable memory into pinned chunks with AES-GCM, the
/// device opening them (device to host the other way round). It runs on a GPU without CC mode, so none of CC mode's
/// costs apply to it: it injects nothing.</summary>
internal sealed class SealedCopy : IEmulatedTransfer
{
    /// <summary>Plain bytes per chunk: the sealed pipeline's default, whole chunks per DMA as the model's stages.</summary>
    public const long ChunkBytes = 4L << 20;

    private readonly SealedPipeline _pipeline;
    private readonly IDeviceBuffer _deviceBuffer;
    private readonly Direction _direction;

    public SealedCopy(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, StagingOptions staging)
    {
        _pipeline = new SealedPipeline(device, staging);
        _deviceBuffer = deviceBuffer;
        _direction = direction;
    }

    /// <summary>Kept for the paired overhead check, never called: the sealed path has no injection points.</summary>
    public CostInjector? Injector { get; set; }

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
            $"the sealed pipeline: AES-256-GCM, {Units.FormatBytes(_pipeline.SegmentBytes)} per tag, sealed and opened by {o.HostThreads} host thread{(o.HostThreads == 1 ? "" : "s")} "
            + $"into {Units.FormatBytes(o.ChunkBytes)} chunks from a pinned pool of {o.PoolChunks}, {o.Streams} streams, opened and sealed on the device");
    }

    public void Dispose() => _pipeline.Dispose();
}
