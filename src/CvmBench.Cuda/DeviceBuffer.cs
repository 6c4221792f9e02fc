using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Device memory from cuMemAlloc, or a range of someone else's device memory (<see cref="Borrow"/>).</summary>
public sealed class DeviceBuffer : SafeHandle
{
    private readonly nint _context;

    private DeviceBuffer(nint context, long bytes, bool owned = true) : base(0, ownsHandle: owned)
    {
        _context = context;
        Length = bytes;
    }

    public long Length { get; }

    /// <summary>The CUdeviceptr.</summary>
    public ulong Pointer => (ulong)handle;

    public override bool IsInvalid => handle == 0;

    internal static DeviceBuffer Allocate(nint context, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Check.Cuda(CudaApi.cuMemAlloc_v2(out ulong pointer, (nuint)bytes));
        var buffer = new DeviceBuffer(context, bytes);
        buffer.SetHandle((nint)pointer);
        return buffer;
    }

    /// <summary>A range of device memory someone else allocated (PyTorch, say), which disposing frees nothing. Not
    /// checked: see <see cref="CudaDevice.CheckAllocated"/>.</summary>
    internal static DeviceBuffer Borrow(nint context, ulong pointer, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        var buffer = new DeviceBuffer(context, bytes, owned: false);
        buffer.SetHandle((nint)pointer);
        return buffer;
    }

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuMemFree_v2((ulong)handle) == 0;
    }
}
