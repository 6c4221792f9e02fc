using System.Security.Cryptography;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Measurement;

/// <summary>The measurement engine driven against the simulated host-memory device.</summary>
public class BandwidthMeterTests
{
    private static readonly MeasurementOptions Quick = new(Samples: 3, WarmupCopies: 1, BytesPerSample: 4L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 1L << 20 });

    public static TheoryData<HostPath, Direction, CopyMethod> EveryRunnableCombination()
    {
        var data = new TheoryData<HostPath, Direction, CopyMethod>();
        foreach (var kind in Enum.GetValues<HostPath>())
        {
            foreach (var direction in Enum.GetValues<Direction>())
            {
                foreach (var method in Enum.GetValues<CopyMethod>())
                {
                    if (TransferRules.Problem(new TransferTest(kind, direction, method, 1, 0)) is null)
                    {
                        data.Add(kind, direction, method);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRunnableCombination))]
    public void Every_kind_direction_and_method_is_measured(HostPath kind, Direction direction, CopyMethod method)
    {
        using var device = new HostMemoryDevice();
        var test = new TransferTest(kind, direction, method, (1 << 20) + 3, 0);
        var result = Assert.Single(new BandwidthMeter(device, Quick).Measure(test));

        Assert.Equal(test, result.Test);
        Assert.Equal(Quick.Samples, result.Samples.Count);
        int copies = Quick.CopiesPerSample(test.Bytes);
        Assert.All(result.Samples, s => Assert.Equal(copies * test.Bytes, s.Bytes));
        Assert.All(result.Samples, s => Assert.True(s.Nanoseconds > 0 && s.WallNanoseconds > 0));
        Assert.True(result.Bandwidth.Median > 0);
        Assert.InRange(result.Bandwidth.Median, result.Bandwidth.Min, result.Bandwidth.Max);
        Assert.Null(result.LinkEfficiency);
        Assert.Contains("verified", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bidirectional_test_reports_both_directions()
    {
        using var device = new HostMemoryDevice();
        var results = new BandwidthMeter(device, Quick).Measure(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0, Bidirectional: true));
        Assert.Equal([Direction.HostToDevice, Direction.DeviceToHost], results.Select(r => r.Test.Direction));
        Assert.All(results, r => Assert.True(r.Test.Bidirectional && r.Verified));
    }

    [Fact]
    public void Host_buffers_rotate_over_twice_the_cache_and_the_method_says_so()
    {
        using var device = new HostMemoryDevice();
        var options = Quick with { Host = TestHost.Facts with { LastLevelCacheBytes = 1L << 20 }, BytesPerSample = 8L << 20 };
        var result = new BandwidthMeter(device, options).Measure(new TransferTest(HostPath.Pageable, Direction.HostToDevice, CopyMethod.CopyEngine, 512 << 10, 0))[0];
        Assert.Contains("rotate over 4 x 512 KiB = 2 MiB, at least twice the 1 MiB last-level cache", result.Method, StringComparison.Ordinal);
        Assert.Contains("issued from the host inside the timed window", result.Method, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryRunnableCombination))]
    public void A_copy_that_delivers_wrong_bytes_is_an_error_not_a_number(HostPath kind, Direction direction, CopyMethod method)
    {
        // A sealed copy cannot deliver wrong bytes unnoticed: it fails authentication (the test below).
        Assert.SkipWhen(kind == HostPath.Sealed, "sealed copies are checked by their tags");
        using var device = new CorruptingDevice();
        var test = new TransferTest(kind, direction, method, 1 << 20, 0);
        var e = Assert.Throws<VerificationException>(() => new BandwidthMeter(device, Quick).Measure(test));
        Assert.Contains(test.Name, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Direction.HostToDevice)]
    [InlineData(Direction.DeviceToHost)]
    public void A_sealed_copy_changed_in_flight_fails_authentication(Direction direction)
    {
        using var device = new HostMemoryDevice();
        device.Sealing.TamperWithNextChunk(SealedField.Tag);
        var test = new TransferTest(HostPath.Sealed, direction, CopyMethod.CopyEngine, 1 << 20, 0);
        Assert.Throws<AuthenticationTagMismatchException>(() => new BandwidthMeter(device, Quick with
        {
            Verify = false,
            Staging = new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 3, HostThreads: 2, Streams: 1),
        }).Measure(test));
    }

    [Fact]
    public void Unverified_copies_go_unnoticed_and_the_result_says_so()
    {
        using var device = new CorruptingDevice();
        var result = Assert.Single(new BandwidthMeter(device, Quick with { Verify = false })
            .Measure(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0)));
        Assert.False(result.Verified);
        Assert.Contains("not verified", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_between_samples()
    {
        using var device = new HostMemoryDevice();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new BandwidthMeter(device, Quick).Measure(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 4096, 0), cancelled.Token));
    }

    [Fact]
    public void A_combination_that_cannot_run_is_rejected_before_anything_is_allocated()
    {
        using var device = new HostMemoryDevice();
        Assert.Throws<ArgumentException>(() => new BandwidthMeter(device, Quick).Measure(new TransferTest(HostPath.Pageable, Direction.HostToDevice, CopyMethod.Sm, 4096, 0)));
    }

    [Fact]
    public void A_paced_simulated_link_is_not_exceeded()
    {
        using var device = new HostMemoryDevice(linkBytesPerSecond: 2e9);
        var result = new BandwidthMeter(device, Quick).Measure(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0))[0];
        Assert.True(result.Bandwidth.Max <= 2.0 * 1.02, $"{result.Bandwidth.Max} GB/s over a 2 GB/s link");
    }

    /// <summary>A device whose copies deliver one wrong byte, in the middle of what they move: what a broken DMA or
    /// driver would do. The source is spoilt before the copy (every source holds the pattern from its start).</summary>
    private sealed class CorruptingDevice : ITransferDevice
    {
        private readonly HostMemoryDevice _inner = new();

        public DeviceDescription Description => _inner.Description;
        public void BindToThread() => _inner.BindToThread();
        public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => _inner.AllocateHost(kind, bytes);
        public IDeviceBuffer AllocateDevice(long bytes) => _inner.AllocateDevice(bytes);
        public ITransferQueue CreateQueue() => new CorruptingQueue(_inner.CreateQueue(), _inner);
        public void ReleaseHeldQueues() => _inner.ReleaseHeldQueues();
        public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => _inner.Upload(destination, offset, source);
        public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => _inner.Download(destination, source, offset);
        public void Dispose() => _inner.Dispose();

        private sealed class CorruptingQueue(ITransferQueue inner, ITransferDevice device) : ITransferQueue
        {
            public void Hold() => inner.Hold();
            public unsafe void CopyHostToDevice(IDeviceBuffer destination, long destinationOffset, IHostBuffer source, long sourceOffset, long bytes, CopyMethod method)
            {
                ((byte*)source.Pointer)[sourceOffset + bytes / 2] = DataPattern.PoisonAt(Quick.Seed, bytes / 2);
                inner.CopyHostToDevice(destination, destinationOffset, source, sourceOffset, bytes, method);
            }
            public void CopyDeviceToHost(IHostBuffer destination, long destinationOffset, IDeviceBuffer source, long sourceOffset, long bytes, CopyMethod method)
            {
                device.Upload(source, sourceOffset + bytes / 2, [DataPattern.PoisonAt(Quick.Seed, bytes / 2)]);
                inner.CopyDeviceToHost(destination, destinationOffset, source, sourceOffset, bytes, method);
            }
            public void CopyDeviceToDevice(IDeviceBuffer destination, IDeviceBuffer source, long bytes, CopyMethod method)
            {
                device.Upload(source, bytes / 2, [DataPattern.PoisonAt(Quick.Seed, bytes / 2)]);
                inner.CopyDeviceToDevice(destination, source, bytes, method);
            }
            public IQueueEvent Record() => inner.Record();
            public void Record(IQueueEvent marker) => inner.Record(marker);

            public void Wait(IQueueEvent marker) => inner.Wait(marker);
            public void Synchronize() => inner.Synchronize();
            public void Dispose() => inner.Dispose();
        }
    }
}
