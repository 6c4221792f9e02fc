using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Tests.Sealing;

/// <summary>The sealed contract against real device memory and the sealed kernels; skipped where there is no GPU.</summary>
public sealed class CudaSealedTests : SealedContract
{
    protected override ITransferDevice OpenDevice()
    {
        ITransferDevice device = Gpu.OpenDevice();
        if (device is not ISealingDevice)
        {
            device.Dispose();
            Assert.Skip("GPU test skipped: this build's CUDA device has no sealed kernels");
        }
        return device;
    }

    protected override int Seeds => 20;

    protected override long MaxRandomBytes => 300L << 20;
}
