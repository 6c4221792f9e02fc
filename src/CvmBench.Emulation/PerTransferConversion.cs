using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>Convert per transfer: the caller's pageable pages are registered (cuMemHostRegister, real), converted to
/// shared (injected), DMA'd (real, waited for), converted back to private (injected) and unregistered (real).
/// Nothing overlaps.</summary>
internal sealed class PerTransferConversion(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, CostInjector? injector) : IEmulatedTransfer
{
    private readonly ITransferQueue _queue = device.CreateQueue();

    public CostInjector? Injector { get; set; } = injector;

    public long Run(IHostBuffer host, long offset, long bytes)
    {
        using var registered = device.Register(host.Pointer + (nint)offset, HostRotation.PageRound(bytes));
        Injector?.ToShared(bytes);
        DeviceCopy.Enqueue(_queue, direction, registered, 0, deviceBuffer, bytes);
        _queue.Synchronize();
        Injector?.ToPrivate(bytes);
        return bytes;
    }

    public string Describe() => "register the pageable pages (real), convert to shared (injected), one DMA (real, waited for), "
        + "convert to private (injected), unregister (real)";

    public void Dispose() => _queue.Dispose();
}
