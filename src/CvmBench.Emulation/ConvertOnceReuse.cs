using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>Convert once, reuse n times: the pages are registered (real) and converted to shared (injected) once,
/// DMA'd n times one transfer at a time (real), then converted back (injected) and unregistered (real).</summary>
internal sealed class ConvertOnceReuse(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, CostInjector? injector, int reuses) : IEmulatedTransfer
{
    private readonly ITransferQueue _queue = device.CreateQueue();

    public CostInjector? Injector { get; set; } = injector;

    public long Run(IHostBuffer host, long offset, long bytes)
    {
        using var registered = device.Register(host.Pointer + (nint)offset, HostRotation.PageRound(bytes));
        Injector?.ToShared(bytes);
        for (int i = 0; i < reuses; i++)
        {
            DeviceCopy.Enqueue(_queue, direction, registered, 0, deviceBuffer, bytes);
            _queue.Synchronize();
        }
        Injector?.ToPrivate(bytes);
        return bytes * reuses;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"register (real) and convert to shared (injected) once, {reuses} DMAs one at a time (real), convert to private (injected), unregister (real); time per DMA");

    public void Dispose() => _queue.Dispose();
}
