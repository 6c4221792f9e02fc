using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>How many-piece transfers are laid out and cut into DMAs.</summary>
public sealed class StagingPiecesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Many_small_pieces_adjacent_on_the_device_move_in_chunk_sized_dmas(bool toDevice)
    {
        // 128 KV-cache blocks of 256 KiB, each in its own host allocation, in one device region in a shuffled order.
        using var device = new ImmediateDevice();
        var options = new StagingOptions(ChunkBytes: 4L << 20, PoolChunks: 4, HostThreads: 3, Streams: 2, FixedChunks: true);
        using var pipeline = new StagingPipeline(device, options);
        using var pieces = PieceList.Placed(new Random(7), Enumerable.Repeat(256L << 10, 128).ToArray(), gaps: false);
        using var memory = device.AllocateDevice(pieces.DeviceBytes);

        if (toDevice)
        {
            pipeline.CopyToDevice(memory, pieces.Pieces, TestContext.Current.CancellationToken);
        }
        else
        {
            pipeline.CopyToHost(memory, pieces.Pieces, TestContext.Current.CancellationToken);
        }

        Assert.Equal(8, device.Dmas);
        Assert.Equal(4L << 20, device.LargestDma);
    }

    [Fact]
    public void Pieces_with_gaps_between_them_on_the_device_take_a_dma_each_and_still_arrive()
    {
        using var device = new ImmediateDevice();
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 4L << 20, PoolChunks: 4, HostThreads: 3, Streams: 2, FixedChunks: true));
        long[] sizes = Enumerable.Repeat(256L << 10, 8).ToArray();
        long[] offsets = sizes.Select((_, i) => i * (300L << 10)).ToArray();
        using var pieces = new PieceList(sizes, offsets, new int[8], 8 * (300L << 10));

        StagingContract.RoundTrip(device, pipeline, pieces, 9, "pieces with gaps");

        Assert.Equal(2 * 8, device.Dmas);
    }

    [Fact]
    public void The_layout_orders_pieces_by_device_offset_and_joins_adjacent_ones_into_runs()
    {
        var layout = new StagingLayout();
        // Device ranges [300, 400), [0, 100), [100, 300), [500, 510), and an empty piece.
        StagingPiece[] pieces = [new(1000, 300, 100), new(2000, 0, 100), new(3000, 100, 200), new(4000, 500, 10), new(0, 50, 0)];

        layout.Arrange(pieces, Direction.HostToDevice);

        Assert.Equal(410, layout.Bytes);
        Assert.Equal(4, layout.Pieces);
        Assert.Equal(new long[] { 2000, 3000, 1000, 4000 }, Enumerable.Range(0, 4).Select(p => (long)layout.Piece(p).Host));
        Assert.Equal(new long[] { 0, 100, 300, 400 }, Enumerable.Range(0, 4).Select(layout.PieceStart));
        Assert.Equal(2, layout.Runs);
        Assert.Equal(new long[] { 0, 400 }, new[] { layout.RunStart(0), layout.RunStart(1) });
        Assert.Equal(new long[] { 0, 500 }, new[] { layout.RunDevice(0), layout.RunDevice(1) });
        Assert.Equal(410, layout.RunStart(2));
        Assert.Equal(2, layout.PieceAt(300));
        Assert.Equal(1, layout.PieceAt(299));
        Assert.Equal(1, layout.RunAt(405));
    }

    [Theory]
    [InlineData(Direction.HostToDevice, "pieces 0 and 2 overlap on the device ([100, 200) and [150, 160))")]
    [InlineData(Direction.DeviceToHost, "pieces 1 and 2 overlap in host memory ([5,000, 5,100) and [5,050, 5,060))")]
    public void The_layout_refuses_overlapping_destinations_naming_the_two_pieces(Direction direction, string message)
    {
        var layout = new StagingLayout();
        // Pieces 0 and 2 overlap on the device (allowed device to host); 1 and 2 in host memory (allowed host to device);
        // pieces that only touch do not overlap.
        StagingPiece[] pieces = [new(1000, 100, 100), new(5000, 0, 100), new(5050, 150, 10), new(5100, 200, 10)];

        var thrown = Assert.Throws<ArgumentException>(() => layout.Arrange(pieces, direction));

        Assert.StartsWith(message, thrown.Message, StringComparison.Ordinal);
    }
}
