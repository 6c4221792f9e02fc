using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>CUDA driver API entry points. Always the versioned export: the plain names keep old ABIs.</summary>
internal static unsafe partial class CudaApi
{
    [LibraryImport(Libraries.Cuda)] public static partial int cuInit(uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDriverGetVersion(out int version);
    [LibraryImport(Libraries.Cuda)] public static partial int cuGetErrorName(int error, out byte* name);
    [LibraryImport(Libraries.Cuda)] public static partial int cuGetErrorString(int error, out byte* description);

    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGetCount(out int count);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGetUuid_v2(byte* uuid16, int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceTotalMem_v2(out nuint bytes, int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGetAttribute(out int value, DeviceAttribute attribute, int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDeviceGetPCIBusId(byte* busId, int length, int device);

    [LibraryImport(Libraries.Cuda)] public static partial int cuDevicePrimaryCtxRetain(out nint context, int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(Libraries.Cuda)] public static partial int cuCtxSetCurrent(nint context);
    [LibraryImport(Libraries.Cuda)] public static partial int cuCtxGetCurrent(out nint context);
    [LibraryImport(Libraries.Cuda)] public static partial int cuCtxPushCurrent_v2(nint context);
    [LibraryImport(Libraries.Cuda)] public static partial int cuCtxPopCurrent_v2(out nint context);
    [LibraryImport(Libraries.Cuda)] public static partial int cuCtxSynchronize();

    [LibraryImport(Libraries.Cuda)] public static partial int cuMemGetInfo_v2(out nuint free, out nuint total);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemAlloc_v2(out ulong pointer, nuint bytes);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemFree_v2(ulong pointer);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemGetAddressRange_v2(out ulong start, out nuint bytes, ulong pointer);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemHostAlloc(out nint pointer, nuint bytes, uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemFreeHost(nint pointer);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemHostRegister_v2(nint pointer, nuint bytes, uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemHostUnregister(nint pointer);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemHostGetDevicePointer_v2(out ulong devicePointer, nint hostPointer, uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemsetD8_v2(ulong pointer, byte value, nuint count);

    [LibraryImport(Libraries.Cuda)] public static partial int cuMemcpyHtoD_v2(ulong destination, nint source, nuint bytes);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemcpyDtoH_v2(nint destination, ulong source, nuint bytes);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemcpyHtoDAsync_v2(ulong destination, nint source, nuint bytes, nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemcpyDtoHAsync_v2(nint destination, ulong source, nuint bytes, nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuMemcpyDtoDAsync_v2(ulong destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(Libraries.Cuda)] public static partial int cuStreamCreate(out nint stream, uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuStreamDestroy_v2(nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuStreamSynchronize(nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuStreamQuery(nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuStreamWaitEvent(nint stream, nint @event, uint flags);

    [LibraryImport(Libraries.Cuda)] public static partial int cuEventCreate(out nint @event, uint flags);
    [LibraryImport(Libraries.Cuda)] public static partial int cuEventDestroy_v2(nint @event);
    [LibraryImport(Libraries.Cuda)] public static partial int cuEventRecord(nint @event, nint stream);
    [LibraryImport(Libraries.Cuda)] public static partial int cuEventSynchronize(nint @event);
    [LibraryImport(Libraries.Cuda)] public static partial int cuEventQuery(nint @event);
    // The _v2 export exists from CUDA 12.8 on; older drivers only have the original.
    [LibraryImport(Libraries.Cuda)] public static partial int cuEventElapsedTime_v2(out float milliseconds, nint start, nint end);
    [LibraryImport(Libraries.Cuda, EntryPoint = "cuEventElapsedTime")] public static partial int cuEventElapsedTime_v1(out float milliseconds, nint start, nint end);

    [LibraryImport(Libraries.Cuda)] public static partial int cuModuleLoadData(out nint module, byte* image);
    [LibraryImport(Libraries.Cuda)] public static partial int cuModuleUnload(nint module);
    [LibraryImport(Libraries.Cuda, StringMarshalling = StringMarshalling.Utf8)] public static partial int cuModuleGetFunction(out nint function, nint module, string name);
    [LibraryImport(Libraries.Cuda)]
    public static partial int cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemoryBytes, nint stream, void** parameters, void** extra);
}

/// <summary>The CUdevice_attribute values this project reads (cuda.h).</summary>
internal enum DeviceAttribute
{
    MultiprocessorCount = 16,
    CanMapHostMemory = 19,
    PciBusId = 33,
    PciDeviceId = 34,
    AsyncEngineCount = 40,
    UnifiedAddressing = 41,
    PciDomainId = 50,
    ComputeCapabilityMajor = 75,
    ComputeCapabilityMinor = 76,
    HostRegisterSupported = 99,
}
