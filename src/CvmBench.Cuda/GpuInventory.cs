using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>Lists the GPUs: CUDA for identity, NVML (matched by UUID, never by index) for link, NUMA and CC state.</summary>
public static unsafe class GpuInventory
{
    private const string NvmlSource = "NVML";

    public static IReadOnlyList<GpuInfo> Read(CudaDriver driver)
    {
        var devices = Enumerable.Range(0, driver.DeviceCount).Select(driver.Describe).ToList();
        if (!NativeLibrary.TryLoad(Libraries.Nvml, out nint library))
        {
            return devices.Select(d => WithoutNvml(d, $"{Libraries.Nvml} not found")).ToList();
        }
        NativeLibrary.Free(library);

        int init = NvmlApi.nvmlInit_v2();
        if (init != NvmlApi.Success)
        {
            string reason = Check.NvmlError(init, "nvmlInit_v2").Message;
            return devices.Select(d => WithoutNvml(d, reason)).ToList();
        }
        try
        {
            var handles = NvmlHandlesByUuid();
            var driverVersion = Try(NvmlDriverVersion);
            var cc = Try(NvmlConfidentialComputing);
            return devices.Select(d => handles.TryGetValue(d.Uuid, out nint h)
                ? FromNvml(d, h, driverVersion, cc)
                : WithoutNvml(d, $"NVML has no device with UUID {d.Uuid}")).ToList();
        }
        finally
        {
            _ = NvmlApi.nvmlShutdown();
        }
    }

    private static Dictionary<string, nint> NvmlHandlesByUuid()
    {
        Check.Nvml(NvmlApi.nvmlDeviceGetCount_v2(out uint count));
        var map = new Dictionary<string, nint>(StringComparer.OrdinalIgnoreCase);
        byte* uuid = stackalloc byte[96];
        for (uint i = 0; i < count; i++)
        {
            Check.Nvml(NvmlApi.nvmlDeviceGetHandleByIndex_v2(i, out nint handle));
            Check.Nvml(NvmlApi.nvmlDeviceGetUUID(handle, uuid, 96));
            map[Marshal.PtrToStringUTF8((nint)uuid) ?? ""] = handle;
        }
        return map;
    }

    private static GpuInfo FromNvml(CudaDeviceProperties d, nint h, Fact<string> driverVersion, Fact<ConfidentialComputingState> cc) => new(
        d,
        driverVersion,
        Try(() => new PcieLink(NvmlUInt(h, NvmlApi.nvmlDeviceGetCurrPcieLinkGeneration), NvmlUInt(h, NvmlApi.nvmlDeviceGetCurrPcieLinkWidth))),
        Try(() => new PcieLink(NvmlUInt(h, NvmlApi.nvmlDeviceGetMaxPcieLinkGeneration), NvmlUInt(h, NvmlApi.nvmlDeviceGetMaxPcieLinkWidth))),
        NumaNode(d, h),
        Try(() => CpuList.Format(CpuAffinity(h))),
        cc,
        Try(() => ProtectedMemory(h)));

    private static GpuInfo WithoutNvml(CudaDeviceProperties d, string reason) => new(
        d,
        Fact<string>.Missing(NvmlSource, reason),
        Fact<PcieLink>.Missing(NvmlSource, reason),
        Fact<PcieLink>.Missing(NvmlSource, reason),
        SysfsNumaNode(d, reason),
        Fact<string>.Missing(NvmlSource, reason),
        Fact<ConfidentialComputingState>.Missing(NvmlSource, reason),
        Fact<long>.Missing(NvmlSource, reason));

    private static Fact<T> Try<T>(Func<T> read)
    {
        try
        {
            return Fact<T>.Known(read(), NvmlSource);
        }
        catch (NvmlException e)
        {
            return Fact<T>.Missing(NvmlSource, e.Message);
        }
        catch (EntryPointNotFoundException e)
        {
            return Fact<T>.Missing(NvmlSource, $"this NVML lacks the call ({e.Message})");
        }
    }

    private static int NvmlUInt(nint handle, NvmlUIntGetter getter, [CallerArgumentExpression(nameof(getter))] string call = "")
    {
        int result = getter(handle, out uint value);
        if (result != NvmlApi.Success)
        {
            throw Check.NvmlError(result, call);
        }
        return (int)value;
    }

    private delegate int NvmlUIntGetter(nint device, out uint value);

    private static string NvmlDriverVersion()
    {
        byte* text = stackalloc byte[96];
        Check.Nvml(NvmlApi.nvmlSystemGetDriverVersion(text, 96));
        return Marshal.PtrToStringUTF8((nint)text) ?? "";
    }

    private static ConfidentialComputingState NvmlConfidentialComputing()
    {
        ConfComputeSystemState state;
        Check.Nvml(NvmlApi.nvmlSystemGetConfComputeState(&state));
        ConfComputeSystemCaps caps;
        Check.Nvml(NvmlApi.nvmlSystemGetConfComputeCapabilities(&caps));
        return new ConfidentialComputingState(
            Enabled: state.CcFeature == 1,
            Environment: ConfidentialComputingState.EnvironmentName(state.Environment),
            DevToolsMode: state.DevToolsMode == 1,
            CpuCapability: ConfidentialComputingState.CpuCapabilityName(caps.CpuCaps),
            GpusCapable: caps.GpusCaps == 1);
    }

    private static long ProtectedMemory(nint handle)
    {
        ConfComputeMemSizeInfo info;
        Check.Nvml(NvmlApi.nvmlDeviceGetConfComputeMemSizeInfo(handle, &info));
        return (long)info.ProtectedMemSizeKib * 1024;
    }

    private static IReadOnlyList<int> CpuAffinity(nint handle)
    {
        const uint Words = 64; // room for 4096 CPUs
        ulong* mask = stackalloc ulong[(int)Words];
        Check.Nvml(NvmlApi.nvmlDeviceGetCpuAffinity(handle, Words, mask));
        return CpuList.FromMask(new ReadOnlySpan<ulong>(mask, (int)Words));
    }

    private static Fact<int> NumaNode(CudaDeviceProperties d, nint handle)
    {
        int result = NvmlApi.nvmlDeviceGetNumaNodeId(handle, out uint node);
        return result == NvmlApi.Success
            ? Fact<int>.Known((int)node, NvmlSource)
            : SysfsNumaNode(d, Check.NvmlError(result, "nvmlDeviceGetNumaNodeId").Message);
    }

    /// <summary>NVML cannot always say (VMs often report not supported); the kernel's PCI view can.</summary>
    private static Fact<int> SysfsNumaNode(CudaDeviceProperties d, string nvmlReason)
    {
        string path = $"/sys/bus/pci/devices/{d.PciBusId}/numa_node";
        try
        {
            int node = int.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return node < 0
                ? Fact<int>.Missing(path, "the kernel assigns the device to no NUMA node (-1)")
                : Fact<int>.Known(node, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Fact<int>.Missing(path, $"{nvmlReason}; {e.Message}");
        }
    }
}
