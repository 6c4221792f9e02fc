using CvmBench.Emulation;
using CvmBench.Measurement;

namespace CvmBench.Tests.Emulation;

public class EmulationOptionsTests
{
    private static readonly EmulationOptions Options = new(EmulationOptions.Defaults(TestHost.Facts with { LastLevelCacheBytes = 64L << 20 }));

    [Theory]
    [InlineData(4096L, 32768)]
    [InlineData(1L << 20, 128)]
    [InlineData(96L << 20, 2)]
    [InlineData(1L << 30, 1)]
    public void Host_buffers_together_hold_at_least_twice_the_cache_and_no_more_than_one_buffer_beyond(long bytes, int buffers)
    {
        Assert.Equal(buffers, Options.HostBuffers(bytes));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(64L)]
    [InlineData(4097L)]
    public void Transfers_smaller_than_a_page_rotate_over_whole_pages_that_hold_twice_the_cache_not_more(long bytes)
    {
        long stride = HostRotation.PageRound(bytes);
        long total = Options.HostBuffers(bytes) * stride;
        Assert.InRange(total, 2 * Options.Measurement.Host.LastLevelCacheBytes, 2 * Options.Measurement.Host.LastLevelCacheBytes + stride - 1);
    }
}
