using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

/// <summary>The measurement engine on a real GPU; skipped where there is none.</summary>
public class GpuMeasurementTests
{
    [Theory]
    [MemberData(nameof(BandwidthMeterTests.EveryRunnableCombination), MemberType = typeof(BandwidthMeterTests))]
    public void Every_kind_direction_and_method_is_verified_on_the_gpu(HostPath kind, Direction direction, CopyMethod method)
    {
        using var device = Gpu.OpenDevice();
        var options = new MeasurementOptions(Samples: 3, WarmupCopies: 2, BytesPerSample: 64L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 8L << 20 });
        var test = new TransferTest(kind, direction, method, (8 << 20) + 5, 0);
        var result = Assert.Single(new BandwidthMeter(device, options).Measure(test));
        Assert.True(result.Verified);
        Assert.True(result.Bandwidth.Median > 0.1, $"{result.Bandwidth.Median} GB/s");
        if (direction != Direction.DeviceToDevice)
        {
            // A verified host copy can never beat the link by more than timing noise.
            Assert.NotNull(result.LinkEfficiency);
            Assert.True(result.LinkEfficiency < 1.05, $"{result.LinkEfficiency:P0} of the link");
        }
    }

    [Fact]
    public void Bidirectional_copies_are_verified_on_the_gpu()
    {
        using var device = Gpu.OpenDevice();
        var options = new MeasurementOptions(Samples: 3, WarmupCopies: 2, BytesPerSample: 64L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 8L << 20 });
        var results = new BandwidthMeter(device, options).Measure(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 32 << 20, 0, Bidirectional: true));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Verified));
    }
}
