using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>An existing (pageable) host range page-locked with cuMemHostRegister; disposing unregisters it.
/// The memory itself stays owned by whoever allocated it.</summary>
public sealed class HostRegistration : SafeHandle
{
    private readonly nint _context;

    private HostRegistration(nint context, long bytes) : base(0, ownsHandle: true)
    {
        _context = context;
        Length = bytes;
    }

    public long Length { get; }

    public nint Pointer => handle;

    public override bool IsInvalid => handle == 0;

    internal static HostRegistration Register(nint context, nint pointer, long bytes, HostRegisterFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Check.Cuda(CudaApi.cuMemHostRegister_v2(pointer, (nuint)bytes, (uint)flags));
        var registration = new HostRegistration(context, bytes);
        registration.SetHandle(pointer);
        return registration;
    }

    /// <summary>The device address of a range registered with DeviceMap.</summary>
    public ulong DevicePointer() => MappedHostMemory.DevicePointer(_context, handle);

    protected override bool ReleaseHandle()
    {
        using var scope = new ContextScope(_context);
        return CudaApi.cuMemHostUnregister(handle) == 0;
    }
}
