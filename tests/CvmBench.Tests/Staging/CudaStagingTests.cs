using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>The staging contract against real device memory; skipped where there is no GPU.</summary>
public sealed class CudaStagingTests : StagingContract
{
    protected override ITransferDevice OpenDevice() => Gpu.OpenDevice();

    protected override int Seeds => 40;

    protected override long MaxRandomBytes => 64L << 20;

    [Fact]
    public void A_transfer_past_2_GiB_arrives_byte_exact_both_ways()
    {
        using var device = OpenDevice();
        using var pipeline = new StagingPipeline(device, new StagingOptions(HostThreads: Math.Min(8, Environment.ProcessorCount)));
        long bytes = (5L << 29) + 12345;
        RoundTrip(device, pipeline, bytes, 17, 4099, 42, $"{bytes} bytes");
    }

    [Fact]
    public void Steady_state_transfers_allocate_nothing_on_the_calling_thread()
    {
        using var device = OpenDevice();
        StagingAllocationTests.AssertNoSteadyStateAllocation(device);
    }
}
