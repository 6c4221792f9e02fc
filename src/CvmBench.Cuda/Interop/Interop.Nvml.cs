using System.Runtime.InteropServices;

namespace CvmBench.Cuda.Interop;

/// <summary>NVML entry points, versioned where NVML has versions.</summary>
internal static unsafe partial class NvmlApi
{
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlInit_v2();
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlShutdown();
    [LibraryImport(Libraries.Nvml)] public static partial byte* nvmlErrorString(int result);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlSystemGetDriverVersion(byte* version, uint length);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlSystemGetConfComputeState(ConfComputeSystemState* state);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlSystemGetConfComputeCapabilities(ConfComputeSystemCaps* capabilities);

    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetCount_v2(out uint count);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetHandleByIndex_v2(uint index, out nint device);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetUUID(nint device, byte* uuid, uint length);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetPciInfo_v3(nint device, PciInfo* info);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetCurrPcieLinkGeneration(nint device, out uint generation);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetCurrPcieLinkWidth(nint device, out uint width);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetMaxPcieLinkGeneration(nint device, out uint generation);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetMaxPcieLinkWidth(nint device, out uint width);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetNumaNodeId(nint device, out uint node);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetCpuAffinity(nint device, uint cpuSetWords, ulong* cpuSet);
    [LibraryImport(Libraries.Nvml)] public static partial int nvmlDeviceGetConfComputeMemSizeInfo(nint device, ConfComputeMemSizeInfo* info);

    public const int Success = 0;
    public const int ErrorNotSupported = 3;
    public const int ErrorFunctionNotFound = 13;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConfComputeSystemState
{
    public uint Environment;
    public uint CcFeature;
    public uint DevToolsMode;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConfComputeSystemCaps
{
    public uint CpuCaps;
    public uint GpusCaps;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ConfComputeMemSizeInfo
{
    public ulong ProtectedMemSizeKib;
    public ulong UnprotectedMemSizeKib;
}

/// <summary>nvmlPciInfo_t as of the _v3 call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PciInfo
{
    public fixed byte BusIdLegacy[16];
    public uint Domain;
    public uint Bus;
    public uint Device;
    public uint PciDeviceId;
    public uint PciSubSystemId;
    public fixed byte BusId[32];
}
