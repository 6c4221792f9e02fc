using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>The plain pinned copy: one copy-engine DMA from (or into) pinned memory, waited for.</summary>
internal sealed class PinnedCopy(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction) : IEmulatedTransfer
{
    private readonly ITransferQueue _queue = device.CreateQueue();

    /// <summary>The pinned copy has no injection points.</summary>
    public CostInjector? Injector
    {
        get => null;
        set
        {
            if (value is not null)
            {
                throw new InvalidOperationException("the pinned copy has no injection points");
            }
        }
    }

    public long Run(IHostBuffer host, long offset, long bytes)
    {
        DeviceCopy.Enqueue(_queue, direction, host, offset, deviceBuffer, bytes);
        _queue.Synchronize();
        return bytes;
    }

    public string Describe() => "one copy-engine DMA from pinned memory, waited for";

    public void Dispose() => _queue.Dispose();
}
