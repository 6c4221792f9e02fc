using System.Diagnostics;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.StagingBench;

/// <summary>Small transfers one at a time, as an application moves a layer's weights or a batch: per size and direction
/// the median time of a pinned and a pageable CUDA copy and of a staged one (back to back, and each after a millisecond
/// idle, when the helpers sleep), with the staged transfer's timeline medians; then the process's CPU time while the
/// pipeline sits idle.</summary>
internal sealed class SmallTransferBenchmark(ITransferDevice device, IReadOnlyList<long> sizes, int transfers, int budget, StagingOptions? fixedOptions)
{
    private const ulong Seed = 0x5EED;
    private const int Warmup = 5;
    private static readonly TimeSpan IdleGap = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);

    private enum Lane { Pinned, Pageable, Staged, StagedAfterIdle }

    public string Run()
    {
        device.BindToThread();
        Console.Error.WriteLine("small: tuning");
        var (staging, why) = PiecesBenchmark.Configure(device, budget, fixedOptions);
        long largest = sizes.Max();
        long slots = Math.Max(2, HostRotation.For(largest, Machine.Host.LastLevelCacheBytes).Slots);
        long arena = slots * largest;
        using var memory = device.AllocateDevice(largest);
        using var pageable = HostCopyBenchmark.Touched(new MappedBuffer(arena, hugePages: false));
        using var pinned = device.AllocateHost(MemoryKind.Pinned, arena);
        using var queue = device.CreateQueue();
        using var pipeline = new StagingPipeline(device, staging);
        DataPattern.Fill(pageable.Pointer, arena, Seed);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"### Small transfers one at a time, microseconds (median of {transfers} after {Warmup} warm-up; host buffers rotate over {Units.FormatBytes(arena)} of 4 KiB pages)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- staging: {staging}{(budget < StagingOptions.MaxThreads ? $" (budget {budget} threads)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - why: {why}");
        text.AppendLine("- every time is by the wall clock around one call, including its synchronization; staged timeline points from the transfer's start; 'idle' transfers each follow a 1 ms sleep, when helpers have gone to sleep");
        text.AppendLine();
        text.AppendLine("| size | direction | pinned | pageable | staged | staged after idle | staged / pinned | after idle / pinned | lane | last helper joined | first slice claimed | first chunk copied | first DMA queued | last chunk copied | last DMA queued | DMAs done | helpers out | total | DMAs |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (long size in sizes)
        {
            foreach (bool toDevice in new[] { true, false })
            {
                Console.Error.WriteLine($"small: {(toDevice ? "H2D" : "D2H")} {Units.FormatBytes(size)}");
                if (!toDevice)
                {
                    DevicePattern.Fill(device, memory, size, Seed);
                }
                long next = 0;
                var times = new Dictionary<Lane, List<double>>();
                var timelines = new Dictionary<Lane, List<StagingTimeline>>();
                foreach (var lane in Enum.GetValues<Lane>())
                {
                    times[lane] = [];
                    timelines[lane] = [];
                }
                // Lanes interleaved per round, so a disturbance of the machine falls on all alike; the staged lane's
                // transfers come back to back within the round.
                const int PerRound = 10;
                for (int round = 0; round * PerRound < transfers + Warmup; round++)
                {
                    foreach (var lane in Enum.GetValues<Lane>())
                    {
                        for (int i = 0; i < PerRound; i++)
                        {
                            long offset = next++ % slots * size;
                            if (lane == Lane.StagedAfterIdle)
                            {
                                Thread.Sleep(IdleGap);
                            }
                            long start = Stopwatch.GetTimestamp();
                            Copy(lane, toDevice, offset, size);
                            double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                            if (round * PerRound + i >= Warmup)
                            {
                                times[lane].Add(microseconds);
                                if (lane is Lane.Staged or Lane.StagedAfterIdle)
                                {
                                    timelines[lane].Add(pipeline.LastTransfer);
                                }
                            }
                        }
                    }
                }
                string check = Verify(toDevice, size, next % slots * size);
                if (!toDevice)
                {
                    // Device to host wrote the device's pattern over the arena; the next host-to-device check reads it.
                    DataPattern.Fill(pageable.Pointer, arena, Seed);
                }
                double Median(Lane lane) => Statistics.Summarize(times[lane]).Median;
                foreach (var lane in new[] { Lane.Staged, Lane.StagedAfterIdle })
                {
                    var list = timelines[lane];
                    string Point(Func<StagingTimeline, TimeSpan> point) =>
                        Statistics.Summarize(list.Select(t => point(t).TotalMicroseconds).ToList()).Median.ToString("F0", CultureInfo.InvariantCulture);
                    string lead = lane == Lane.Staged
                        ? string.Create(CultureInfo.InvariantCulture,
                            $"| {Units.FormatBytes(size)} | {(toDevice ? "H2D" : "D2H")} | {Median(Lane.Pinned):F0} | {Median(Lane.Pageable):F0} | {Median(Lane.Staged):F0} | {Median(Lane.StagedAfterIdle):F0} | {Median(Lane.Pinned) / Median(Lane.Staged):P0} | {Median(Lane.Pinned) / Median(Lane.StagedAfterIdle):P0} |")
                        : "| | | | | | | | |";
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"{lead} {(lane == Lane.Staged ? "back to back" : "after idle")}{check} | {Point(t => t.LastHelperJoined)} | {Point(t => t.FirstSliceClaimed)} | {Point(t => t.FirstChunkCopied)} | {Point(t => t.FirstDmaQueued)} "
                        + $"| {Point(t => t.LastChunkCopied)} | {Point(t => t.LastDmaQueued)} | {Point(t => t.DmasDone)} | {Point(t => t.HelpersOut)} | {Point(t => t.Total)} | {list[0].Dmas} |");
                }
            }
        }
        text.AppendLine();
        text.Append(IdleCpu(pipeline, memory, pageable));
        return text.ToString();

        void Copy(Lane lane, bool toDevice, long offset, long size)
        {
            switch (lane)
            {
                case Lane.Pinned or Lane.Pageable:
                    IHostBuffer host = lane == Lane.Pinned ? pinned : pageable;
                    if (toDevice)
                    {
                        queue.CopyHostToDevice(memory, 0, host, offset, size, CopyMethod.CopyEngine);
                    }
                    else
                    {
                        queue.CopyDeviceToHost(host, offset, memory, 0, size, CopyMethod.CopyEngine);
                    }
                    queue.Synchronize();
                    break;
                default:
                    if (toDevice)
                    {
                        pipeline.CopyToDevice(memory, 0, pageable.Pointer + (nint)offset, size);
                    }
                    else
                    {
                        pipeline.CopyToHost(pageable.Pointer + (nint)offset, memory, 0, size);
                    }
                    break;
            }
        }

        // One more staged transfer onto a poisoned destination, checked byte for byte; the arena keeps its pattern.
        unsafe string Verify(bool toDevice, long size, long offset)
        {
            var slot = new Span<byte>((byte*)pageable.Pointer + offset, checked((int)size));
            bool right;
            if (toDevice)
            {
                DevicePattern.Poison(device, memory, size, 0xA5);
                pipeline.CopyToDevice(memory, 0, pageable.Pointer + (nint)offset, size);
                right = DevicePattern.FindMismatch(device, memory, size, Seed, patternStart: offset) < 0;
            }
            else
            {
                slot.Fill(0xA5);
                pipeline.CopyToHost(pageable.Pointer + (nint)offset, memory, 0, size);
                right = DataPattern.FindMismatch(pageable.Pointer + (nint)offset, size, Seed) < 0;
                DataPattern.Fill(slot, Seed, offset);
            }
            return right ? "" : " WRONG DATA";
        }
    }

    /// <summary>The process's processor time (all threads, from getrusage) over a few idle seconds with the pipeline
    /// open, right after a transfer: what its helpers cost between transfers.</summary>
    private string IdleCpu(StagingPipeline pipeline, IDeviceBuffer memory, MappedBuffer host)
    {
        pipeline.CopyToDevice(memory, 0, host.Pointer, sizes.Min());
        TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
        long wallStart = Stopwatch.GetTimestamp();
        Thread.Sleep(IdleWindow);
        double wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
        double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds;
        int helpers = pipeline.Options.HostThreads == 1 ? 0 : pipeline.Options.HostThreads;
        return string.Create(CultureInfo.InvariantCulture,
            $"- idle with the pipeline open ({helpers} helpers, {StagingPipeline.IdleSpinMicroseconds} us spin each after a transfer): {cpu * 1e3:F2} ms of processor time in {wall:F1} s ({cpu / wall * 100:F3}% of one core), against at most {helpers * StagingPipeline.IdleSpinMicroseconds / 1e3:F1} ms of spinning\n\n");
    }
}
