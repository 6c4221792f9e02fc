using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>A transfer's timeline: its points in the order the pipeline must pass them, for each direction.</summary>
public sealed class StagingTimelineTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    public void The_timeline_follows_the_transfer(int threads, bool toDevice)
    {
        using var device = new HostMemoryDevice(linkBytesPerSecond: 2e9);
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 3, HostThreads: threads));
        const long Bytes = (5L << 20) + 17;
        using var memory = device.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 3);
        Assert.Equal(default, pipeline.LastTransfer);

        if (toDevice)
        {
            pipeline.CopyToDevice(memory, 0, host.Start, Bytes, TestContext.Current.CancellationToken);
        }
        else
        {
            pipeline.CopyToHost(host.Start, memory, 0, Bytes, TestContext.Current.CancellationToken);
        }

        var t = pipeline.LastTransfer;
        Assert.Equal(Bytes, t.Bytes);
        // Twenty whole chunks of 256 KiB and 17 bytes.
        Assert.Equal(21, t.Dmas);
        Assert.Equal(threads == 1, t.LastHelperJoined == TimeSpan.Zero);
        Assert.True(t.FirstSliceClaimed <= t.FirstChunkCopied, $"{t}");
        Assert.True(t.FirstDmaQueued <= t.LastDmaQueued && t.LastDmaQueued <= t.DmasDone, $"{t}");
        Assert.True(t.FirstChunkCopied <= t.LastChunkCopied && t.DmasDone <= t.Total && t.HelpersOut <= t.Total, $"{t}");
        if (toDevice)
        {
            // Each chunk is copied in before its DMA is queued.
            Assert.True(t.FirstChunkCopied <= t.FirstDmaQueued && t.LastChunkCopied <= t.LastDmaQueued, $"{t}");
        }
        else
        {
            // Each chunk is copied out after its DMA is done; the last copy ends the transfer.
            Assert.True(t.FirstDmaQueued <= t.FirstChunkCopied && t.DmasDone <= t.LastChunkCopied && t.LastChunkCopied <= t.Total, $"{t}");
        }
        // Paced at 2 GB/s, the DMAs alone take over 2.6 ms.
        Assert.True(t.Total.TotalMilliseconds > 2.6, $"{t}");
    }
}
