using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>How a transfer is cut into DMAs: whole chunks for large transfers, sixteen smaller DMAs (at least 512 KiB)
/// for transfers under sixteen chunks, and whole chunks always where the options say so.</summary>
public sealed class StagingChunkTests
{
    private static readonly StagingOptions Options = new(ChunkBytes: 8L << 20, PoolChunks: 4, HostThreads: 2);

    [Theory]
    // 4 MiB / 16 is below the 512 KiB floor: eight DMAs of 512 KiB.
    [InlineData(4L << 20, 8, 512L << 10)]
    // 5 MiB and 3 bytes: ten whole 512 KiB and a short eleventh.
    [InlineData((5L << 20) + 3, 11, 512L << 10)]
    // 16 MiB / 16: sixteen DMAs of 1 MiB.
    [InlineData(16L << 20, 16, 1L << 20)]
    // 64 MiB / 16: sixteen DMAs of 4 MiB.
    [InlineData(64L << 20, 16, 4L << 20)]
    // 200 MiB is more than sixteen chunks: whole 8 MiB chunks, 25 of them.
    [InlineData(200L << 20, 25, 8L << 20)]
    public void A_transfer_under_sixteen_chunks_is_cut_into_smaller_dmas(long bytes, int dmas, long largest)
    {
        using var device = new ImmediateDevice();
        using var pipeline = new StagingPipeline(device, Options);

        StagingContract.RoundTrip(device, pipeline, bytes, 3, 0, 21, $"{bytes} bytes");

        // The round trip is one transfer each way.
        Assert.Equal(2 * dmas, device.Dmas);
        Assert.Equal(largest, device.LargestDma);
    }

    [Theory]
    // Device to host, below the pool's size (4 MiB here) and above it: one queue, each DMA alone on the link.
    [InlineData(false, 3L << 20, 1)]
    [InlineData(false, 4L << 20, 1)]
    [InlineData(false, 9L << 20, 1)]
    // Host to device at any size: the DMAs alternate over both queues.
    [InlineData(true, 3L << 20, 2)]
    [InlineData(true, 9L << 20, 2)]
    public void A_device_to_host_transfer_keeps_to_one_queue(bool toDevice, long bytes, int queues)
    {
        using var device = new ImmediateDevice();
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 1 << 20, PoolChunks: 4, HostThreads: 2, Streams: 2));
        using var memory = device.AllocateDevice(bytes);
        using var host = new HostRange(bytes, 0);

        if (toDevice)
        {
            pipeline.CopyToDevice(memory, 0, host.Start, bytes, TestContext.Current.CancellationToken);
        }
        else
        {
            pipeline.CopyToHost(host.Start, memory, 0, bytes, TestContext.Current.CancellationToken);
        }

        Assert.Equal(queues, device.QueuesUsed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Small_transfers_take_the_pools_places_in_turn(bool toDevice)
    {
        // Four slots of 1 MiB; a 1 MiB transfer moves in two DMAs of 512 KiB, so the pool has eight places for them.
        using var device = new ImmediateDevice(recordHostAddresses: true);
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 1 << 20, PoolChunks: 4, HostThreads: 2));
        using var memory = device.AllocateDevice(1 << 20);
        using var host = new HostRange(1 << 20, 0);

        for (int transfer = 0; transfer < 5; transfer++)
        {
            if (toDevice)
            {
                pipeline.CopyToDevice(memory, 0, host.Start, 1 << 20, TestContext.Current.CancellationToken);
            }
            else
            {
                pipeline.CopyToHost(host.Start, memory, 0, 1 << 20, TestContext.Current.CancellationToken);
            }
        }

        var places = device.HostAddresses;
        Assert.Equal(10, places.Count);
        var pool = places.Min();
        // The first four transfers use every place once; the fifth starts the ring again.
        Assert.Equal(Enumerable.Range(0, 8).Select(p => pool + p * (512 << 10)), places.Take(8).Order());
        Assert.Equal(places.Take(2), places.Skip(8));
    }

    [Fact]
    public void Fixed_chunks_carry_a_whole_chunk_whatever_the_size()
    {
        using var device = new ImmediateDevice();
        using var pipeline = new StagingPipeline(device, Options with { FixedChunks = true });

        StagingContract.RoundTrip(device, pipeline, 20L << 20, 0, 0, 22, "20 MiB in fixed chunks");

        Assert.Equal(2 * 3, device.Dmas);
        Assert.Equal(8L << 20, device.LargestDma);
        Assert.EndsWith("whole chunks per DMA", pipeline.Options.ToString(), StringComparison.Ordinal);
    }
}
