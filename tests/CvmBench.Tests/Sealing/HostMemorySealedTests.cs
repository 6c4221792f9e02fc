using CvmBench.Transfers;

namespace CvmBench.Tests.Sealing;

/// <summary>The sealed contract on the simulated device, whose device side is the C# reference of the kernels (CI).</summary>
public sealed class HostMemorySealedTests : SealedContract
{
    protected override ITransferDevice OpenDevice() => new HostMemoryDevice();

    protected override int Seeds => 12;

    protected override long MaxRandomBytes => 9L << 20;
}
