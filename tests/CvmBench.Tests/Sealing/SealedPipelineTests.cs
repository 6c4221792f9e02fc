using System.Security.Cryptography;
using CvmBench.Tests.Staging;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Sealing;

/// <summary>The sealed pipeline's own promises, on the simulated device and its test hooks.</summary>
public sealed class SealedPipelineTests
{
    private static readonly StagingOptions Small = new(ChunkBytes: 256 << 10, PoolChunks: 3, HostThreads: 3, Streams: 2);

    [Theory]
    [InlineData(true, SealedField.Ciphertext)]
    [InlineData(true, SealedField.Tag)]
    [InlineData(true, SealedField.Nonce)]
    [InlineData(false, SealedField.Ciphertext)]
    [InlineData(false, SealedField.Tag)]
    [InlineData(false, SealedField.Nonce)]
    internal void A_bit_flipped_in_flight_fails_the_transfer_and_the_next_one_arrives(bool toDevice, SealedField field)
    {
        using var device = new HostMemoryDevice();
        using var pipeline = new SealedPipeline(device, Small, 4096);
        const long Bytes = (3L << 20) + 5;
        using var memory = device.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 7);
        host.FillPattern(3);
        var cancellation = TestContext.Current.CancellationToken;
        if (!toDevice)
        {
            pipeline.CopyToDevice(memory, 0, host.Start, Bytes, cancellation);
        }
        device.Sealing.TamperWithNextChunk(field);

        Assert.Throws<AuthenticationTagMismatchException>(() => Transfer(pipeline, toDevice, memory, host, cancellation));

        SealedContract.RoundTrip(device, pipeline, Bytes, 7, 0, 4, "after a failed transfer");
    }

    [Fact]
    public async Task Nonces_never_repeat_across_transfers_and_concurrent_callers()
    {
        using var device = new HostMemoryDevice();
        using var pipeline = new SealedPipeline(device, Small, 4096);
        const int Callers = 4;
        using var memory = device.AllocateDevice(Callers << 20);
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(() =>
        {
            var random = new Random(caller);
            for (int i = 0; i < 8; i++)
            {
                long bytes = random.Next(1, 1 << 20);
                using var host = new HostRange(bytes, caller);
                host.FillPattern((ulong)(caller * 100 + i));
                pipeline.CopyToDevice(memory, (long)caller << 20, host.Start, bytes, TestContext.Current.CancellationToken);
                pipeline.CopyToHost(host.Start, memory, (long)caller << 20, bytes, TestContext.Current.CancellationToken);
                Assert.Null(host.Problem((ulong)(caller * 100 + i)));
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(callers);

        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            var used = device.Sealing.Ranges.Where(r => r.Direction == direction)
                .SelectMany(r => Enumerable.Range(0, (int)r.Segments).Select(i => r.FirstCounter + (ulong)i)).ToList();
            Assert.Equal(used.Count, used.Distinct().Count());
            Assert.True(used.Count >= Callers * 8, $"{direction}: {used.Count} segments");
        }
    }

    [Fact]
    public void A_transfer_whose_nonces_would_pass_two_to_the_63_is_refused_and_takes_none()
    {
        using var device = new HostMemoryDevice();
        const int Segment = 4096;
        using var pipeline = new SealedPipeline(device, Small, Segment, SealedLayout.CounterLimit - 10);
        using var memory = device.AllocateDevice(11 * Segment);
        using var host = new HostRange(11 * Segment, 0);
        host.FillPattern(8);
        var cancellation = TestContext.Current.CancellationToken;

        var refused = Assert.Throws<InvalidOperationException>(() => pipeline.CopyToDevice(memory, 0, host.Start, 11 * Segment, cancellation));
        pipeline.CopyToDevice(memory, 0, host.Start, 10 * Segment, cancellation);
        Assert.Throws<InvalidOperationException>(() => pipeline.CopyToDevice(memory, 0, host.Start, 1, cancellation));
        pipeline.CopyToHost(host.Start, memory, 0, 10 * Segment, cancellation);

        Assert.Contains("new sealed pipeline", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SealedLayout.CounterLimit - 1, device.Sealing.Ranges.Max(r => r.FirstCounter + (ulong)r.Segments - 1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_mid_transfer_stops_it_and_leaves_the_pipeline_usable(bool toDevice)
    {
        // Cancelled as the third of sixteen DMAs is queued: mid-transfer on any machine, however loaded.
        using var device = new CancellingDevice(new HostMemoryDevice(), atDma: 3);
        using var pipeline = new SealedPipeline(device, Small);
        const long Bytes = 16 * (256L << 10);
        using var memory = device.AllocateDevice(Bytes);
        using var host = new HostRange(Bytes, 0);
        var cancellation = device.Cancellation.Token;

        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => Transfer(pipeline, toDevice, memory, host, cancellation));

        Assert.Equal(cancellation, thrown.CancellationToken);
        SealedContract.RoundTrip(device, pipeline, 1L << 20, 3, 5, 6, "after cancellation");
    }

    [Fact]
    public void A_device_key_off_the_curve_is_refused_before_anything_is_allocated()
    {
        using var device = new ImpostorDevice(new HostMemoryDevice(), offCurve: true);

        Assert.ThrowsAny<CryptographicException>(() => new SealedPipeline(device, Small));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keys_agreed_with_someone_else_fail_every_transfer(bool toDevice)
    {
        using var device = new ImpostorDevice(new HostMemoryDevice(), offCurve: false);
        using var pipeline = new SealedPipeline(device, Small);
        using var memory = device.AllocateDevice(100_000);
        using var host = new HostRange(100_000, 0);

        Assert.Throws<AuthenticationTagMismatchException>(() => Transfer(pipeline, toDevice, memory, host, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(3 << 10)]
    [InlineData(512 << 10)]
    public void A_segment_size_that_cannot_cut_the_chunks_is_refused(int segmentBytes)
    {
        using var device = new HostMemoryDevice();

        var thrown = Assert.Throws<ArgumentException>(() => new SealedPipeline(device, Small, segmentBytes));

        Assert.Contains("segment size", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 4096, 1)]
    [InlineData(4096, 4096, 1)]
    [InlineData(4097, 4096, 2)]
    [InlineData(100, 16, 7)]
    public void The_sealed_size_is_the_ciphertext_aligned_to_16_and_a_record_per_segment(long plain, int segment, long segments)
    {
        Assert.Equal(segments, SealedLayout.Segments(plain, segment));
        Assert.Equal(((plain + 15) & ~15L) + segments * 32, SealedLayout.SealedBytes(plain, segment));
    }

    [Fact]
    public void A_nonce_is_four_zero_bytes_and_the_counter_big_endian()
    {
        byte[] nonce = new byte[12];

        SealedLayout.WriteNonce(nonce, 0x0102030405060708);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 }, nonce);
    }

    private static void Transfer(SealedPipeline pipeline, bool toDevice, IDeviceBuffer memory, HostRange host, CancellationToken cancellation)
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
}
