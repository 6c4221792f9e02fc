using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>What every device must see of a <see cref="StagingPipeline"/>: the same specification runs against the
/// simulated host-memory device in CI and against a real GPU where there is one.</summary>
public abstract class StagingContract
{
    private static readonly long[] Chunks = [4 << 10, 8 << 10, 12 << 10, 64 << 10, 256 << 10, 516 << 10, 1 << 20, 2060 << 10];

    /// <summary>A fresh device for one test (skips the test where the device is missing).</summary>
    protected abstract ITransferDevice OpenDevice();

    /// <summary>Random cases per run.</summary>
    protected abstract int Seeds { get; }

    /// <summary>The largest random transfer.</summary>
    protected abstract long MaxRandomBytes { get; }

    [Fact]
    public void Random_sizes_and_alignments_arrive_byte_exact_both_ways_with_nothing_around_them_touched()
    {
        using var device = OpenDevice();
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var random = new Random(seed);
            var options = RandomOptions(random);
            long bytes = RandomSize(random, options.ChunkBytes);
            int shift = random.Next(0, 128);
            long deviceOffset = random.Next(0, 4098);
            using var pipeline = new StagingPipeline(device, options);
            RoundTrip(device, pipeline, bytes, shift, deviceOffset, (ulong)seed, $"seed {seed}: {bytes} bytes, host +{shift}, device +{deviceOffset}, {options}");
        }
    }

    [Fact]
    public void One_pipeline_carries_transfers_of_every_shape_one_after_another()
    {
        using var device = OpenDevice();
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 3, HostThreads: 3, Streams: 2));
        long[] sizes = [1, 7, 64, 4095, 4096, 65535, 65536, 65537, 3 * 65536 + 1, 256 << 10, (256 << 10) + 1, 1 << 20, (1 << 20) - 3];
        for (int i = 0; i < sizes.Length; i++)
        {
            RoundTrip(device, pipeline, sizes[i], i % 64, i * 977 % 4096, (ulong)(100 + i), $"{sizes[i]} bytes");
        }
    }

    [Fact]
    public void An_empty_transfer_does_nothing_and_a_range_past_the_buffer_is_refused()
    {
        using var faulty = new FaultyDevice(OpenDevice());
        using var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 4096, PoolChunks: 2, HostThreads: 2, Streams: 1));
        using var memory = faulty.AllocateDevice(4096);
        using var host = new HostRange(4096, 0);

        pipeline.CopyToDevice(memory, 4096, host.Start, 0, TestContext.Current.CancellationToken);
        pipeline.CopyToHost(host.Start, memory, 0, 0, TestContext.Current.CancellationToken);

        Assert.Equal(0, faulty.Dmas);
        var cancellation = TestContext.Current.CancellationToken;
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.CopyToDevice(memory, 1, host.Start, 4096, cancellation));
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.CopyToHost(host.Start, memory, -1, 16, cancellation));
        Assert.Throws<ArgumentNullException>(() => pipeline.CopyToHost(0, memory, 0, 16, cancellation));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_mid_transfer_stops_it_and_leaves_the_pool_usable(bool toDevice)
    {
        using var faulty = new FaultyDevice(OpenDevice());
        var options = new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 3, Streams: 2);
        using var pipeline = new StagingPipeline(faulty, options);
        const long Bytes = 16L << 20;
        long chunks = Bytes / options.ChunkBytes;
        using var memory = faulty.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 5);
        using var cancellation = new CancellationTokenSource();
        // Device to host, the first DMAs fill the pool before any host copy: cancel after those.
        faulty.ActAtDma = options.PoolChunks + 2;
        faulty.Act = cancellation.Cancel;

        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => Transfer(pipeline, toDevice, memory, host, cancellation.Token));

        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        Assert.InRange(faulty.Dmas, options.PoolChunks + 2, chunks - 1);
        faulty.Reset();
        RoundTrip(faulty, pipeline, Bytes, 5, 0, 7, "after cancellation");
        Assert.Throws<OperationCanceledException>(() => Transfer(pipeline, toDevice, memory, host, new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_copy_that_fails_when_queued_propagates_and_leaves_the_pool_usable(bool toDevice)
    {
        using var faulty = new FaultyDevice(OpenDevice());
        var options = new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 4, Streams: 3);
        using var pipeline = new StagingPipeline(faulty, options);
        const long Bytes = 8L << 20;
        using var memory = faulty.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 3);
        faulty.FailDma = 9;

        var thrown = Assert.Throws<InvalidOperationException>(() => Transfer(pipeline, toDevice, memory, host, TestContext.Current.CancellationToken));

        Assert.Same(faulty.Injected, thrown);
        Assert.True(faulty.Dmas < Bytes / options.ChunkBytes, "the transfer stopped after the failure");
        faulty.Reset();
        RoundTrip(faulty, pipeline, Bytes, 3, 0, 11, "after a failed copy");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_copy_error_reported_at_synchronization_propagates_and_leaves_the_pool_usable(bool toDevice)
    {
        using var faulty = new FaultyDevice(OpenDevice());
        using var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 2, Streams: 2));
        const long Bytes = 1L << 20;
        using var memory = faulty.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 0);
        faulty.FailNextSynchronize();

        var thrown = Assert.Throws<InvalidOperationException>(() => Transfer(pipeline, toDevice, memory, host, TestContext.Current.CancellationToken));

        Assert.Same(faulty.Injected, thrown);
        RoundTrip(faulty, pipeline, Bytes, 0, 0, 13, "after a reported copy error");
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_bytes()
    {
        using var device = OpenDevice();
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 3, Streams: 2));
        var callers = Enumerable.Range(0, 4).Select(caller => Task.Run(() =>
        {
            var random = new Random(1000 + caller);
            for (int i = 0; i < 6; i++)
            {
                long bytes = random.NextInt64(1, 1L << 20);
                RoundTrip(device, pipeline, bytes, random.Next(64), random.Next(4096), (ulong)(caller * 100 + i), $"caller {caller}, transfer {i}: {bytes} bytes");
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(callers);
    }

    [Fact]
    public void A_disposed_pipeline_refuses_transfers_and_disposing_twice_is_harmless()
    {
        using var device = OpenDevice();
        var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 4096, PoolChunks: 2, HostThreads: 3, Streams: 1));
        using var memory = device.AllocateDevice(4096);
        using var host = new HostRange(4096, 0);

        pipeline.Dispose();
        pipeline.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pipeline.CopyToDevice(memory, 0, host.Start, 4096, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Random_piece_lists_arrive_byte_exact_both_ways_with_nothing_around_them_touched()
    {
        using var device = OpenDevice();
        for (int seed = 1; seed <= Seeds / 5; seed++)
        {
            var random = new Random(seed);
            var options = RandomOptions(random);
            using var pieces = PieceList.Random(random, random.Next(1, 25), MaxRandomBytes);
            using var pipeline = new StagingPipeline(device, options);
            RoundTrip(device, pipeline, pieces, (ulong)seed * 1000, $"seed {seed}: {pieces.Pieces.Length} pieces, {options}");
        }
    }

    [Fact]
    public void Pieces_whose_destinations_overlap_are_refused_before_anything_is_copied()
    {
        using var faulty = new FaultyDevice(OpenDevice());
        using var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 2, Streams: 2));
        using var pieces = new PieceList([4096, 100, 5000, 300], [0, 10_000, 20_000, 24_000], [0, 1, 2, 3], 32 << 10);
        using var memory = faulty.AllocateDevice(pieces.DeviceBytes);
        DeviceRange.Poison(faulty, memory);
        pieces.FillPatterns(1);
        var cancellation = TestContext.Current.CancellationToken;
        StagingPiece[] list = pieces.Pieces;

        var onDevice = Assert.Throws<ArgumentException>(() => pipeline.CopyToDevice(memory, list, cancellation));
        // Device to host, two pieces may read the same device bytes, but not write the same host bytes.
        StagingPiece[] sameHost = [list[0], list[1] with { Host = list[0].Host + 4000 }];
        var inHost = Assert.Throws<ArgumentException>(() => pipeline.CopyToHost(memory, sameHost, cancellation));

        Assert.Contains("pieces 2 and 3 overlap on the device", onDevice.Message, StringComparison.Ordinal);
        Assert.Contains("pieces 0 and 1 overlap in host memory", inHost.Message, StringComparison.Ordinal);
        Assert.Equal(0, faulty.Dmas);
        Assert.Null(DeviceRange.Problem(faulty, memory, 0, 0, 0));
        pieces.PoisonHosts();
        StagingPiece[] sameDevice = [list[1] with { DeviceOffset = 0 }, list[0]];
        pipeline.CopyToHost(memory, sameDevice, cancellation);
        // Not one run on the device: a DMA each.
        Assert.Equal(2, faulty.Dmas);
    }

    [Fact]
    public void Empty_lists_and_pieces_move_nothing_and_pieces_past_the_buffer_are_refused()
    {
        using var faulty = new FaultyDevice(OpenDevice());
        using var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 4096, PoolChunks: 2, HostThreads: 2, Streams: 1));
        using var memory = faulty.AllocateDevice(4096);
        using var host = new HostRange(4096, 0);
        var cancellation = TestContext.Current.CancellationToken;

        pipeline.CopyToDevice(memory, [], cancellation);
        pipeline.CopyToHost(memory, [new StagingPiece(0, 4096, 0), new StagingPiece(host.Start, 0, 0)], cancellation);

        Assert.Equal(0, faulty.Dmas);
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.CopyToDevice(memory, [new(host.Start, 0, 16), new(host.Start, 4090, 16)], cancellation));
        Assert.Contains("piece 1", past.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.CopyToHost(memory, [new(host.Start, 0, -1)], cancellation));
        Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.CopyToHost(memory, [new(host.Start, -1, 1)], cancellation));
        var noHost = Assert.Throws<ArgumentNullException>(() => pipeline.CopyToHost(memory, [new(host.Start, 0, 16), new(0, 16, 16)], cancellation));
        Assert.Contains("piece 1", noHost.Message, StringComparison.Ordinal);
        Assert.Equal(0, faulty.Dmas);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_pieces_mid_transfer_or_failing_a_copy_leaves_the_pool_usable(bool toDevice)
    {
        using var faulty = new FaultyDevice(OpenDevice());
        var options = new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: 3, Streams: 2);
        using var pipeline = new StagingPipeline(faulty, options);
        using var pieces = PieceList.Placed(new Random(5), Enumerable.Repeat(40_000L, 64).ToArray(), gaps: true);
        using var memory = faulty.AllocateDevice(pieces.DeviceBytes);
        using var cancellation = new CancellationTokenSource();
        faulty.ActAtDma = 2 * options.PoolChunks + 2;
        faulty.Act = cancellation.Cancel;

        Assert.ThrowsAny<OperationCanceledException>(() => Transfer(pipeline, toDevice, memory, pieces.Pieces, cancellation.Token));
        faulty.Reset();
        RoundTrip(faulty, pipeline, pieces, 21, "after cancellation");
        faulty.Reset();
        faulty.FailDma = 9;
        var thrown = Assert.Throws<InvalidOperationException>(() => Transfer(pipeline, toDevice, memory, pieces.Pieces, TestContext.Current.CancellationToken));
        Assert.Same(faulty.Injected, thrown);
        faulty.Reset();
        RoundTrip(faulty, pipeline, pieces, 22, "after a failed copy");
    }

    /// <summary>Each piece host to device into poisoned device memory, then device to host from fresh patterns into
    /// poisoned host memory.</summary>
    internal static void RoundTrip(ITransferDevice device, StagingPipeline pipeline, PieceList pieces, ulong seed, string context)
    {
        device.BindToThread();
        using var memory = device.AllocateDevice(pieces.DeviceBytes);
        pieces.FillPatterns(seed);
        DeviceRange.Poison(device, memory);

        pipeline.CopyToDevice(memory, pieces.Pieces, TestContext.Current.CancellationToken);

        string? toDevice = pieces.DeviceProblem(device, memory, seed);
        Assert.True(toDevice is null, $"host to device, {context}: {toDevice}");

        pieces.UploadPatterns(device, memory, ~seed);
        pieces.PoisonHosts();

        pipeline.CopyToHost(memory, pieces.Pieces, TestContext.Current.CancellationToken);

        string? toHost = pieces.HostProblem(~seed);
        Assert.True(toHost is null, $"device to host, {context}: {toHost}");
    }

    /// <summary>Host to device into poisoned device memory, then device to host from a fresh pattern into poisoned host memory.</summary>
    internal static void RoundTrip(ITransferDevice device, StagingPipeline pipeline, long bytes, int shift, long deviceOffset, ulong seed, string context)
    {
        device.BindToThread();
        using var memory = device.AllocateDevice(deviceOffset + bytes + HostRange.Guard);
        using var host = new HostRange(bytes, shift);
        host.FillPattern(seed);
        DeviceRange.Poison(device, memory);

        pipeline.CopyToDevice(memory, deviceOffset, host.Start, bytes, TestContext.Current.CancellationToken);

        string? toDevice = DeviceRange.Problem(device, memory, deviceOffset, bytes, seed);
        Assert.True(toDevice is null, $"host to device, {context}: {toDevice}");

        DeviceRange.UploadPattern(device, memory, deviceOffset, bytes, ~seed);
        host.PoisonAll();

        pipeline.CopyToHost(host.Start, memory, deviceOffset, bytes, TestContext.Current.CancellationToken);

        string? toHost = host.Problem(~seed);
        Assert.True(toHost is null, $"device to host, {context}: {toHost}");
    }

    private static void Transfer(StagingPipeline pipeline, bool toDevice, IDeviceBuffer memory, HostRange host, CancellationToken cancellation)
    {
        if (toDevice)
        {
            pipeline.CopyToDevice(memory, 0, host.Start, host.Bytes, cancellation);
        }
        else
        {
            pipeline.CopyToHost(host.Start, memory, 0, host.Bytes, cancellation);
        }
    }

    private static void Transfer(StagingPipeline pipeline, bool toDevice, IDeviceBuffer memory, StagingPiece[] pieces, CancellationToken cancellation)
    {
        if (toDevice)
        {
            pipeline.CopyToDevice(memory, pieces, cancellation);
        }
        else
        {
            pipeline.CopyToHost(memory, pieces, cancellation);
        }
    }

    private static StagingOptions RandomOptions(Random random) => new(
        ChunkBytes: Chunks[random.Next(Chunks.Length)],
        PoolChunks: random.Next(1, 6),
        HostThreads: random.Next(1, 5),
        Streams: random.Next(1, 4),
        NonTemporalStores: random.Next(2) == 0,
        FixedChunks: random.Next(4) == 0);

    /// <summary>Half the time a size on an edge (around a cache line, a page, a slice, a chunk, two chunks), else any size.</summary>
    private long RandomSize(Random random, long chunk)
    {
        long[] edges = [1, 2, 63, 64, 65, 4095, 4096, 4097, chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk + 1, (256 << 10) - 1, (256 << 10) + 1];
        long[] fitting = edges.Where(e => e >= 1 && e <= MaxRandomBytes).ToArray();
        return random.Next(2) == 0 ? fitting[random.Next(fitting.Length)] : random.NextInt64(1, MaxRandomBytes + 1);
    }
}
