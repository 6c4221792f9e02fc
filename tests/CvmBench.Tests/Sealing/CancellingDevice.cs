using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Tests.Sealing;

/// <summary>The simulated device, cancelling a token as the driving thread queues a transfer's
/// <paramref name="atDma"/>th DMA (counted from one): a cancellation that comes mid-transfer whatever the machine's
/// load, where a timer can fire after a small transfer has ended.</summary>
internal sealed class CancellingDevice(HostMemoryDevice inner, int atDma) : ITransferDevice, ISealingDevice
{
    private int _dmas;

    public CancellationTokenSource Cancellation { get; } = new();

    public DeviceDescription Description => inner.Description;

    public void BindToThread() => inner.BindToThread();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => inner.AllocateHost(kind, bytes);

    public IDeviceBuffer AllocateDevice(long bytes) => inner.AllocateDevice(bytes);

    public ITransferQueue CreateQueue() => new Queue(this, inner.CreateQueue());

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    public IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey) => inner.Agree(hostPublicKey);

    public void Dispose()
    {
        Cancellation.Dispose();
        inner.Dispose();
    }

    private void Counted()
    {
        if (Interlocked.Increment(ref _dmas) == atDma)
        {
            Cancellation.Cancel();
        }
    }

    private sealed class Queue(CancellingDevice owner, ITransferQueue queue) : ITransferQueue, ISealingQueue
    {
        public void Hold() => queue.Hold();

        public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            owner.Counted();
            queue.CopyHostToDevice(destination, destinationOffset, source, sourceOffset, bytes, method);
        }

        public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            owner.Counted();
            queue.CopyDeviceToHost(destination, destinationOffset, source, sourceOffset, bytes, method);
        }

        public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method) =>
            queue.CopyDeviceToDevice(destination, source, bytes, method);

        public void Open(IDeviceSealingKeys keys, IDeviceBuffer ring, long ringOffset, long plainBytes, int segmentBytes, ulong firstCounter,
            IDeviceBuffer destination, long destinationOffset, IDeviceBuffer status) =>
            ((ISealingQueue)queue).Open(keys, ring, ringOffset, plainBytes, segmentBytes, firstCounter, destination, destinationOffset, status);

        public void Seal(IDeviceSealingKeys keys, IDeviceBuffer source, long sourceOffset, long plainBytes, int segmentBytes, ulong firstCounter,
            IDeviceBuffer ring, long ringOffset) =>
            ((ISealingQueue)queue).Seal(keys, source, sourceOffset, plainBytes, segmentBytes, firstCounter, ring, ringOffset);

        public IQueueEvent Record() => queue.Record();

        public IQueueEvent Mark() => queue.Mark();

        public void Record(IQueueEvent marker) => queue.Record(marker);

        public void Wait(IQueueEvent marker) => queue.Wait(marker);

        public void Synchronize() => queue.Synchronize();

        public void Dispose() => queue.Dispose();
    }
}
