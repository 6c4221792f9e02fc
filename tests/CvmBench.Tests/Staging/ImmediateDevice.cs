using System.Runtime.InteropServices;
using CvmBench.Transfers;

namespace CvmBench.Tests.Staging;

/// <summary>A device whose copies happen when they are queued, on the queuing thread, and whose queues allocate
/// nothing: what is left allocating in a transfer is the pipeline's own doing.</summary>
/// <param name="recordHostAddresses">Keep each DMA's host address (<see cref="HostAddresses"/>), which allocates.</param>
internal sealed unsafe class ImmediateDevice(bool recordHostAddresses = false) : ITransferDevice
{
    private int _dmas;
    private long _largestDma;
    private int _queuesCreated;
    private int _queuesUsed;
    private readonly List<nint> _hostAddresses = [];

    public DeviceDescription Description { get; } = new(0, "immediate test device", Simulated: true, Link: null, 1L << 30, "");

    /// <summary>Host-to-device and device-to-host copies queued so far.</summary>
    public int Dmas => Volatile.Read(ref _dmas);

    /// <summary>The most bytes one of them carried.</summary>
    public long LargestDma => Volatile.Read(ref _largestDma);

    /// <summary>Where in host memory each of them began, in the order queued (host to device its source, device to
    /// host its destination), where the device was made to record them.</summary>
    public IReadOnlyList<nint> HostAddresses
    {
        get
        {
            lock (_hostAddresses)
            {
                return [.. _hostAddresses];
            }
        }
    }

    /// <summary>How many of the queues created so far carried one of them (up to 32 queues).</summary>
    public int QueuesUsed => int.PopCount(Volatile.Read(ref _queuesUsed));

    public void BindToThread()
    {
    }

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => new Memory(bytes);

    public IDeviceBuffer AllocateDevice(long bytes) => new Memory(bytes);

    public ITransferQueue CreateQueue() => new Queue(this, Interlocked.Increment(ref _queuesCreated) - 1);

    public void ReleaseHeldQueues()
    {
    }

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) =>
        source.CopyTo(new Span<byte>((byte*)((Memory)destination).Pointer + offset, source.Length));

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) =>
        new ReadOnlySpan<byte>((byte*)((Memory)source).Pointer + offset, destination.Length).CopyTo(destination);

    public void Dispose()
    {
    }

    private sealed class Memory(long bytes) : IHostBuffer, IDeviceBuffer
    {
        public MemoryKind Kind => MemoryKind.Pinned;

        public long Length { get; } = bytes;

        public nint Pointer { get; } = (nint)NativeMemory.AlignedAlloc((nuint)bytes, 4096);

        public ulong DeviceAddress => (ulong)Pointer;

        public void Dispose() => NativeMemory.AlignedFree((void*)Pointer);
    }

    private void Count(nint host, long bytes, int queue)
    {
        if (recordHostAddresses)
        {
            lock (_hostAddresses)
            {
                _hostAddresses.Add(host);
            }
        }
        Interlocked.Increment(ref _dmas);
        Interlocked.Or(ref _queuesUsed, 1 << queue);
        long largest = Volatile.Read(ref _largestDma);
        while (bytes > largest && Interlocked.CompareExchange(ref _largestDma, bytes, largest) != largest)
        {
            largest = Volatile.Read(ref _largestDma);
        }
    }

    private sealed class Queue(ImmediateDevice owner, int index) : ITransferQueue
    {
        public void Hold()
        {
        }

        public void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            owner.Count(source.Pointer + (nint)sourceOffset, bytes, index);
            Buffer.MemoryCopy((byte*)source.Pointer + sourceOffset, (byte*)((Memory)destination).Pointer + destinationOffset, bytes, bytes);
        }

        public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
        {
            owner.Count(destination.Pointer + (nint)destinationOffset, bytes, index);
            Buffer.MemoryCopy((byte*)((Memory)source).Pointer + sourceOffset, (byte*)destination.Pointer + destinationOffset, bytes, bytes);
        }

        public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method) =>
            Buffer.MemoryCopy((byte*)((Memory)source).Pointer, (byte*)((Memory)destination).Pointer, bytes, bytes);

        public IQueueEvent Record() => new Reached();

        public void Record(IQueueEvent marker)
        {
        }

        // Every operation has run by the time it is queued, so whatever a marker stands for is done already.
        public void Wait(IQueueEvent marker)
        {
        }

        public void Synchronize()
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class Reached : IQueueEvent
    {
        public void Wait()
        {
        }

        public bool IsReached => true;

        public double NanosecondsSince(IQueueEvent start) => 0;

        public void Dispose()
        {
        }
    }
}
