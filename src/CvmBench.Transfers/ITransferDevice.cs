
namespace CvmBench.Transfers;

/// <summary>The seam between measurement and a device: allocate, queue copies, time them. The CUDA implementation
/// is the real one; <see cref="HostMemoryDevice"/> lets CI drive the same code with host memory (always labelled simulated).</summary>
public interface ITransferDevice : IDisposable
{
    DeviceDescription Description { get; }

    /// <summary>Makes the device usable from the calling thread (CUDA: sets its context current).</summary>
    void BindToThread();

    /// <summary>Host memory of the given kind.</summary>
    IHostBuffer AllocateHost(MemoryKind kind, long bytes);

    IDeviceBuffer AllocateDevice(long bytes);

    /// <summary>Page-locks existing host memory in place for DMA (cuMemHostRegister) and returns it as a
    /// <see cref="MemoryKind.Registered"/> buffer; disposing it unregisters the range and leaves the memory to its
    /// owner. A device that cannot lock memory in place says so.</summary>
    /// <exception cref="NotSupportedException">This device has no host registration.</exception>
    IHostBuffer Register(nint pointer, long bytes) =>
        throw new NotSupportedException($"{Description.Name} cannot page-lock host memory in place");

    /// <summary>Checks that a range of device memory someone else allocated (a framework's tensor) lies within one
    /// allocation of this device, before anything touches it.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    /// <exception cref="NotSupportedException">This device cannot use device memory it did not allocate.</exception>
    void CheckAllocated(ulong address, long bytes) =>
        throw new NotSupportedException($"{Description.Name} cannot use device memory it did not allocate");

    /// <summary>Device memory someone else allocated, as a buffer that frees nothing when disposed. The buffer may span
    /// several allocations (the pieces of one transfer); it is not checked, so check every range that will be touched
    /// with <see cref="CheckAllocated"/>.</summary>
    /// <exception cref="NotSupportedException">This device cannot use device memory it did not allocate.</exception>
    IDeviceBuffer Borrow(ulong address, long bytes) =>
        throw new NotSupportedException($"{Description.Name} cannot use device memory it did not allocate");

    ITransferQueue CreateQueue();

    /// <summary>Releases every queue held by <see cref="ITransferQueue.Hold"/> at once.</summary>
    void ReleaseHeldQueues();

    /// <summary>Writes host bytes into device memory, synchronously (for filling and verifying, never timed).</summary>
    void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source);

    /// <summary>Reads device memory into host bytes, synchronously (for verifying, never timed).</summary>
    void Download(Span<byte> destination, IDeviceBuffer source, long offset);
}
