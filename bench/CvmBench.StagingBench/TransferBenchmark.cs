using System.Diagnostics;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.StagingBench;

/// <summary>Staged against CUDA's pageable and pinned paths, per size and direction, side by side in one run: bandwidth
/// (median of the samples), the ratios, and the host CPU cores each path keeps busy (process CPU time / wall time).</summary>
internal sealed class TransferBenchmark(ITransferDevice device, IReadOnlyList<long> sizes, int samples, TextWriter? csv)
{
    /// <summary>How the CLI's meters sample, where the benchmark samples alike: the bytes per sample, the warm-up
    /// copies before each size and the data pattern's seed.</summary>
    private static readonly MeasurementOptions Sampling = new(Machine.Host, WarmupCopies: 2);
    private static readonly long BytesPerSample = Sampling.BytesPerSample;
    private static readonly int Warmup = Sampling.WarmupCopies;
    private static readonly ulong Seed = Sampling.Seed;

    private enum Route { Queue, Staged }

    /// <summary>One column: which host memory, and whether CUDA or the staging pipeline moves it.</summary>
    /// <remarks>A lane <paramref name="Apart"/> takes its samples after the others' rounds, back to back: a pipeline's
    /// helpers spin a while after each transfer before they sleep, and two pipelines' helpers together outnumber the
    /// CPUs, so interleaved, each pipeline's samples would meet the other's spinning helpers.</remarks>
    private sealed record Lane(string Name, IHostBuffer Host, Route Route, StagingPipeline? Pipeline, bool DeviceTimed = false, bool Apart = false);

    /// <summary>One lane at one size: the median rate, the cores it kept busy, its samples' rates in round order.</summary>
    private sealed record Cell(double GigabytesPerSecond, double Cores, IReadOnlyList<double> Rounds, string? Problem)
    {
        /// <summary>The median over rounds of this lane's rate over <paramref name="baseline"/>'s in the same round.</summary>
        public double RatioTo(Cell baseline) => Statistics.Summarize([.. Rounds.Zip(baseline.Rounds, (a, b) => a / b)]).Median;

        public string Rate => Problem is null ? GigabytesPerSecond.ToString("F1", CultureInfo.InvariantCulture) : "FAILED";
    }

    public string Run()
    {
        var text = new StringBuilder();
        device.BindToThread();
        Console.Error.WriteLine("staging: tuning");
        var tuning = StagingTuner.Tune(device, Machine.Host);
        text.AppendLine(CultureInfo.InvariantCulture, $"- staging auto-tune: {tuning.Options}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - why: {tuning.Summary}");
        // A second configuration with every CPU copying, in case the tuner's margin was too thin for this machine.
        var everyCpu = tuning.Options with { HostThreads = Math.Clamp(Environment.ProcessorCount - 1, 1, StagingOptions.MaxThreads) };
        long cache = Machine.Host.LastLevelCacheBytes;
        long arena = sizes.Max(size => Slots(size, cache) * size);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- host buffers rotate over at least twice the {Units.FormatBytes(cache)} last-level cache (arena {Units.FormatBytes(arena)} each); {samples} rounds, each one sample of at least {Units.FormatBytes(BytesPerSample)} of every lane, after {Warmup} warm-up copies; rates are medians over the rounds, ratios the medians of each round's ratio; every lane's copy onto a poisoned destination verified byte for byte");
        text.AppendLine("- pinned is timed by device events around the queued copies; pageable and staged (host-driven) by the wall clock, including the final synchronization");
        text.AppendLine();

        using var tuned = new StagingPipeline(device, tuning.Options);
        using var wide = everyCpu == tuning.Options ? null : new StagingPipeline(device, everyCpu);
        using var pinned = device.AllocateHost(MemoryKind.Pinned, arena);
        using var small = HostCopyBenchmark.Touched(new MappedBuffer(arena, hugePages: false));
        using var huge = HostCopyBenchmark.Touched(new MappedBuffer(arena, hugePages: true));
        using var memory = device.AllocateDevice(sizes.Max());
        using var queue = device.CreateQueue();
        var lanes = new List<Lane>
        {
            new("pinned", pinned, Route.Queue, null, DeviceTimed: true),
            new("pageable", small, Route.Queue, null),
            new("staged", small, Route.Staged, tuned),
            new("pageable THP", huge, Route.Queue, null),
            new("staged THP", huge, Route.Staged, tuned),
        };
        if (wide is not null)
        {
            lanes.Add(new("staged all CPUs", small, Route.Staged, wide, Apart: true));
        }
        csv?.WriteLine("lane,direction,bytes,sample,bytes_moved,nanoseconds,cpu_nanoseconds");
        text.AppendLine(CultureInfo.InvariantCulture, $"- huge pages: {Machine.AnonHugePages() / (double)(1L << 30):F2} GiB of this process is in THP after filling the arenas (the THP arena is {Units.FormatBytes(arena)})");
        text.AppendLine();

        foreach (var host in lanes.Select(l => l.Host).Distinct())
        {
            // Host to device runs first, from arenas that hold the pattern; device to host overwrites them.
            DataPattern.Fill(host.Pointer, arena, Seed);
        }
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            var results = new Dictionary<(string Lane, long Size), Cell>();
            foreach (long size in sizes)
            {
                if (direction == Direction.DeviceToHost)
                {
                    DevicePattern.Fill(device, memory, size, Seed);
                }
                Console.Error.WriteLine($"staging: {DirectionNames.ToText(direction)} {Units.FormatBytes(size)}");
                foreach (var (lane, cell) in Measure(lanes, queue, memory, direction, size, cache))
                {
                    results[(lane, size)] = cell;
                }
            }
            text.Append(Tables(direction, results, wide is null ? null : $"staged, {everyCpu.HostThreads} threads and the driving one: all CPUs"));
        }
        return text.ToString();
    }

    private static long Slots(long size, long cache) => HostRotation.For(size, cache, maxSlots: 4096).Slots;

    /// <summary>Every lane at one size, in rounds: each round takes one sample of every lane, starting one lane later
    /// than the round before, so a disturbance of the machine (the H100 VM has spells of a second or more in which
    /// even pinned copies slow by half) falls on all lanes alike rather than on one lane's samples; lanes apart come
    /// after. Then each lane copies once more onto a poisoned destination, and that copy is checked.</summary>
    private Dictionary<string, Cell> Measure(List<Lane> lanes, ITransferQueue queue, IDeviceBuffer memory, Direction direction, long size, long cache)
    {
        int copies = (int)Math.Clamp((BytesPerSample + size - 1) / size, 2, 1024);
        var slots = lanes.Select(lane => Math.Min(Slots(size, cache), lane.Host.Length / size)).ToArray();
        var next = new long[lanes.Count];
        var rates = lanes.Select(_ => new List<double>()).ToArray();
        var cores = lanes.Select(_ => new List<double>()).ToArray();
        for (int l = 0; l < lanes.Count; l++)
        {
            for (int w = 0; w < Warmup; w++)
            {
                Copy(lanes[l], queue, memory, direction, size, next[l]++ % slots[l] * size);
            }
        }
        queue.Synchronize();
        var together = Enumerable.Range(0, lanes.Count).Where(l => !lanes[l].Apart).ToList();
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < together.Count; k++)
            {
                Sample(together[(s + k) % together.Count], s);
            }
        }
        foreach (int l in Enumerable.Range(0, lanes.Count).Where(l => lanes[l].Apart))
        {
            for (int s = 0; s < samples; s++)
            {
                Sample(l, s);
            }
        }
        var cells = new Dictionary<string, Cell>();
        for (int l = 0; l < lanes.Count; l++)
        {
            long last = next[l] % slots[l];
            Poison(lanes[l], memory, direction, size, last);
            Copy(lanes[l], queue, memory, direction, size, last * size);
            queue.Synchronize();
            cells[lanes[l].Name] = new Cell(Statistics.Summarize(rates[l]).Median, Statistics.Summarize(cores[l]).Median, rates[l],
                Verify(lanes[l], memory, direction, size, last));
        }
        return cells;

        void Sample(int l, int s)
        {
            var lane = lanes[l];
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long wallStart = Stopwatch.GetTimestamp();
            using var start = lane.Route == Route.Queue ? queue.Record() : null;
            for (int c = 0; c < copies; c++)
            {
                Copy(lane, queue, memory, direction, size, next[l]++ % slots[l] * size);
            }
            using var end = lane.Route == Route.Queue ? queue.Record() : null;
            queue.Synchronize();
            double wall = Stopwatch.GetElapsedTime(wallStart).TotalNanoseconds;
            double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalNanoseconds;
            double nanoseconds = lane.DeviceTimed ? end!.NanosecondsSince(start!) : wall;
            rates[l].Add(copies * size / nanoseconds);
            cores[l].Add(cpu / wall);
            csv?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lane.Name},{DirectionNames.ToText(direction)},{size},{s},{copies * size},{nanoseconds:F0},{cpu:F0}"));
        }
    }

    /// <summary>Overwrites the destination of the copy from (or to) <paramref name="slot"/>, so a check afterwards
    /// proves that copy wrote it.</summary>
    private void Poison(Lane lane, IDeviceBuffer memory, Direction direction, long size, long slot)
    {
        if (direction == Direction.HostToDevice)
        {
            DevicePattern.Poison(device, memory, size, HostPoison);
            return;
        }
        for (long done = 0; done < size; done += Piece)
        {
            unsafe
            {
                new Span<byte>((byte*)lane.Host.Pointer + slot * size + done, (int)Math.Min(Piece, size - done)).Fill(HostPoison);
            }
        }
    }

    private static void Copy(Lane lane, ITransferQueue queue, IDeviceBuffer memory, Direction direction, long size, long offset)
    {
        switch (lane.Route, direction)
        {
            case (Route.Queue, Direction.HostToDevice):
                queue.CopyHostToDevice(memory, 0, lane.Host, offset, size, CopyMethod.CopyEngine);
                break;
            case (Route.Queue, _):
                queue.CopyDeviceToHost(lane.Host, offset, memory, 0, size, CopyMethod.CopyEngine);
                break;
            case (_, Direction.HostToDevice):
                lane.Pipeline!.CopyToDevice(memory, 0, lane.Host.Pointer + (nint)offset, size);
                break;
            default:
                lane.Pipeline!.CopyToHost(lane.Host.Pointer + (nint)offset, memory, 0, size);
                break;
        }
    }

    private const byte HostPoison = 0xA5;
    private const int Piece = 64 << 20;

    /// <summary>Null when the last copy's destination holds what its source held.</summary>
    private string? Verify(Lane lane, IDeviceBuffer memory, Direction direction, long size, long lastSlot)
    {
        if (direction == Direction.DeviceToHost)
        {
            long mismatch = DataPattern.FindMismatch(lane.Host.Pointer + (nint)(lastSlot * size), size, Seed);
            return mismatch < 0 ? null : $"host byte {mismatch} of the last copy differs";
        }
        // The source slot holds the arena's pattern from its own offset on.
        long wrong = DevicePattern.FindMismatch(device, memory, size, Seed, patternStart: lastSlot * size);
        return wrong < 0 ? null : $"device byte {wrong} of the last copy differs";
    }

    private string Tables(Direction direction, Dictionary<(string Lane, long Size), Cell> results, string? wideColumn)
    {
        string name = direction == Direction.HostToDevice ? "Host to device" : "Device to host";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {name}, GB/s (4 KiB pages)");
        text.AppendLine();
        text.AppendLine("| size | pinned | CUDA pageable | staged | staged / pinned | staged / CUDA pageable | cores: pinned | cores: pageable | cores: staged |" + (wideColumn is null ? "" : $" {wideColumn} |"));
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (wideColumn is null ? "" : " ---: |"));
        foreach (long size in sizes)
        {
            var pinned = results[("pinned", size)];
            var pageable = results[("pageable", size)];
            var staged = results[("staged", size)];
            string row = string.Create(CultureInfo.InvariantCulture,
                $"| {Units.FormatBytes(size)} | {pinned.Rate} | {pageable.Rate} | {staged.Rate} | {staged.RatioTo(pinned) * 100:F0}% | {staged.RatioTo(pageable):F1}x | {pinned.Cores:F2} | {pageable.Cores:F2} | {staged.Cores:F2} |");
            text.AppendLine(wideColumn is null ? row : row + $" {results[("staged all CPUs", size)].Rate} |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {name}, GB/s: 4 KiB pages against transparent huge pages");
        text.AppendLine();
        text.AppendLine("| size | CUDA pageable, 4 KiB | CUDA pageable, THP | staged, 4 KiB | staged, THP |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (long size in sizes)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Units.FormatBytes(size)} | {results[("pageable", size)].Rate} | {results[("pageable THP", size)].Rate} | {results[("staged", size)].Rate} | {results[("staged THP", size)].Rate} |");
        }
        text.AppendLine();
        foreach (var ((lane, size), cell) in results.Where(r => r.Value.Problem is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- VERIFICATION FAILED: {lane} {DirectionNames.ToText(direction)} {Units.FormatBytes(size)}: {cell.Problem}");
        }
        return text.ToString();
    }
}
