using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

public sealed class StagedMeasurementTests
{
    private static readonly MeasurementOptions Quick = new(Samples: 3, WarmupCopies: 1, BytesPerSample: 4L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 1L << 20 },
        Staging: new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 4, HostThreads: 2, Streams: 2));

    [Fact]
    public void Staged_is_a_memory_kind_users_can_type()
    {
        Assert.True(HostPathNames.TryParse("staged", out var kind));
        Assert.Equal(HostPath.Staged, kind);
        Assert.Equal("staged", HostPathNames.ToText(HostPath.Staged));
    }

    [Theory]
    [InlineData(Direction.HostToDevice)]
    [InlineData(Direction.DeviceToHost)]
    public void Staged_copies_are_measured_verified_and_described_as_host_driven(Direction direction)
    {
        using var device = new HostMemoryDevice();
        var meter = new BandwidthMeter(device, Quick);

        var result = Assert.Single(meter.Measure(new TransferTest(HostPath.Staged, direction, CopyMethod.CopyEngine, (1L << 20) + 3, 0), TestContext.Current.CancellationToken));

        Assert.True(result.Verified);
        Assert.Equal(3, result.Samples.Count);
        Assert.True(result.Bandwidth.Median > 0);
        Assert.Contains("not held", result.Method, StringComparison.Ordinal);
        Assert.Contains("staging pipeline", result.Method, StringComparison.Ordinal);
        Assert.Contains("2 host threads", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_options_the_meter_tunes_staging_once_and_says_what_it_picked()
    {
        using var device = new HostMemoryDevice();
        var meter = new BandwidthMeter(device, Quick with { Staging = null });

        var first = meter.Measure(new TransferTest(HostPath.Staged, Direction.HostToDevice, CopyMethod.CopyEngine, 1L << 20, 0), TestContext.Current.CancellationToken)[0];
        var second = meter.Measure(new TransferTest(HostPath.Staged, Direction.DeviceToHost, CopyMethod.CopyEngine, 1L << 20, 0), TestContext.Current.CancellationToken)[0];

        Assert.Contains("auto-tuned: chunk", first.Method, StringComparison.Ordinal);
        Assert.Equal(first.Method[first.Method.IndexOf("auto-tuned", StringComparison.Ordinal)..], second.Method[second.Method.IndexOf("auto-tuned", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Staged_copies_are_host_driven_and_cannot_be_held_run_on_SMs_or_both_ways_at_once()
    {
        var staged = new TransferTest(HostPath.Staged, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0);

        Assert.Null(TransferRules.Problem(staged));
        Assert.False(TransferRules.IsHoldable(staged));
        Assert.Contains("ce method", TransferRules.Problem(staged with { Method = CopyMethod.Sm }), StringComparison.Ordinal);
        Assert.NotNull(TransferRules.Problem(staged with { Bidirectional = true }));
    }
}
