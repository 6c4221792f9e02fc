using System.Collections.Concurrent;
using System.Diagnostics;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Transfers;

/// <summary>A simulated device whose memory is host memory and whose copies are memcpy, optionally paced to a link
/// rate. It exercises the measurement and transfer code in CI without a GPU; its numbers are always labelled simulated.
/// Its sealed transfers are the C# reference of the sealed kernels (<see cref="HostMemorySealing"/>).</summary>
public sealed unsafe class HostMemoryDevice : ITransferDevice, ISealingDevice
{
    private readonly ManualResetEventSlim _released = new(initialState: true);
    // Live allocations, so a borrowed range is checked as a real device checks its address space.
    private readonly ConcurrentDictionary<SimulatedDeviceBuffer, byte> _allocations = new();

    /// <param name="ordinal">The simulated device's number.</param>
    /// <param name="linkBytesPerSecond">Pace every copy to this rate (0: as fast as memcpy goes).</param>
    /// <param name="memoryBytes">The simulated device memory size.</param>
    public HostMemoryDevice(int ordinal = 0, double linkBytesPerSecond = 0, long memoryBytes = 8L << 30)
    {
        LinkBytesPerSecond = linkBytesPerSecond;
        Description = new DeviceDescription(ordinal, $"simulated host-memory device {ordinal}", Simulated: true, Link: null, memoryBytes, CpuAffinity: "");
    }

    public DeviceDescription Description { get; }

    public double LinkBytesPerSecond { get; }

    public void BindToThread()
    {
    }

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => kind switch
    {
        MemoryKind.Pageable => new PageableHostBuffer(bytes),
        MemoryKind.Pinned or MemoryKind.WriteCombined or MemoryKind.Registered or MemoryKind.Mapped => new SimulatedPinnedBuffer(kind, bytes),
        _ => throw new ArgumentException($"{MemoryKindNames.ToText(kind)} memory is not a host allocation", nameof(kind)),
    };

    public IDeviceBuffer AllocateDevice(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Description.MemoryBytes);
        var buffer = new SimulatedDeviceBuffer(this, bytes);
        _allocations[buffer] = 0;
        return buffer;
    }

    /// <summary>Checked against this device's live allocations; an address is the host address of the bytes.</summary>
    public void CheckAllocated(ulong address, long bytes)
    {
        foreach (var allocation in _allocations.Keys)
        {
            ulong start = (ulong)allocation.Pointer;
            if (bytes >= 0 && address >= start && address - start <= (ulong)allocation.Length && (ulong)bytes <= (ulong)allocation.Length - (address - start))
            {
                return;
            }
        }
        throw new ArgumentException($"{bytes} bytes at device address 0x{address:x} are not within one allocation on {Description.Name}");
    }

    public IDeviceBuffer Borrow(ulong address, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return new SimulatedDeviceBuffer((nint)address, bytes);
    }

    /// <summary>Nothing to lock: the range is handed back as registered memory, still owned by the caller.</summary>
    public IHostBuffer Register(nint pointer, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return new SimulatedRegistration(pointer, bytes);
    }

    public ITransferQueue CreateQueue() => new HostMemoryQueue(this);

    /// <summary>The agreement as the sealed kernels make it, in C#.</summary>
    public IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey) => HostMemorySealing.Agree(hostPublicKey);

    /// <summary>The device side of sealed transfers, and its test hooks.</summary>
    internal HostMemorySealing Sealing { get; } = new();

    public void ReleaseHeldQueues() => _released.Set();

    internal void Arm() => _released.Reset();

    internal void WaitForRelease() => _released.Wait();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) =>
        source.CopyTo(new Span<byte>((byte*)((SimulatedDeviceBuffer)destination).Pointer + offset, source.Length));

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) =>
        new ReadOnlySpan<byte>((byte*)((SimulatedDeviceBuffer)source).Pointer + offset, destination.Length).CopyTo(destination);

    /// <summary>One copy, paced to the simulated link when one is set.</summary>
    internal void Copy(nint destination, nint source, long bytes)
    {
        long start = Stopwatch.GetTimestamp();
        Buffer.MemoryCopy((void*)source, (void*)destination, bytes, bytes);
        if (LinkBytesPerSecond > 0)
        {
            double due = bytes / LinkBytesPerSecond;
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < due)
            {
                Thread.SpinWait(64);
            }
        }
    }

    public void Dispose() => _released.Dispose();

    internal sealed class SimulatedDeviceBuffer : IDeviceBuffer
    {
        private readonly HostMemoryDevice? _owner;
        private readonly PageableHostBuffer? _memory;
        private readonly nint _borrowed;

        /// <summary>An allocation of <paramref name="owner"/>.</summary>
        public SimulatedDeviceBuffer(HostMemoryDevice owner, long bytes)
        {
            _owner = owner;
            _memory = new PageableHostBuffer(bytes);
            Length = bytes;
        }

        /// <summary>A range of an allocation, freed by its owner.</summary>
        public SimulatedDeviceBuffer(nint pointer, long bytes)
        {
            _borrowed = pointer;
            Length = bytes;
        }

        public nint Pointer => _memory?.Pointer ?? _borrowed;

        public long Length { get; }

        public ulong Address => (ulong)Pointer;

        public void Dispose()
        {
            _owner?._allocations.TryRemove(this, out _);
            _memory?.Dispose();
        }
    }

    private sealed class SimulatedRegistration(nint pointer, long bytes) : IHostBuffer
    {
        public MemoryKind Kind => MemoryKind.Registered;

        public long Length { get; } = bytes;

        public nint Pointer { get; } = pointer;

        public ulong DeviceAddress => (ulong)Pointer;

        public void Dispose()
        {
        }
    }

    /// <summary>Page-locked kinds are plain host memory here; like unified addressing, the host address is the kernel address.</summary>
    private sealed class SimulatedPinnedBuffer(MemoryKind kind, long bytes) : IHostBuffer
    {
        private readonly PageableHostBuffer _memory = new(bytes);

        public MemoryKind Kind { get; } = kind;

        public long Length => _memory.Length;

        public nint Pointer => _memory.Pointer;

        public ulong DeviceAddress => (ulong)_memory.Pointer;

        public void Dispose() => _memory.Dispose();
    }
}
