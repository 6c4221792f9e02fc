using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>A device whose queues spend an injected swiotlb mapping cost before queuing each host copy, on the calling
/// thread; everything else goes straight to the device underneath.</summary>
internal sealed class InjectingDevice(ITransferDevice inner) : ITransferDevice
{
    /// <summary>What each host copy calls first; null: the copy is forwarded and nothing else happens.</summary>
    public CostInjector? Injector { get; set; }

    public DeviceDescription Description => inner.Description;

    public void BindToThread() => inner.BindToThread();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => inner.AllocateHost(kind, bytes);

    public IDeviceBuffer AllocateDevice(long bytes) => inner.AllocateDevice(bytes);

    public IHostBuffer Register(nint pointer, long bytes) => inner.Register(pointer, bytes);

    // The injector is read at each DMA: the paired overhead check switches it between samples.
    public ITransferQueue CreateQueue() => new HookedQueue(inner.CreateQueue(), () => Injector?.Mapping());

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    /// <summary>The device underneath is the caller's: it stays open.</summary>
    public void Dispose()
    {
    }
}
