using CvmBench.Cuda;
using CvmBench.Transfers;

namespace CvmBench.Tests;

/// <summary>The GPU test gate: a test that needs a GPU opens it here and is skipped, with the reason, where there is none.</summary>
internal static class Gpu
{
    private static readonly Lazy<(CudaDriver? Driver, GpuInfo? Gpu, string? Reason)> Loaded = new(() =>
    {
        try
        {
            var driver = CudaDriver.Load();
            return driver.DeviceCount > 0
                ? (driver, GpuInventory.Read(driver)[0], null)
                : (null, null, "the NVIDIA driver sees no CUDA device");
        }
        catch (DriverNotFoundException e)
        {
            return (null, null, e.Message);
        }
    });

    /// <summary>GPU 0 behind the transfer-device seam.</summary>
    public static CudaTransferDevice OpenDevice()
    {
        var (driver, gpu, reason) = Loaded.Value;
        Assert.SkipWhen(driver is null, $"GPU test skipped: {reason}");
        return new CudaTransferDevice(driver!, gpu!);
    }
}
