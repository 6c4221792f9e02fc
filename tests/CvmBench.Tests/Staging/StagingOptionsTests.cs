using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

public sealed class StagingOptionsTests
{
    [Fact]
    public void The_defaults_build_a_pipeline()
    {
        Assert.Null(new StagingOptions().Problem());
    }

    [Theory]
    [InlineData(0, 4, 1, 1, "chunk size")]
    [InlineData(4097, 4, 1, 1, "multiple of 4 KiB")]
    [InlineData(4096, 0, 1, 1, "at least one chunk")]
    [InlineData(4096, 4, 0, 1, "host threads")]
    [InlineData(4096, 4, 1, 0, "streams")]
    [InlineData(4096, 4, 257, 1, "host threads")]
    public void Options_that_cannot_work_are_refused_with_the_reason(long chunk, int pool, int threads, int streams, string reason)
    {
        var options = new StagingOptions(chunk, pool, threads, streams);

        Assert.Contains(reason, options.Problem(), StringComparison.Ordinal);
        using var device = new HostMemoryDevice();
        var thrown = Assert.Throws<ArgumentException>(() => new StagingPipeline(device, options));
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_read_as_one_line()
    {
        Assert.Equal("chunk 2 MiB, pool 16 (32 MiB), 8 host threads, 2 streams, non-temporal stores into host memory", new StagingOptions().ToString());
    }

    [Fact]
    public void The_tuner_picks_options_that_work_and_says_why()
    {
        using var device = new HostMemoryDevice(linkBytesPerSecond: 8e9);

        var tuning = StagingTuner.Tune(device, TestContext.Current.CancellationToken);

        Assert.Null(tuning.Options.Problem());
        Assert.InRange(tuning.Options.HostThreads, 1, Environment.ProcessorCount);
        // The simulated device paces each queue on its own, so two streams can reach twice the rate.
        Assert.InRange(tuning.HostToDeviceDma, 1, 2 * 8 * 1.1);
        Assert.True(tuning.DeviceToHostCopy > 0);
        Assert.Contains("host thread", tuning.Summary, StringComparison.Ordinal);
        Assert.Contains("chunk", tuning.Summary, StringComparison.Ordinal);
        using var pipeline = new StagingPipeline(device, tuning.Options);
        StagingContract.RoundTrip(device, pipeline, (3L << 20) + 5, 9, 11, 3, "with tuned options");
    }
}
