using System.Diagnostics;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.StagingBench;

/// <summary>The staging pipeline over a grid of its options (chunk size, pool, host threads, streams) at a few sizes,
/// both directions, beside the pinned copy measured in the same run: which shape of pipeline this machine favours,
/// independent of the tuner's choice.</summary>
internal sealed class GridBenchmark(ITransferDevice device, IReadOnlyList<long> sizes, int samples,
    IReadOnlyList<long> chunks, IReadOnlyList<long> pools, IReadOnlyList<int> threads, IReadOnlyList<int> streams)
{
    /// <summary>How the CLI's meters sample, where the benchmark samples alike: the bytes per sample, the warm-up
    /// copies before each size and the data pattern's seed.</summary>
    private static readonly MeasurementOptions Sampling = new(Machine.Host, WarmupCopies: 2);
    private static readonly long BytesPerSample = Sampling.BytesPerSample;
    private static readonly int Warmup = Sampling.WarmupCopies;
    private static readonly ulong Seed = Sampling.Seed;

    public string Run()
    {
        using var buffers = new Buffers(device, sizes.Max());
        var (memory, pageable, pinned, queue, slots, arena) = buffers;

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"### Staging over its options, GB/s (median of {samples} samples of at least {Units.FormatBytes(BytesPerSample)}; pageable memory on 4 KiB pages rotating over {Units.FormatBytes(arena)}; every configuration's last copies verified)");
        text.AppendLine();
        var header = new StringBuilder("| chunk | pool | threads | streams |");
        var rule = new StringBuilder("| ---: | ---: | ---: | ---: |");
        foreach (long size in sizes)
        {
            header.Append(CultureInfo.InvariantCulture, $" H2D {Units.FormatBytes(size)} | D2H {Units.FormatBytes(size)} |");
            rule.Append(" ---: | ---: |");
        }
        var pinnedRow = new StringBuilder("| pinned (`cuMemcpyAsync`, wall clock) | | | |");
        foreach (long size in sizes)
        {
            pinnedRow.Append(CultureInfo.InvariantCulture, $" {MeasureQueue(queue, memory, pinned, size, slots, toDevice: true):F1} | {MeasureQueue(queue, memory, pinned, size, slots, toDevice: false):F1} |");
        }
        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        text.AppendLine(pinnedRow.ToString());
        foreach (var options in Configurations())
        {
            Console.Error.WriteLine($"grid: {options}");
            using var pipeline = new StagingPipeline(device, options);
            var row = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"| {Units.FormatBytes(options.ChunkBytes)} | {Units.FormatBytes(options.PoolChunks * options.ChunkBytes)} | {options.HostThreads} | {options.Streams} |"));
            foreach (long size in sizes)
            {
                double up = MeasureStaged(pipeline, memory, pageable, size, slots, toDevice: true);
                bool upRight = DevicePattern.FindMismatch(device, memory, size, Seed, patternStart: LastSlot(size, slots) * size) < 0;
                // Device to host: the device holds the pattern from offset 0, the last slot is poisoned first.
                DevicePattern.Fill(device, memory, size, Seed);
                unsafe
                {
                    new Span<byte>((byte*)pageable.Pointer + LastSlot(size, slots) * size, checked((int)size)).Fill(0xA5);
                }
                double down = MeasureStaged(pipeline, memory, pageable, size, slots, toDevice: false);
                bool downRight = DataPattern.FindMismatch(pageable.Pointer + (nint)(LastSlot(size, slots) * size), size, Seed) < 0;
                row.Append(CultureInfo.InvariantCulture, $" {Cell(up, upRight)} | {Cell(down, downRight)} |");
                // Device to host overwrote the slot the next host-to-device check reads; restore its pattern.
                unsafe
                {
                    long last = LastSlot(size, slots) * size;
                    DataPattern.Fill(new Span<byte>((byte*)pageable.Pointer + last, checked((int)size)), Seed, last);
                }
            }
            text.AppendLine(row.ToString());
        }
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>Per configuration, size and direction, the median of each point of <see cref="StagingTimeline"/> over a
    /// sample's transfers, beside a pinned copy's time for the same size: which phase holds the time the bandwidth does
    /// not explain.</summary>
    public string Phases()
    {
        using var buffers = new Buffers(device, sizes.Max());
        var (memory, pageable, pinned, queue, slots, arena) = buffers;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"### Where a staged transfer's time goes, microseconds from its start (medians over {samples} samples of at least {Units.FormatBytes(BytesPerSample)}; pageable memory on 4 KiB pages rotating over {Units.FormatBytes(arena)})");
        text.AppendLine();
        text.AppendLine("| options | size | direction | DMAs | pinned copy | last helper joined | first slice claimed | first chunk copied | first DMA queued | last chunk copied | last DMA queued | DMAs done | helpers out | total | staged GB/s |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var pinnedMicroseconds = new Dictionary<(long, bool), double>();
        foreach (long size in sizes)
        {
            foreach (bool toDevice in new[] { true, false })
            {
                pinnedMicroseconds[(size, toDevice)] = size / MeasureQueue(queue, memory, pinned, size, slots, toDevice) / 1e3;
            }
        }
        foreach (var options in Configurations())
        {
            Console.Error.WriteLine($"phases: {options}");
            using var pipeline = new StagingPipeline(device, options);
            foreach (long size in sizes)
            {
                foreach (bool toDevice in new[] { true, false })
                {
                    var timelines = new List<StagingTimeline>();
                    Measure(size, slots, offset =>
                    {
                        if (toDevice)
                        {
                            pipeline.CopyToDevice(memory, 0, pageable.Pointer + (nint)offset, size);
                        }
                        else
                        {
                            pipeline.CopyToHost(pageable.Pointer + (nint)offset, memory, 0, size);
                        }
                        timelines.Add(pipeline.LastTransfer);
                    }, () => { });
                    // The warm-up transfers are the first ones recorded.
                    timelines.RemoveRange(0, Warmup);
                    string Median(Func<StagingTimeline, TimeSpan> point) =>
                        Statistics.Summarize(timelines.Select(t => point(t).TotalMicroseconds).ToList()).Median.ToString("F0", CultureInfo.InvariantCulture);
                    double total = Statistics.Summarize(timelines.Select(t => t.Total.TotalMicroseconds).ToList()).Median;
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {Units.FormatBytes(options.ChunkBytes)} x {options.PoolChunks}, {options.HostThreads} thr, {options.Streams} str | {Units.FormatBytes(size)} | {(toDevice ? "H2D" : "D2H")} | {timelines[0].Dmas} | {pinnedMicroseconds[(size, toDevice)]:F0} "
                        + $"| {Median(t => t.LastHelperJoined)} | {Median(t => t.FirstSliceClaimed)} | {Median(t => t.FirstChunkCopied)} | {Median(t => t.FirstDmaQueued)} | {Median(t => t.LastChunkCopied)} "
                        + $"| {Median(t => t.LastDmaQueued)} | {Median(t => t.DmasDone)} | {Median(t => t.HelpersOut)} | {total:F0} | {size / total / 1e3:F1} |");
                }
            }
        }
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>What both tables measure with: device memory for the largest size, pageable memory (faulted in, holding
    /// the pattern) and pinned memory each spanning <see cref="Slots"/> of the largest size, at least twice the
    /// last-level cache, so copies rotating over them do not find the source in the cache; and a queue for pinned copies.</summary>
    private sealed class Buffers : IDisposable
    {
        public Buffers(ITransferDevice device, long largest)
        {
            device.BindToThread();
            Slots = Math.Max(2, HostRotation.For(largest, Machine.Host.LastLevelCacheBytes).Slots);
            Arena = Slots * largest;
            Memory = device.AllocateDevice(largest);
            Pageable = HostCopyBenchmark.Touched(new MappedBuffer(Arena, hugePages: false));
            Pinned = device.AllocateHost(MemoryKind.Pinned, Arena);
            Queue = device.CreateQueue();
            DataPattern.Fill(Pageable.Pointer, Arena, Seed);
        }

        public IDeviceBuffer Memory { get; }
        public MappedBuffer Pageable { get; }
        public IHostBuffer Pinned { get; }
        public ITransferQueue Queue { get; }
        public long Slots { get; }
        public long Arena { get; }

        public void Deconstruct(out IDeviceBuffer memory, out MappedBuffer pageable, out IHostBuffer pinned, out ITransferQueue queue, out long slots, out long arena) =>
            (memory, pageable, pinned, queue, slots, arena) = (Memory, Pageable, Pinned, Queue, Slots, Arena);

        public void Dispose()
        {
            Queue.Dispose();
            Pinned.Dispose();
            Pageable.Dispose();
            Memory.Dispose();
        }
    }

    private IEnumerable<StagingOptions> Configurations() =>
        from chunk in chunks
        from pool in pools
        from threadCount in threads
        from streamCount in streams
        select new StagingOptions(chunk, (int)Math.Max(2, pool / chunk), threadCount, streamCount, NonTemporalStores: true, DemoteChunks: Machine.Host.CanDemoteCacheLines);

    private static string Cell(double rate, bool right) => right ? rate.ToString("F1", CultureInfo.InvariantCulture) : "WRONG DATA";

    private static int Copies(long size) => (int)Math.Clamp((BytesPerSample + size - 1) / size, 2, 1024);

    /// <summary>The arena slot the last copy of a measurement uses: copies rotate over the slots.</summary>
    private long LastSlot(long size, long slots) => (Warmup + (long)samples * Copies(size) - 1) % slots;

    private double MeasureStaged(StagingPipeline pipeline, IDeviceBuffer memory, MappedBuffer host, long size, long slots, bool toDevice) =>
        Measure(size, slots, offset =>
        {
            if (toDevice)
            {
                pipeline.CopyToDevice(memory, 0, host.Pointer + (nint)offset, size);
            }
            else
            {
                pipeline.CopyToHost(host.Pointer + (nint)offset, memory, 0, size);
            }
        }, () => { });

    private double MeasureQueue(ITransferQueue queue, IDeviceBuffer memory, IHostBuffer host, long size, long slots, bool toDevice) =>
        Measure(size, slots, offset =>
        {
            if (toDevice)
            {
                queue.CopyHostToDevice(memory, 0, host, offset, size, CopyMethod.CopyEngine);
            }
            else
            {
                queue.CopyDeviceToHost(host, offset, memory, 0, size, CopyMethod.CopyEngine);
            }
        }, queue.Synchronize);

    /// <summary>Median GB/s of samples of back-to-back copies rotating over the arena's slots.</summary>
    private double Measure(long size, long slots, Action<long> copy, Action settle)
    {
        int copies = Copies(size);
        long index = 0;
        for (; index < Warmup; index++)
        {
            copy(index % slots * size);
        }
        settle();
        var rates = new List<double>();
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < copies; c++, index++)
            {
                copy(index % slots * size);
            }
            settle();
            rates.Add(copies * size / Stopwatch.GetElapsedTime(start).TotalNanoseconds);
        }
        return Statistics.Summarize(rates).Median;
    }
}
