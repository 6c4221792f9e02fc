using System.Diagnostics;
using System.Globalization;
using CvmBench.Measurement;

namespace CvmBench.Transfers.Staging;

/// <summary>Picks <see cref="StagingOptions"/> for the device and host at hand from a short calibration (about a second):
/// the copy engines' rate per chunk size, and the host's copy rate per thread count with regular and non-temporal stores.</summary>
public static class StagingTuner
{
    // A chunk size is good enough when its DMA runs within this fraction of the best one measured.
    private const double ChunkTolerance = 0.95;
    // Host threads must out-copy the DMA by this margin, or the host becomes the bottleneck whenever it stalls.
    private const double HostMargin = 1.1;
    private const int Streams = 2;
    private const long DmaBytesPerCandidate = 64L << 20;
    private const long HostSliceBytes = 256L << 10;
    private const long RingBytes = 16L << 20;
    private static readonly long[] ChunkCandidates = [512L << 10, 1L << 20, 2L << 20, 4L << 20];

    /// <summary>Calibrates and picks. The host threads considered are at most the processors this process may use.</summary>
    public static StagingTuning Tune(ITransferDevice device, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.BindToThread();
        var (chunk, h2dDma, d2hDma) = TuneChunk(device, cancellation);
        var host = TuneThreads(h2dDma, d2hDma, cancellation);
        int pool = (int)Math.Clamp((host.Threads * HostSliceBytes + chunk - 1) / chunk + 2 * Streams + 2, 4, 64);
        var options = new StagingOptions(chunk, pool, host.Threads, Streams, host.NonTemporal);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"chunk {Units.FormatBytes(chunk)}: the smallest whose DMA runs within {(1 - ChunkTolerance) * 100:F0}% of the best (H2D {h2dDma:F1}, D2H {d2hDma:F1} GB/s); "
            + $"{host.Threads} host thread{(host.Threads == 1 ? "" : "s")}: {host.Reason} (copies H2D {host.HostToDevice:F1}, D2H {host.DeviceToHost:F1} GB/s); "
            + $"{host.StoreReason}; {Streams} streams; pool {pool} chunks ({Units.FormatBytes(pool * chunk)}): the host threads' slices in progress plus two DMAs queued per stream");
        return new StagingTuning(options, h2dDma, d2hDma, host.HostToDevice, host.DeviceToHost, summary);
    }

    private static (long Chunk, double HostToDevice, double DeviceToHost) TuneChunk(ITransferDevice device, CancellationToken cancellation)
    {
        long span = ChunkCandidates[^1] * 4;
        using var pinned = device.AllocateHost(MemoryKind.Pinned, span);
        using var memory = device.AllocateDevice(span);
        var queues = new ITransferQueue[Streams];
        try
        {
            for (int q = 0; q < Streams; q++)
            {
                queues[q] = device.CreateQueue();
            }
            var h2d = new double[ChunkCandidates.Length];
            var d2h = new double[ChunkCandidates.Length];
            for (int c = 0; c < ChunkCandidates.Length; c++)
            {
                cancellation.ThrowIfCancellationRequested();
                h2d[c] = Math.Max(MeasureDma(queues, pinned, memory, ChunkCandidates[c], toDevice: true), MeasureDma(queues, pinned, memory, ChunkCandidates[c], toDevice: true));
                d2h[c] = Math.Max(MeasureDma(queues, pinned, memory, ChunkCandidates[c], toDevice: false), MeasureDma(queues, pinned, memory, ChunkCandidates[c], toDevice: false));
            }
            int pick = Math.Max(SmallestGoodEnough(h2d), SmallestGoodEnough(d2h));
            return (ChunkCandidates[pick], h2d[pick], d2h[pick]);
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue?.Dispose();
            }
        }
    }

    private static int SmallestGoodEnough(double[] rates)
    {
        double best = rates.Max();
        return Array.FindIndex(rates, r => r >= ChunkTolerance * best);
    }

    /// <summary>GB/s of back-to-back chunk DMAs alternating over the queues, as the pipeline issues them.</summary>
    private static double MeasureDma(ITransferQueue[] queues, IHostBuffer pinned, IDeviceBuffer memory, long chunk, bool toDevice)
    {
        long copies = DmaBytesPerCandidate / chunk;
        long slots = pinned.Length / chunk;
        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < copies; i++)
        {
            long offset = i % slots * chunk;
            var queue = queues[i % queues.Length];
            if (toDevice)
            {
                queue.CopyHostToDevice(memory, offset, pinned, offset, chunk, CopyMethod.CopyEngine);
            }
            else
            {
                queue.CopyDeviceToHost(pinned, offset, memory, offset, chunk, CopyMethod.CopyEngine);
            }
        }
        foreach (var queue in queues)
        {
            queue.Synchronize();
        }
        return copies * chunk / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
    }

    private sealed record HostChoice(int Threads, bool NonTemporal, double HostToDevice, double DeviceToHost, string Reason, string StoreReason);

    /// <summary>Raises the thread count until the host's copies outrun both DMA directions by the margin.</summary>
    private static HostChoice TuneThreads(double h2dDma, double d2hDma, CancellationToken cancellation)
    {
        long large = Math.Clamp(2 * CacheSize.LastLevel(), 64L << 20, 512L << 20);
        int processors = Math.Min(Environment.ProcessorCount, StagingOptions.MaxThreads);
        using var user = new PageableHostBuffer(large);
        using var ring = new PageableHostBuffer(RingBytes);
        // Fault the pages in first: a first touch runs at page-fault speed, which is not what is calibrated here.
        RunThreads(processors, t => Touch(user, t, processors));
        RunThreads(1, _ => Touch(ring, 0, 1));
        HostChoice? best = null;
        foreach (int threads in ThreadCounts(processors))
        {
            cancellation.ThrowIfCancellationRequested();
            double toDevice = MeasureCopy(threads, user, ring, toRing: true, nonTemporal: false);
            double regular = MeasureCopy(threads, user, ring, toRing: false, nonTemporal: false);
            double streaming = HostCopy.NonTemporalSupported ? MeasureCopy(threads, user, ring, toRing: false, nonTemporal: true) : 0;
            bool nonTemporal = streaming > regular;
            double toHost = Math.Max(regular, streaming);
            string stores = !HostCopy.NonTemporalSupported
                ? "regular stores for device-to-host (no non-temporal stores on this CPU)"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{(nonTemporal ? HostCopy.NonTemporalName(HostCopy.NonTemporalWidth) : "regular stores")} for device-to-host "
                    + $"({toHost:F1} GB/s against {Math.Min(regular, streaming):F1} with {(nonTemporal ? "regular" : "non-temporal")} stores)");
            var choice = new HostChoice(threads, nonTemporal, toDevice, toHost, "", stores);
            if (toDevice >= HostMargin * h2dDma && toHost >= HostMargin * d2hDma)
            {
                return choice with { Reason = $"the fewest whose copies outrun the DMA by {(HostMargin - 1) * 100:F0}%" };
            }
            if (best is null || Math.Min(toDevice / h2dDma, toHost / d2hDma) > Math.Min(best.HostToDevice / h2dDma, best.DeviceToHost / d2hDma))
            {
                best = choice;
            }
        }
        string bound = best!.HostToDevice < h2dDma || best.DeviceToHost < d2hDma
            ? "the host's copies are slower than the DMA and bound the pipeline"
            : $"the host's copies keep up with the DMA, with less than {(HostMargin - 1) * 100:F0}% to spare";
        return best with
        {
            Reason = best.Threads == processors ? $"all this process may use; {bound}" : $"the fastest count measured (more copied no faster); {bound}",
        };
    }

    /// <summary>1, 2, 3, 4, 6, 8, 12, 16, 24 ... up to and including the processor count.</summary>
    private static IEnumerable<int> ThreadCounts(int processors)
    {
        int previous = 0;
        for (int power = 1; ; power *= 2)
        {
            foreach (int count in new[] { power, power * 3 / 2 })
            {
                if (count > previous && count < processors)
                {
                    yield return count;
                    previous = count;
                }
            }
            if (power >= processors)
            {
                break;
            }
        }
        yield return processors;
    }

    private static unsafe void Touch(PageableHostBuffer buffer, int thread, int threads)
    {
        long part = buffer.Length / threads;
        long start = thread * part;
        long end = thread == threads - 1 ? buffer.Length : start + part;
        for (long offset = start; offset < end; offset += 4096)
        {
            ((byte*)buffer.Pointer)[offset] = 0;
        }
    }

    /// <summary>GB/s of <paramref name="threads"/> threads, each copying its part of the large buffer in pipeline-sized
    /// slices to (or from) its own section of the small ring, as the pipeline's threads do with the pool; best of two.</summary>
    private static double MeasureCopy(int threads, PageableHostBuffer large, PageableHostBuffer ring, bool toRing, bool nonTemporal)
    {
        long part = large.Length / threads / HostSliceBytes * HostSliceBytes;
        long section = Math.Max(HostSliceBytes, ring.Length / threads / HostSliceBytes * HostSliceBytes);
        double best = 0;
        for (int run = 0; run < 2; run++)
        {
            double seconds = RunThreads(threads, t =>
            {
                nint big = large.Pointer + (nint)(t * part);
                nint small = ring.Pointer + (nint)(t * section % (ring.Length - section + 1));
                for (long offset = 0; offset < part; offset += HostSliceBytes)
                {
                    nint pooled = small + (nint)(offset % section);
                    if (toRing)
                    {
                        HostCopy.Copy(pooled, big + (nint)offset, HostSliceBytes, nonTemporal);
                    }
                    else
                    {
                        HostCopy.Copy(big + (nint)offset, pooled, HostSliceBytes, nonTemporal);
                    }
                }
            });
            best = Math.Max(best, threads * part / seconds / 1e9);
        }
        return best;
    }

    /// <summary>Runs <paramref name="work"/> on that many threads started together; the seconds from start to the last finish.</summary>
    private static double RunThreads(int threads, Action<int> work)
    {
        using var start = new ManualResetEventSlim();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.Wait();
                work(index);
            }) { IsBackground = true };
            workers[t].Start();
        }
        long begin = Stopwatch.GetTimestamp();
        start.Set();
        foreach (var worker in workers)
        {
            worker.Join();
        }
        return Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }
}
