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
    private const long BytesPerSample = 1L << 30;
    private const int Warmup = 2;
    private const ulong Seed = 0x5EED_CAFE;

    public string Run()
    {
        device.BindToThread();
        long cache = CacheSize.LastLevel();
        long largest = sizes.Max();
        long slots = Math.Max(2, (2 * cache + largest - 1) / largest);
        long arena = slots * largest;
        using var memory = device.AllocateDevice(largest);
        using var pageable = HostCopyBenchmark.Touched(new MappedBuffer(arena, hugePages: false));
        using var pinned = device.AllocateHost(MemoryKind.Pinned, arena);
        using var queue = device.CreateQueue();
        DataPattern.Fill(pageable.Pointer, arena, Seed);

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
        foreach (long chunk in chunks)
        {
            foreach (long pool in pools)
            {
                foreach (int threadCount in threads)
                {
                    foreach (int streamCount in streams)
                    {
                        var options = new StagingOptions(chunk, (int)Math.Max(2, pool / chunk), threadCount, streamCount, NonTemporalStores: true);
                        Console.Error.WriteLine($"grid: {options}");
                        using var pipeline = new StagingPipeline(device, options);
                        var row = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                            $"| {Units.FormatBytes(chunk)} | {Units.FormatBytes(options.PoolChunks * chunk)} | {threadCount} | {streamCount} |"));
                        foreach (long size in sizes)
                        {
                            double up = MeasureStaged(pipeline, memory, pageable, size, slots, toDevice: true);
                            bool upRight = DeviceHolds(memory, size, LastSlot(size, slots) * size);
                            // Device to host: the device holds the pattern from offset 0, the last slot is poisoned first.
                            UploadPattern(memory, size);
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
                }
            }
        }
        text.AppendLine();
        return text.ToString();
    }

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

    private bool DeviceHolds(IDeviceBuffer memory, long size, long patternOffset)
    {
        byte[] bytes = new byte[size];
        device.Download(bytes, memory, 0);
        return DataPattern.FindMismatch(bytes, Seed, patternOffset) < 0;
    }

    private void UploadPattern(IDeviceBuffer memory, long size)
    {
        byte[] bytes = new byte[size];
        DataPattern.Fill(bytes, Seed, 0);
        device.Upload(memory, 0, bytes);
    }
}
