using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>A queue that runs a step on the queuing thread before each copy between host and device (and, if given,
/// after each synchronization), and otherwise passes everything to the queue it wraps: how a device wrapper adds work
/// at the point where a DMA is queued.</summary>
internal sealed class HookedQueue(ITransferQueue queue, Action beforeDma, Action? afterSynchronize = null) : ITransferQueue
{
    public void Hold() => queue.Hold();

    public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        beforeDma();
        queue.CopyHostToDevice(destination, destinationOffset, source, sourceOffset, bytes, method);
    }

    public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
    {
        beforeDma();
        queue.CopyDeviceToHost(destination, destinationOffset, source, sourceOffset, bytes, method);
    }

    public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method) =>
        queue.CopyDeviceToDevice(destination, source, bytes, method);

    public IQueueEvent Record() => queue.Record();

    public IQueueEvent Mark() => queue.Mark();

    public void Record(IQueueEvent marker) => queue.Record(marker);

    public void Wait(IQueueEvent marker) => queue.Wait(marker);

    public void Synchronize()
    {
        queue.Synchronize();
        afterSynchronize?.Invoke();
    }

    public void Dispose() => queue.Dispose();
}
