using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>How a transfer is cut into DMAs: a ramp from 256 KiB up to the chunk size, then whole chunks, and whole
/// chunks always where the options say so.</summary>
public sealed class StagingChunkTests
{
    private static readonly StagingOptions Options = new(ChunkBytes: 8L << 20, PoolChunks: 4, HostThreads: 2);

    [Theory]
    // 256 KiB, 512 KiB, 1 MiB, 2 MiB and the last 256 KiB.
    [InlineData(4L << 20, 5, 2L << 20)]
    // 5 MiB and 3 bytes: the same ramp, then 1.25 MiB and 3 bytes.
    [InlineData((5L << 20) + 3, 5, 2L << 20)]
    // 16 MiB: the ramp to 4 MiB (7.75 MiB), one chunk of 8 MiB and the last 256 KiB.
    [InlineData(16L << 20, 7, 8L << 20)]
    // 200 MiB: the ramp, 24 chunks and 256 KiB.
    [InlineData(200L << 20, 30, 8L << 20)]
    public void A_transfer_moves_in_dmas_ramping_up_to_the_chunk_size(long bytes, int dmas, long largest)
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
        // Four slots of 1 MiB; a 512 KiB transfer moves in two DMAs of 256 KiB, so the pool has sixteen places for them.
        const int Bytes = 512 << 10;
        using var device = new ImmediateDevice(recordHostAddresses: true);
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 1 << 20, PoolChunks: 4, HostThreads: 2));
        using var memory = device.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 0);

        for (int transfer = 0; transfer < 9; transfer++)
        {
            if (toDevice)
            {
                pipeline.CopyToDevice(memory, 0, host.Start, Bytes, TestContext.Current.CancellationToken);
            }
            else
            {
                pipeline.CopyToHost(host.Start, memory, 0, Bytes, TestContext.Current.CancellationToken);
            }
        }

        var places = device.HostAddresses;
        Assert.Equal(18, places.Count);
        var pool = places.Min();
        // The first eight transfers use every place once; the ninth starts the ring again.
        Assert.Equal(Enumerable.Range(0, 16).Select(p => pool + p * (256 << 10)), places.Take(16).Order());
        Assert.Equal(places.Take(2), places.Skip(16));
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
