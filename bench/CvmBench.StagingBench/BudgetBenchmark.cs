using System.Diagnostics;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.StagingBench;

/// <summary>The tuner under thread budgets: what it picks with at most N copying threads (demoting the chunks or not
/// among it), and what that pipeline moves per size and direction beside a pinned copy of the same run, with the
/// rate per copying thread.</summary>
internal sealed class BudgetBenchmark(ITransferDevice device, IReadOnlyList<long> sizes, IReadOnlyList<int> budgets, int transfers)
{
    public string Run()
    {
        device.BindToThread();
        long largest = sizes.Max();
        long slots = Math.Max(2, HostRotation.For(largest, Machine.Host.LastLevelCacheBytes).Slots);
        long arena = slots * largest;
        using var memory = device.AllocateDevice(largest);
        using var pageable = HostCopyBenchmark.Touched(new MappedBuffer(arena, hugePages: false));
        using var pinned = device.AllocateHost(MemoryKind.Pinned, arena);
        using var queue = device.CreateQueue();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"### Under a thread budget, GB/s (median of {transfers} transfers, wall clock per call; host buffers rotate over {Units.FormatBytes(arena)})");
        text.AppendLine();
        var pinnedRates = new Dictionary<(long, bool), double>();
        foreach (long size in sizes)
        {
            foreach (bool toDevice in new[] { true, false })
            {
                pinnedRates[(size, toDevice)] = Measure(size, toDevice, (offset, s) =>
                {
                    if (toDevice)
                    {
                        queue.CopyHostToDevice(memory, 0, pinned, offset, s, CopyMethod.CopyEngine);
                    }
                    else
                    {
                        queue.CopyDeviceToHost(pinned, offset, memory, 0, s, CopyMethod.CopyEngine);
                    }
                    queue.Synchronize();
                });
            }
        }
        var header = new StringBuilder("| budget | picked | demoted |");
        var rule = new StringBuilder("| ---: | ---: | --- |");
        var pinnedRow = new StringBuilder("| pinned | | |");
        foreach (long size in sizes)
        {
            header.Append(CultureInfo.InvariantCulture, $" H2D {Units.FormatBytes(size)} | per thread | of pinned | D2H {Units.FormatBytes(size)} | per thread | of pinned |");
            rule.Append(" ---: | ---: | ---: | ---: | ---: | ---: |");
            pinnedRow.Append(CultureInfo.InvariantCulture, $" {pinnedRates[(size, true)]:F1} | | | {pinnedRates[(size, false)]:F1} | | |");
        }
        var rows = new List<string>();
        var why = new StringBuilder();
        foreach (int budget in budgets)
        {
            Console.Error.WriteLine($"budget: {budget} threads");
            var tuning = StagingTuner.Tune(device, Machine.Host, budget);
            why.AppendLine(CultureInfo.InvariantCulture, $"- budget {budget}: {tuning.Options}; {tuning.Summary}");
            using var pipeline = new StagingPipeline(device, tuning.Options);
            int threads = tuning.Options.HostThreads;
            var row = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"| {budget} | {threads} | {(tuning.Options.DemoteChunks ? "yes" : "no")} |"));
            foreach (long size in sizes)
            {
                foreach (bool toDevice in new[] { true, false })
                {
                    double rate = Measure(size, toDevice, (offset, s) =>
                    {
                        if (toDevice)
                        {
                            pipeline.CopyToDevice(memory, 0, pageable.Pointer + (nint)offset, s);
                        }
                        else
                        {
                            pipeline.CopyToHost(pageable.Pointer + (nint)offset, memory, 0, s);
                        }
                    });
                    row.Append(CultureInfo.InvariantCulture, $" {rate:F1} | {rate / threads:F1} | {rate / pinnedRates[(size, toDevice)]:P0} |");
                }
            }
            rows.Add(row.ToString());
        }
        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        text.AppendLine(pinnedRow.ToString());
        foreach (string row in rows)
        {
            text.AppendLine(row);
        }
        text.AppendLine();
        text.Append(why);
        text.AppendLine();
        return text.ToString();

        double Measure(long size, bool toDevice, Action<long, long> copy)
        {
            var rates = new List<double>();
            for (int i = -2; i < transfers; i++)
            {
                long offset = (i + 2) % slots * size;
                long start = Stopwatch.GetTimestamp();
                copy(offset, size);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (i >= 0)
                {
                    rates.Add(size / seconds / 1e9);
                }
            }
            return Statistics.Summarize(rates).Median;
        }
    }
}
