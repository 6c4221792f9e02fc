using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Page-locked host memory from cuMemHostAlloc. In a confidential VM this is memory converted to
/// shared once, at allocation.</summary>
public sealed unsafe class PinnedHostBuffer : SafeHandle
{
    private readonly nint _context;

    private PinnedHostBuffer(nint context, long bytes, HostAllocFlags flags) : base(0, ownsHandle: true)
    {
        _context = context;
        Length = bytes;
        Flags = flags;
    }

    public long Length { get; }

    public HostAllocFlags Flags { get; }

    public nint Pointer => handle;

    public override bool IsInvalid => handle == 0;

    /// <summary>The memory as a span; only valid while the buffer is alive. Lengths above int.MaxValue must be sliced by offset.</summary>
    public Span<byte> AsSpan(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new Span<byte>((byte*)handle + offset, length);
    }

    internal static PinnedHostBuffer Allocate(nint context, long bytes, HostAllocFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Check.Cuda(CudaApi.cuMemHostAlloc(out nint pointer, (nuint)bytes, (uint)flags));
        var buffer = new PinnedHostBuffer(context, bytes, flags);
        buffer.SetHandle(pointer);
        return buffer;
    }

    /// <summary>The device address of mapped (DeviceMap) memory, for kernels that read or write it directly.</summary>
    public ulong DevicePointer() => MappedHostMemory.DevicePointer(_context, handle);

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuMemFreeHost(handle) == 0;
    }
}
