using CvmBench.Cuda;
using CvmBench.Transfers;

namespace CvmBench.Tests.Sealing;

/// <summary>The sealed contract against real device memory and the sealed kernels; skipped where there is no GPU.</summary>
public sealed class CudaSealedTests : SealedContract
{
    protected override ITransferDevice OpenDevice()
    {
        var device = Gpu.OpenDevice();
        try
        {
            SealedKernels.EmbeddedPtx();
        }
        catch (InvalidOperationException e)
        {
            device.Dispose();
            Assert.Skip($"GPU test skipped: {e.Message}");
        }
        return device;
    }

    protected override int Seeds => 20;

    protected override long MaxRandomBytes => 300L << 20;
}
