using System.Globalization;
using System.Text;
using CvmBench.Transfers.Staging;
using CvmBench.Transfers;

namespace CvmBench.StagingBench;

/// <summary>The host's copy rate by thread count, as the staging pipeline copies (256 KiB slices, each thread its own
/// part), with regular and non-temporal stores, 4 KiB and huge pages; and the rate of a first touch of fresh memory.</summary>
internal sealed class HostCopyBenchmark(IReadOnlyList<int> threadCounts, long bytes)
{
    private const long Slice = 256L << 10;
    private const long RingBytes = 32L << 20;
    private const int Passes = 3;
    private static readonly int[] StoreWidths = [64, 32, 16];

    public string Run()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Host copy rate, GB/s (best of {Passes}; {Units.FormatBytes(bytes)} per pass, 256 KiB slices, each thread its own part)");
        text.AppendLine();
        text.AppendLine("| copy | " + string.Join(" | ", threadCounts.Select(t => $"{t} thr")) + " |");
        text.AppendLine("| --- |" + string.Concat(threadCounts.Select(_ => " ---: |")));
        int widest = HostCopy.NonTemporalWidth;
        int[] widths = [.. StoreWidths.Where(w => w <= widest)];
        using (var source = Touched(new MappedBuffer(bytes, hugePages: false)))
        using (var destination = Touched(new MappedBuffer(bytes, hugePages: false)))
        using (var ring = Touched(new MappedBuffer(RingBytes, hugePages: false)))
        {
            Row(text, "`Buffer.MemoryCopy`, large to large (4 KiB pages)", source, destination, 0);
            foreach (int width in widths)
            {
                Row(text, $"{Stores(width)}, large to large (4 KiB pages)", source, destination, width);
            }
            Row(text, "`Buffer.MemoryCopy`, large to 32 MiB ring (staging host to device)", source, ring, 0);
            Row(text, "`Buffer.MemoryCopy`, 32 MiB ring to large (staging device to host)", ring, destination, 0);
            foreach (int width in widths)
            {
                Row(text, $"{Stores(width)}, 32 MiB ring to large (staging device to host)", ring, destination, width);
            }
        }
        using (var source = Touched(new MappedBuffer(bytes, hugePages: true)))
        using (var destination = Touched(new MappedBuffer(bytes, hugePages: true)))
        {
            string pages = $"huge pages, {Machine.AnonHugePages() / (double)(1L << 30):F1} GiB of the process in THP";
            Row(text, $"`Buffer.MemoryCopy`, large to large ({pages})", source, destination, 0);
            if (widest > 0)
            {
                Row(text, $"{Stores(widest)}, large to large ({pages})", source, destination, widest);
            }
        }
        text.AppendLine();
        text.Append(FirstTouch());
        return text.ToString();
    }

    private static string Stores(int width) => width switch
    {
        64 => "AVX-512 non-temporal",
        32 => "AVX non-temporal",
        _ => "SSE2 non-temporal",
    };

    private void Row(StringBuilder text, string name, MappedBuffer from, MappedBuffer to, int nonTemporalWidth)
    {
        Console.Error.WriteLine($"host copy: {name}");
        var cells = threadCounts.Select(threads => Measure(threads, from, to, nonTemporalWidth));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", cells.Select(c => c.ToString("F1", CultureInfo.InvariantCulture)))} |");
    }

    /// <summary>GB/s of bytes copied: each thread copies its part of the larger buffer in slices, cycling over its own
    /// section of the smaller one when the two differ (a ring standing for the pinned pool).</summary>
    private static double Measure(int threads, MappedBuffer from, MappedBuffer to, int nonTemporalWidth)
    {
        long total = Math.Max(from.Length, to.Length);
        long part = total / threads / Slice * Slice;
        double best = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            double seconds = StartedTogether.Seconds(threads, t =>
            {
                long fromSection = from.Length == total ? part : Math.Max(Slice, from.Length / threads / Slice * Slice);
                long toSection = to.Length == total ? part : Math.Max(Slice, to.Length / threads / Slice * Slice);
                nint fromStart = from.Pointer + (nint)(t * fromSection % (from.Length - fromSection + 1));
                nint toStart = to.Pointer + (nint)(t * toSection % (to.Length - toSection + 1));
                for (long offset = 0; offset < part; offset += Slice)
                {
                    nint source = fromStart + (nint)(offset % fromSection);
                    nint destination = toStart + (nint)(offset % toSection);
                    if (nonTemporalWidth == 0)
                    {
                        HostCopy.Copy(destination, source, Slice, nonTemporal: false);
                    }
                    else
                    {
                        HostCopy.CopyNonTemporal(destination, source, Slice, nonTemporalWidth);
                    }
                }
            });
            best = Math.Max(best, threads * part / seconds / 1e9);
        }
        return best;
    }

    /// <summary>Rate of the first write to freshly mapped memory (page faults, zeroing, and in a VM possibly the host
    /// backing the guest's pages), for 4 KiB and huge pages, one thread and all; each mapped, touched and unmapped twice.</summary>
    private string FirstTouch()
    {
        var text = new StringBuilder();
        int all = threadCounts.Max();
        text.AppendLine(CultureInfo.InvariantCulture, $"### First touch of fresh memory, GB/s ({Units.FormatBytes(bytes)} mapped, written once, unmapped; twice each)");
        text.AppendLine();
        text.AppendLine("| pages | threads | first | again |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (bool huge in new[] { false, true })
        {
            foreach (int threads in new[] { 1, all })
            {
                Console.Error.WriteLine($"first touch: {(huge ? "huge" : "4 KiB")} pages, {threads} threads");
                double first = Touch(huge, threads);
                double again = Touch(huge, threads);
                text.AppendLine(CultureInfo.InvariantCulture, $"| {(huge ? "huge (THP, madvise)" : "4 KiB")} | {threads} | {first:F2} | {again:F2} |");
            }
        }
        return text.ToString();
    }

    private unsafe double Touch(bool huge, int threads)
    {
        using var buffer = new MappedBuffer(bytes, huge);
        long part = bytes / threads;
        double seconds = StartedTogether.Seconds(threads, t => new Span<byte>((byte*)buffer.Pointer + t * part, (int)Math.Min(part, int.MaxValue)).Clear());
        return threads * Math.Min(part, int.MaxValue) / seconds / 1e9;
    }

    /// <summary>Writes every page once, so the copies measured do not pay first-touch faults.</summary>
    public static unsafe MappedBuffer Touched(MappedBuffer buffer)
    {
        int threads = Environment.ProcessorCount;
        long part = (buffer.Length / threads + 4095) & ~4095L;
        StartedTogether.Seconds(threads, t =>
        {
            long end = Math.Min(buffer.Length, (t + 1) * part);
            for (long offset = t * part; offset < end; offset += int.MaxValue)
            {
                new Span<byte>((byte*)buffer.Pointer + offset, (int)Math.Min(int.MaxValue, end - offset)).Fill(0x5A);
            }
        });
        return buffer;
    }
}
