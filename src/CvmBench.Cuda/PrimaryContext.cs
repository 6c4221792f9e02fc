using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>A retained reference to a device's primary context (the one the runtime API and PyTorch share).
/// The primary context is used rather than cuCtxCreate, whose ABI changed in CUDA 13.</summary>
public sealed class PrimaryContext : SafeHandle
{
    private PrimaryContext(int device) : base(0, ownsHandle: true) => Device = device;

    public int Device { get; }

    public override bool IsInvalid => handle == 0;

    internal static PrimaryContext Retain(int device)
    {
        Check.Cuda(CudaApi.cuDevicePrimaryCtxRetain(out nint context, device));
        var result = new PrimaryContext(device);
        result.SetHandle(context);
        return result;
    }

    /// <summary>Makes this context current on the calling thread.</summary>
    public void MakeCurrent() => Check.Cuda(CudaApi.cuCtxSetCurrent(handle));

    protected override bool ReleaseHandle() => CudaApi.cuDevicePrimaryCtxRelease_v2(Device) == 0;
}
