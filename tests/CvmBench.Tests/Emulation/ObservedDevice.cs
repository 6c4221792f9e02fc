using CvmBench.Emulation;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>Wraps a device and records what is asked of it: pinned allocations, device allocations, queues, and every
/// registration and its undoing, in order; <see cref="BeforeCopy"/> sees every copy between host and device as it is
/// queued.</summary>
internal sealed class ObservedDevice(ITransferDevice inner) : ITransferDevice
{
    private readonly object _gate = new();
    private readonly List<(string Call, nint Pointer)> _registrations = [];

    /// <summary>Called on the queuing thread before each copy between host and device.</summary>
    public Action? BeforeCopy { get; init; }

    public int PinnedAllocations { get; private set; }

    public int DeviceAllocations { get; private set; }

    public int Queues { get; private set; }

    /// <summary>"register" and "unregister" with the address, in the order they happened.</summary>
    public IReadOnlyList<(string Call, nint Pointer)> Registrations
    {
        get
        {
            lock (_gate)
            {
                return [.. _registrations];
            }
        }
    }

    public DeviceDescription Description => inner.Description;

    public void BindToThread() => inner.BindToThread();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes)
    {
        PinnedAllocations += kind == MemoryKind.Pinned ? 1 : 0;
        return inner.AllocateHost(kind, bytes);
    }

    public IDeviceBuffer AllocateDevice(long bytes)
    {
        DeviceAllocations++;
        return inner.AllocateDevice(bytes);
    }

    public IHostBuffer Register(nint pointer, long bytes)
    {
        Log("register", pointer);
        return new Registration(inner.Register(pointer, bytes), this);
    }

    public ITransferQueue CreateQueue()
    {
        Queues++;
        return new HookedQueue(inner.CreateQueue(), () => BeforeCopy?.Invoke());
    }

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    public void Dispose() => inner.Dispose();

    private void Log(string call, nint pointer)
    {
        lock (_gate)
        {
            _registrations.Add((call, pointer));
        }
    }

    private sealed class Registration(IHostBuffer registered, ObservedDevice device) : IHostBuffer
    {
        public MemoryKind Kind => registered.Kind;

        public long Length => registered.Length;

        public nint Pointer => registered.Pointer;

        public ulong DeviceAddress => registered.DeviceAddress;

        public void Dispose()
        {
            device.Log("unregister", registered.Pointer);
            registered.Dispose();
        }
    }
}
