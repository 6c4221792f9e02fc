using CvmBench.Transfers;

namespace CvmBench.Tests.Staging;

/// <summary>The staging contract on the simulated host-memory device (CI).</summary>
public sealed class HostMemoryStagingTests : StagingContract
{
    protected override ITransferDevice OpenDevice() => new HostMemoryDevice();

    protected override int Seeds => 150;

    protected override long MaxRandomBytes => 3L << 20;
}
