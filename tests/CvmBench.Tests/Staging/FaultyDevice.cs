using CvmBench.Emulation;
using CvmBench.Transfers;

namespace CvmBench.Tests.Staging;

/// <summary>Wraps a device and, on request, fails a chosen DMA when it is queued, fails the next synchronization after
/// waiting (as a stream reports a copy error), or runs an action when a chosen DMA is queued.</summary>
internal sealed class FaultyDevice(ITransferDevice inner) : ITransferDevice
{
    private int _dmas;
    private int _failNextSynchronize;

    /// <summary>The DMA (1-based, counted across all queues) that throws when queued; 0 for none.</summary>
    public int FailDma { get; set; }

    /// <summary>The DMA (1-based) at whose queueing <see cref="Act"/> runs; 0 for none.</summary>
    public int ActAtDma { get; set; }

    public Action? Act { get; set; }

    /// <summary>Runs as each DMA is queued, before any failure injected into it.</summary>
    public Action? EachDma { get; set; }

    /// <summary>The last failure injected.</summary>
    public Exception? Injected { get; private set; }

    public int Dmas => Volatile.Read(ref _dmas);

    public DeviceDescription Description => inner.Description;

    public void FailNextSynchronize() => Volatile.Write(ref _failNextSynchronize, 1);

    public void Reset()
    {
        Volatile.Write(ref _dmas, 0);
        FailDma = 0;
        ActAtDma = 0;
        Act = null;
    }

    public void BindToThread() => inner.BindToThread();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => inner.AllocateHost(kind, bytes);

    public IDeviceBuffer AllocateDevice(long bytes) => inner.AllocateDevice(bytes);

    public ITransferQueue CreateQueue() => new HookedQueue(inner.CreateQueue(), BeforeDma, AfterSynchronize);

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    public void Dispose() => inner.Dispose();

    private void BeforeDma()
    {
        int number = Interlocked.Increment(ref _dmas);
        EachDma?.Invoke();
        if (number == ActAtDma)
        {
            Act?.Invoke();
        }
        if (number == FailDma)
        {
            throw Inject($"injected failure queueing DMA {number}");
        }
    }

    private void AfterSynchronize()
    {
        if (Interlocked.Exchange(ref _failNextSynchronize, 0) == 1)
        {
            throw Inject("injected copy error reported at synchronization");
        }
    }

    private InvalidOperationException Inject(string message)
    {
        var failure = new InvalidOperationException(message);
        Injected = failure;
        return failure;
    }
}
