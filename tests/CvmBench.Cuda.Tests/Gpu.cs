namespace CvmBench.Cuda.Tests;

/// <summary>The GPU test gate: a test that needs a GPU calls <see cref="Require"/> and is skipped, with the reason, where there is none.</summary>
internal static class Gpu
{
    private static readonly Lazy<(CudaDriver? Driver, string? Reason)> Loaded = new(() =>
    {
        try
        {
            var driver = CudaDriver.Load();
            return driver.DeviceCount > 0 ? (driver, null) : (null, "the NVIDIA driver sees no CUDA device");
        }
        catch (DriverNotFoundException e)
        {
            return (null, e.Message);
        }
    });

    public static CudaDriver Require()
    {
        var (driver, reason) = Loaded.Value;
        Assert.SkipWhen(driver is null, $"GPU test skipped: {reason}");
        return driver!;
    }
}
