using CvmBench.Measurement;
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

    public ITransferQueue CreateQueue() => new InjectingQueue(inner.CreateQueue(), this);

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    /// <summary>The device underneath is the caller's: it stays open.</summary>
    public void Dispose()
    {
    }

    private sealed class InjectingQueue(ITransferQueue queue, InjectingDevice device) : ITransferQueue
    {
        public void Hold() => queue.Hold();

        public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            device.Injector?.Mapping();
            queue.CopyHostToDevice(destination, destinationOffset, source, sourceOffset, bytes, method);
        }

        public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            device.Injector?.Mapping();
            queue.CopyDeviceToHost(destination, destinationOffset, source, sourceOffset, bytes, method);
        }

        public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method) =>
            queue.CopyDeviceToDevice(destination, source, bytes, method);

        public IQueueEvent Record() => queue.Record();

        public void Record(IQueueEvent marker) => queue.Record(marker);

        public void Synchronize() => queue.Synchronize();

        public void Dispose() => queue.Dispose();
    }
}
