using System.Diagnostics;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Measurement;

/// <summary>Measures transfer bandwidth on one device: warm-up, samples of queued copies timed by device events and by
/// the wall clock, statistics, and verification of the bytes that arrived.</summary>
public sealed class BandwidthMeter(ITransferDevice device, MeasurementOptions options)
{
    private const byte Poison = 0xA5;

    // Tuned on the first staged test, then kept: calibration takes about a second.
    private StagingTuning? _staging;

    public MeasurementOptions Options => options;

    /// <summary>Measures one test. A bidirectional test measures both directions at once and returns both.</summary>
    /// <exception cref="ArgumentException">The combination cannot run (see <see cref="TransferRules"/>).</exception>
    /// <exception cref="VerificationException">The data that arrived was wrong.</exception>
    public IReadOnlyList<TestResult> Measure(TransferTest test, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (TransferRules.Problem(test) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        device.BindToThread();
        TransferTest[] directions = test.Bidirectional
            ? [test with { Direction = Direction.HostToDevice }, test with { Direction = Direction.DeviceToHost }]
            : [test];
        int copies = options.CopiesPerSample(test.Bytes);
        var staging = test.Direction == Direction.DeviceToDevice ? null : test.Memory switch
        {
            HostPath.Staged => StagingFor(cancellation),
            HostPath.Sealed => SealedFor(cancellation),
            _ => null,
        };
        var lanes = new List<Lane>();
        try
        {
            foreach (var direction in directions)
            {
                lanes.Add(new Lane(device, direction, copies, options, staging));
            }
            return Run(lanes, copies, TransferRules.IsHoldable(test), cancellation);
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Dispose();
            }
        }
    }

    private StagingOptions StagingFor(CancellationToken cancellation)
    {
        if (options.Staging is { } chosen)
        {
            return chosen;
        }
        _staging ??= StagingTuner.Tune(device, options.Host, options.StagingThreadBudget ?? StagingOptions.MaxThreads, cancellation);
        return _staging.Options;
    }

    /// <summary>The staging options with every thread the budget allows and chunks of whole segments: a thread seals at a
    /// fraction of the rate it copies (AES-GCM ran at 6 GB/s a thread on the H100 VM), so the tuner's count, found for
    /// copying, is too few.</summary>
    private StagingOptions SealedFor(CancellationToken cancellation)
    {
        var staging = StagingFor(cancellation);
        int segment = options.SealedSegmentBytes;
        long chunk = Math.Max(staging.ChunkBytes, segment) / segment * segment;
        if (options.Staging is not null)
        {
            return staging with { ChunkBytes = chunk };
        }
        int threads = Math.Min(options.StagingThreadBudget ?? StagingOptions.MaxThreads, Math.Max(1, options.Host.LogicalCpus - 1));
        return staging with { ChunkBytes = chunk, HostThreads = Math.Max(staging.HostThreads, threads) };
    }

    private List<TestResult> Run(List<Lane> lanes, int copies, bool hold, CancellationToken cancellation)
    {
        foreach (var lane in lanes)
        {
            lane.Prepare(options.Seed);
        }
        foreach (var lane in lanes)
        {
            for (int i = 0; i < options.WarmupCopies; i++)
            {
                lane.Enqueue(i, cancellation);
            }
        }
        foreach (var lane in lanes)
        {
            lane.Queue.Synchronize();
            // Warm-up copies wrote the destination; poison it again so the check below proves the timed copies wrote it.
            lane.PoisonDestination();
        }

        var samples = lanes.Select(_ => new List<BandwidthSample>()).ToArray();
        int copyIndex = 0;
        for (int s = 0; s < options.Samples; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            long wallStart = Stopwatch.GetTimestamp();
            var marks = new (IQueueEvent Start, IQueueEvent End)[lanes.Count];
            for (int l = 0; l < lanes.Count; l++)
            {
                var queue = lanes[l].Queue;
                if (hold)
                {
                    queue.Hold();
                }
                var start = queue.Record();
                for (int c = 0; c < copies; c++)
                {
                    lanes[l].Enqueue(copyIndex + c, cancellation);
                }
                marks[l] = (start, queue.Record());
            }
            if (hold)
            {
                wallStart = Stopwatch.GetTimestamp();
                device.ReleaseHeldQueues();
            }
            for (int l = 0; l < lanes.Count; l++)
            {
                marks[l].End.Wait();
                long wall = (long)Stopwatch.GetElapsedTime(wallStart).TotalNanoseconds;
                long bytes = copies * lanes[l].Test.Bytes;
                samples[l].Add(new BandwidthSample(bytes, (long)Math.Round(marks[l].End.NanosecondsSince(marks[l].Start)), wall));
                marks[l].Start.Dispose();
                marks[l].End.Dispose();
            }
            copyIndex += copies;
        }

        var results = new List<TestResult>(lanes.Count);
        for (int l = 0; l < lanes.Count; l++)
        {
            var lane = lanes[l];
            lane.Queue.Synchronize();
            if (options.Verify && lane.FindMismatch(options.Seed, copyIndex - 1) is long mismatch and >= 0)
            {
                throw new VerificationException($"{lane.Test.Name}, {lane.Test.Bytes} bytes: byte {mismatch} of the last copy differs from what was sent");
            }
            results.Add(Summarize(lane, samples[l], copies, hold));
        }
        return results;
    }

    private TestResult Summarize(Lane lane, List<BandwidthSample> samples, int copies, bool hold)
    {
        var bandwidth = Statistics.Summarize(samples.Select(s => s.GigabytesPerSecond).ToList());
        var wall = Statistics.Summarize(samples.Select(s => s.WallGigabytesPerSecond).ToList());
        double? efficiency = lane.Test.Direction != Direction.DeviceToDevice && device.Description.Link is { TheoreticalBytesPerSecond: > 0 } link
            ? bandwidth.Median * 1e9 / link.TheoreticalBytesPerSecond
            : null;
        return new TestResult(lane.Test, samples, bandwidth, wall, efficiency, Verified: options.Verify, Describe(lane, copies, hold));
    }

    private string Describe(Lane lane, int copies, bool hold)
    {
        string timing = hold
            ? "queued behind a held stream and released together (enqueue cost outside the timed window)"
            : lane.Staging is { } sealing && lane.Test.Memory == HostPath.Sealed
                ? $"issued from the host inside the timed window, not held: CvmBench's sealed pipeline seals them with AES-256-GCM "
                  + $"({Units.FormatBytes(options.SealedSegmentBytes)} per tag) into pinned chunks on {sealing.HostThreads} host thread{(sealing.HostThreads == 1 ? "" : "s")} "
                  + $"and the device opens them (device to host: the device seals, the host threads open) ({sealing}{(options.Staging is null && _staging is { } sealedTuning ? $"; chunk and pool auto-tuned: {sealedTuning.Summary}" : "")})"
            : lane.Staging is { } staging
                ? $"issued from the host inside the timed window, not held: CvmBench's staging pipeline copies them through pinned chunks "
                  + $"with {staging.HostThreads} host thread{(staging.HostThreads == 1 ? "" : "s")} ({staging}{(options.Staging is null && _staging is { } tuning ? $"; auto-tuned: {tuning.Summary}" : "")})"
                : "issued from the host inside the timed window (the driver stages pageable copies through the host)";
        string rotation = lane.Test.Direction == Direction.DeviceToDevice
            ? "device buffers reused"
            : $"host buffers rotate over {lane.Slots} x {Units.FormatBytes(lane.Test.Bytes)} = {Units.FormatBytes(lane.Slots * lane.Test.Bytes)}"
              + (lane.Slots * lane.Test.Bytes >= 2 * options.Host.LastLevelCacheBytes
                  ? $", at least twice the {Units.FormatBytes(options.Host.LastLevelCacheBytes)} last-level cache"
                  : $", within twice the {Units.FormatBytes(options.Host.LastLevelCacheBytes)} last-level cache (small copies may hit in cache)");
        string verification = options.Verify ? "last copy verified byte for byte" : "not verified";
        return $"{options.WarmupCopies} warm-up copies; {options.Samples} samples x {copies} copies, {timing}; {rotation}; {verification}";
    }

    /// <summary>One direction of a test: its buffers, its queue, and which copy goes where.</summary>
    private sealed class Lane : IDisposable
    {
        private readonly ITransferDevice _device;
        private readonly long _stride;
        private readonly IHostBuffer? _host;
        private readonly IDeviceBuffer _deviceA;
        private readonly IDeviceBuffer? _deviceB;
        private readonly StagingPipeline? _pipeline;
        private readonly SealedPipeline? _sealed;

        public Lane(ITransferDevice device, TransferTest test, int copies, MeasurementOptions options, StagingOptions? staging)
        {
            _device = device;
            Test = test;
            Staging = staging;
            var rotation = HostRotation.For(test.Bytes, options.Host.LastLevelCacheBytes, copies);
            _stride = rotation.Stride;
            Slots = rotation.Slots;
            try
            {
                Queue = device.CreateQueue();
                _deviceA = device.AllocateDevice(test.Bytes);
                if (test.Direction == Direction.DeviceToDevice)
                {
                    _deviceB = device.AllocateDevice(test.Bytes);
                    Slots = 1;
                }
                else
                {
                    // Staged copies start from the application's own pageable memory.
                    _host = device.AllocateHost(test.Memory.Memory(), _stride * (Slots - 1) + test.Bytes);
                    if (staging is not null && test.Memory == HostPath.Sealed)
                    {
                        _sealed = new SealedPipeline(device, staging, options.SealedSegmentBytes);
                    }
                    else if (staging is not null)
                    {
                        _pipeline = new StagingPipeline(device, staging);
                    }
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public TransferTest Test { get; }

        public int Slots { get; }

        public ITransferQueue Queue { get; } = null!;

        /// <summary>How staged or sealed copies are staged; null for every other kind.</summary>
        public StagingOptions? Staging { get; }

        /// <summary>Queues one copy; a staged or sealed copy runs to completion here, on the host.</summary>
        public void Enqueue(int copyIndex, CancellationToken cancellation)
        {
            long offset = copyIndex % Slots * _stride;
            if (_sealed is not null)
            {
                if (Test.Direction == Direction.HostToDevice)
                {
                    _sealed.CopyToDevice(_deviceA, 0, _host!.Pointer + (nint)offset, Test.Bytes, cancellation);
                }
                else
                {
                    _sealed.CopyToHost(_host!.Pointer + (nint)offset, _deviceA, 0, Test.Bytes, cancellation);
                }
                return;
            }
            if (_pipeline is not null)
            {
                if (Test.Direction == Direction.HostToDevice)
                {
                    _pipeline.CopyToDevice(_deviceA, 0, _host!.Pointer + (nint)offset, Test.Bytes, cancellation);
                }
                else
                {
                    _pipeline.CopyToHost(_host!.Pointer + (nint)offset, _deviceA, 0, Test.Bytes, cancellation);
                }
                return;
            }
            switch (Test.Direction)
            {
                case Direction.HostToDevice:
                    Queue.CopyHostToDevice(_deviceA, 0, _host!, offset, Test.Bytes, Test.Method);
                    break;
                case Direction.DeviceToHost:
                    Queue.CopyDeviceToHost(_host!, offset, _deviceA, 0, Test.Bytes, Test.Method);
                    break;
                default:
                    Queue.CopyDeviceToDevice(_deviceB!, _deviceA, Test.Bytes, Test.Method);
                    break;
            }
        }

        /// <summary>Every source slot gets the pattern; destinations are poisoned.</summary>
        public void Prepare(ulong seed)
        {
            switch (Test.Direction)
            {
                case Direction.HostToDevice:
                    for (int slot = 0; slot < Slots; slot++)
                    {
                        DataPattern.Fill(_host!.Pointer + (nint)(slot * _stride), Test.Bytes, seed);
                    }
                    break;
                default:
                    DevicePattern.Fill(_device, _deviceA, Test.Bytes, seed);
                    break;
            }
            PoisonDestination();
        }

        public unsafe void PoisonDestination()
        {
            switch (Test.Direction)
            {
                case Direction.HostToDevice:
                    DevicePattern.Poison(_device, _deviceA, Test.Bytes, Poison);
                    break;
                case Direction.DeviceToHost:
                    for (int slot = 0; slot < Slots; slot++)
                    {
                        NativeFill(_host!.Pointer + (nint)(slot * _stride), Test.Bytes, Poison);
                    }
                    break;
                default:
                    DevicePattern.Poison(_device, _deviceB!, Test.Bytes, Poison);
                    break;
            }
        }

        /// <summary>First differing byte of the last copy's destination, or -1.</summary>
        public long FindMismatch(ulong seed, int lastCopy) => Test.Direction switch
        {
            Direction.HostToDevice => DevicePattern.FindMismatch(_device, _deviceA, Test.Bytes, seed),
            Direction.DeviceToHost => DataPattern.FindMismatch(_host!.Pointer + (nint)(lastCopy % Slots * _stride), Test.Bytes, seed),
            _ => DevicePattern.FindMismatch(_device, _deviceB!, Test.Bytes, seed),
        };

        private static unsafe void NativeFill(nint pointer, long bytes, byte value)
        {
            for (long offset = 0; offset < bytes; offset += int.MaxValue)
            {
                new Span<byte>((byte*)pointer + offset, (int)Math.Min(int.MaxValue, bytes - offset)).Fill(value);
            }
        }

        public void Dispose()
        {
            _pipeline?.Dispose();
            _sealed?.Dispose();
            Queue?.Dispose();
            _host?.Dispose();
            _deviceA?.Dispose();
            _deviceB?.Dispose();
        }
    }
}
