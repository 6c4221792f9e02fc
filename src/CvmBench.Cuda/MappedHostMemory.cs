using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>The device address of page-locked host memory mapped into the device's address space.</summary>
internal static class MappedHostMemory
{
    public static ulong DevicePointer(nint context, nint hostPointer)
    {
        using var scope = new ContextScope(context);
        Check.Cuda(CudaApi.cuMemHostGetDevicePointer_v2(out ulong devicePointer, hostPointer, 0));
        return devicePointer;
    }
}
