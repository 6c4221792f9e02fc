using System.Runtime.InteropServices;
using System.Text;
using CvmBench.Cuda.Interop;

namespace CvmBench.Cuda;

/// <summary>The loaded CUDA driver: its version, its devices, and the entry to open one.</summary>
public sealed unsafe class CudaDriver
{
    private const int ErrorNoDevice = 100;

    private CudaDriver(int version, int deviceCount)
    {
        Version = version;
        DeviceCount = deviceCount;
    }

    /// <summary>The CUDA version the driver supports, as 1000 x major + 10 x minor (13000 for 13.0).</summary>
    public int Version { get; }

    public string VersionText => $"{Version / 1000}.{Version % 1000 / 10}";

    public int DeviceCount { get; }

    /// <summary>Loads libcuda.so.1 and initializes it.</summary>
    /// <exception cref="DriverNotFoundException">No driver library on this machine.</exception>
    public static CudaDriver Load()
    {
        if (!IsInstalled())
        {
            throw new DriverNotFoundException();
        }
        int init = CudaApi.cuInit(0);
        if (init != 0 && init != ErrorNoDevice)
        {
            throw Check.CudaError(init, "cuInit");
        }
        Check.Cuda(CudaApi.cuDriverGetVersion(out int version));
        int count = 0;
        if (init == 0)
        {
            Check.Cuda(CudaApi.cuDeviceGetCount(out count));
        }
        return new CudaDriver(version, count);
    }

    /// <summary>Whether libcuda.so.1 can be loaded here.</summary>
    public static bool IsInstalled()
    {
        if (!NativeLibrary.TryLoad(Libraries.Cuda, out nint library))
        {
            return false;
        }
        NativeLibrary.Free(library);
        return true;
    }

    /// <summary>Opens a device on its primary context and makes that context current on this thread.</summary>
    public CudaDevice Open(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, DeviceCount);
        return new CudaDevice(ordinal, elapsedV2: Version >= 12080);
    }

    /// <summary>What CUDA says of a device.</summary>
    public CudaDeviceProperties Describe(int ordinal)
    {
        Check.Cuda(CudaApi.cuDeviceGet(out int device, ordinal));
        byte* name = stackalloc byte[256];
        Check.Cuda(CudaApi.cuDeviceGetName(name, 256, device));
        byte* uuid = stackalloc byte[16];
        Check.Cuda(CudaApi.cuDeviceGetUuid_v2(uuid, device));
        byte* bus = stackalloc byte[64];
        Check.Cuda(CudaApi.cuDeviceGetPCIBusId(bus, 64, device));
        Check.Cuda(CudaApi.cuDeviceTotalMem_v2(out nuint total, device));
        return new CudaDeviceProperties(
            Ordinal: ordinal,
            Name: Marshal.PtrToStringUTF8((nint)name) ?? "",
            Uuid: FormatUuid(new ReadOnlySpan<byte>(uuid, 16)),
            PciBusId: (Marshal.PtrToStringUTF8((nint)bus) ?? "").ToLowerInvariant(),
            TotalMemoryBytes: (long)total,
            ComputeCapability: $"{Attribute(DeviceAttribute.ComputeCapabilityMajor, device)}.{Attribute(DeviceAttribute.ComputeCapabilityMinor, device)}",
            MultiprocessorCount: Attribute(DeviceAttribute.MultiprocessorCount, device),
            AsyncEngineCount: Attribute(DeviceAttribute.AsyncEngineCount, device),
            CanMapHostMemory: Attribute(DeviceAttribute.CanMapHostMemory, device) != 0,
            HostRegisterSupported: Attribute(DeviceAttribute.HostRegisterSupported, device) != 0);
    }

    private static int Attribute(DeviceAttribute attribute, int device)
    {
        Check.Cuda(CudaApi.cuDeviceGetAttribute(out int value, attribute, device));
        return value;
    }

    /// <summary>Formats CUDA's 16 UUID bytes the way NVML prints them: <c>GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public static string FormatUuid(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("GPU-", 40);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                text.Append('-');
            }
            text.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
