using CvmBench.Measurement;
using CvmBench.Transfers.Staging;
using CvmBench.Transfers;

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
        Assert.Equal("chunk 4 MiB, pool 16 (64 MiB), 8 host threads, 2 streams, non-temporal stores", new StagingOptions().ToString());
    }

    [Theory]
    // 54 GB/s for 1.2 ms is 64.8 MB: 31 chunks of 2 MiB, well inside a quarter of a 300 MiB cache.
    [InlineData(2L << 20, 54.0, 300L << 20, 31)]
    // A slower link needs less.
    [InlineData(2L << 20, 12.0, 300L << 20, 7)]
    // A small cache caps the pool: a quarter of 64 MiB is 8 chunks of 2 MiB.
    [InlineData(2L << 20, 54.0, 64L << 20, 8)]
    // Never fewer than two DMAs queued per stream and two chunks being copied.
    [InlineData(4L << 20, 1.0, 300L << 20, 6)]
    [InlineData(2L << 20, 54.0, 8L << 20, 6)]
    // An unpaced simulated device: as much as the cache allows.
    [InlineData(2L << 20, double.PositiveInfinity, 64L << 20, 8)]
    public void The_pool_holds_about_a_millisecond_of_dma_within_the_cache(long chunk, double dmaRate, long cache, int expected)
    {
        Assert.Equal(expected, StagingTuner.PoolChunks(chunk, dmaRate, cache));
    }

    [Fact]
    public void The_tuner_picks_options_that_work_and_says_why()
    {
        using var device = new HostMemoryDevice(linkBytesPerSecond: 8e9);

        var tuning = StagingTuner.Tune(device, TestHost.Facts, TestContext.Current.CancellationToken);

        Assert.Null(tuning.Options.Problem());
        Assert.InRange(tuning.Options.HostThreads, 1, Environment.ProcessorCount);
        // The simulated device paces each queue on its own, so two streams can reach twice the rate, never more (a
        // busy machine can only slow them).
        Assert.InRange(tuning.HostToDeviceDma, double.Epsilon, 2 * 8 * 1.1);
        Assert.True(tuning.HostToDeviceStaged > 0 && tuning.DeviceToHostStaged > 0);
        Assert.Contains("host thread", tuning.Summary, StringComparison.Ordinal);
        Assert.Contains("chunk", tuning.Summary, StringComparison.Ordinal);
        Assert.Contains("pool", tuning.Summary, StringComparison.Ordinal);
        using var pipeline = new StagingPipeline(device, tuning.Options);
        StagingContract.RoundTrip(device, pipeline, (3L << 20) + 5, 9, 11, 3, "with tuned options");
    }
}
