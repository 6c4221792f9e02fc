using System.Diagnostics;
using System.Globalization;

using CvmBench.Platform;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Measurement;

/// <summary>Picks <see cref="StagingOptions"/> for the device and host at hand from a short calibration (about a second):
/// the copy engines' rate per chunk size, which stores copy fastest into the caller's memory, and then the pipeline
/// itself at several host thread counts.</summary>
/// <remarks>The thread count is tried on the pipeline rather than derived from the host's copy rate alone, because
/// copying and DMA share the memory system and demoting the chunks costs copy rate: on the H100 VM the pipeline ran
/// best with 8 to 12 threads before it demoted, and needs 15 (all but the driving thread's) since. The pool holds
/// about a millisecond of the link's traffic: smaller pools (16 MiB) left the pipeline at half the link there, since
/// every stall of a host thread longer than the pool's few hundred microseconds starved the copy engine, and much
/// larger ones (256 MiB) no longer stayed in the cache.</remarks>
public static class StagingTuner
{
    // A chunk size is good enough when its DMA runs within this fraction of the best one measured.
    // Tight, because each DMA's own cost grows when host threads load the memory system at the same time: on the H100
    // VM the tuner found 2 MiB chunks within 5% of the best alone, yet the pipeline moved 10 to 20% less with them than
    // with 4 MiB.
    private const double ChunkTolerance = 0.98;
    // A thread count is good enough when the pipeline runs within this fraction of the best count tried.
    private const double ThreadTolerance = 0.95;
    // The pool holds this much of the link's traffic, so a host thread's stall of up to about this long does not
    // starve the copy engine.
    private const double PoolSeconds = 1.2e-3;
    private const long TrialBytes = 256L << 20;
    // Enough that one disturbed transfer (the H100 VM has them) moves no trial's median.
    private const int TrialTransfers = 9;
    private const int Streams = 2;
    private const long DmaBytesPerCandidate = 64L << 20;
    private const long HostSliceBytes = 256L << 10;
    private const long RingBytes = 16L << 20;
    private static readonly long[] ChunkCandidates = [512L << 10, 1L << 20, 2L << 20, 4L << 20, 8L << 20];

    /// <summary>Calibrates and picks. The host threads considered are at most the processors this process may use, less
    /// the one the calling thread needs to drive the device.</summary>
    public static StagingTuning Tune(ITransferDevice device, HostFacts host, CancellationToken cancellation = default) =>
        Tune(device, host, StagingOptions.MaxThreads, cancellation);

    /// <summary>Calibrates and picks, with at most <paramref name="maxThreads"/> copying threads (the pipeline's
    /// <see cref="StagingOptions.HostThreads"/>): the calibration copies with no more, and the pick is never more.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is less than one.</exception>
    public static StagingTuning Tune(ITransferDevice device, HostFacts host, int maxThreads, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        device.BindToThread();
        var (chunk, h2dDma, d2hDma) = TuneChunk(device, cancellation);
        int pool = PoolChunks(chunk, Math.Max(h2dDma, d2hDma), host.LastLevelCacheBytes);
        var choice = TuneThreads(device, host, maxThreads, chunk, pool, cancellation);
        var options = new StagingOptions(chunk, pool, choice.Threads, Streams, choice.NonTemporal, DemoteChunks: choice.Demote);
        string demotion = !host.CanDemoteCacheLines
            ? "no CLDEMOTE on this CPU: host-to-device chunks stay where the stores leave them"
            : choice.Demote
                ? $"host-to-device chunks of transfers from the pool's size up demoted to the shared cache after writing (CLDEMOTE): {choice.DemoteReason}"
                : $"host-to-device chunks not demoted: {choice.DemoteReason}";
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"chunk {Units.FormatBytes(chunk)}: the smallest whose DMA runs within {(1 - ChunkTolerance) * 100:F0}% of the best (H2D {h2dDma:F1}, D2H {d2hDma:F1} GB/s); "
            + $"pool {pool} chunks ({Units.FormatBytes(pool * chunk)}): about {PoolSeconds * 1e3:F1} ms of DMA, within a quarter of the last-level cache; "
            + $"{choice.StoreReason}; "
            + $"{demotion}; "
            + $"{Streams} streams; {choice.Threads} host thread{(choice.Threads == 1 ? "" : "s")}: {choice.Reason} (staged {Units.FormatBytes(choice.TrialBytes)}: "
            + $"H2D {choice.HostToDevice:F1}, D2H {choice.DeviceToHost:F1} GB/s; per copying thread H2D {choice.HostToDevice / choice.Threads:F1}, D2H {choice.DeviceToHost / choice.Threads:F1} GB/s)");
        return new StagingTuning(options, h2dDma, d2hDma, choice.HostToDevice, choice.DeviceToHost, summary);
    }

    /// <summary>Enough chunks to hold <see cref="PoolSeconds"/> of DMA at <paramref name="dmaRate"/> GB/s, at least two
    /// queued per stream plus two being copied, and no more than a quarter of the last-level cache allows (the copy
    /// engine then reads, or writes, chunks the host threads have just touched in the cache).</summary>
    internal static int PoolChunks(long chunk, double dmaRate, long lastLevelCache)
    {
        int least = 2 * Streams + 2;
        long most = Math.Max(least, lastLevelCache / 4 / chunk);
        double wanted = Math.Ceiling(dmaRate * 1e9 * PoolSeconds / chunk);
        return (int)Math.Clamp(double.IsFinite(wanted) ? wanted : most, least, most);
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

    private sealed record HostChoice(int Threads, bool NonTemporal, bool Demote, double HostToDevice, double DeviceToHost, long TrialBytes,
        string Reason = "", string StoreReason = "", string DemoteReason = "", double Alternative = 0);

    /// <summary>Picks the device-to-host stores from the host's copy rates, then runs the pipeline at thread counts from a
    /// quarter of the processors up to all but one (or the budget), where the CPU has CLDEMOTE each with the chunks
    /// demoted and not, and keeps the fewest threads within the tolerance of the best, demoted or not as ran faster
    /// with that many. Demoting costs each thread about half its copy rate, so it pays only where there are threads
    /// enough: on the H100 VM, 8 threads moved 28 GB/s host to device demoting and 45 without.</summary>
    private static HostChoice TuneThreads(ITransferDevice device, HostFacts host, int maxThreads, long chunk, int pool, CancellationToken cancellation)
    {
        long large = Math.Clamp(2 * host.LastLevelCacheBytes, 64L << 20, 512L << 20);
        int processors = Math.Clamp(host.LogicalCpus, 1, StagingOptions.MaxThreads);
        // With helpers, the calling thread drives the device on a processor of its own.
        int available = Math.Max(1, processors - 1);
        int copiers = Math.Min(available, maxThreads);
        using var user = new PageableHostBuffer(large);
        using var ring = new PageableHostBuffer(RingBytes);
        // Fault the pages in first: a first touch runs at page-fault speed, which is not what is calibrated here.
        StartedTogether.Seconds(copiers, t => Touch(user, t, copiers));
        StartedTogether.Seconds(1, _ => Touch(ring, 0, 1));

        double regular = MeasureCopy(copiers, user, ring, nonTemporal: false);
        double streaming = HostCopy.NonTemporalSupported ? MeasureCopy(copiers, user, ring, nonTemporal: true) : 0;
        bool nonTemporal = streaming > regular;
        string stores = !HostCopy.NonTemporalSupported
            ? "regular stores for device-to-host (no non-temporal stores on this CPU)"
            : string.Create(CultureInfo.InvariantCulture,
                $"{(nonTemporal ? HostCopy.NonTemporalName(HostCopy.NonTemporalWidth) : "regular stores")} for device-to-host "
                + $"(copies out of the pool at {Math.Max(regular, streaming):F1} GB/s against {Math.Min(regular, streaming):F1} with {(nonTemporal ? "regular" : "non-temporal")} stores, {copiers} threads)");

        // Transfers alternate between the two halves of the large buffer, so each finds its source out of the cache, as
        // an application's does: from one buffer alone, on the H100 VM, the trials ran host to device at 43 GB/s with
        // 8 threads where transfers of the same size out of memory ran at 30 and needed 12.
        long trial = Math.Min(TrialBytes, large / 2);
        using var memory = device.AllocateDevice(trial);
        bool[] demoting = host.CanDemoteCacheLines ? [false, true] : [false];
        var tried = ThreadCounts(copiers).Where(t => 4 * t >= available || t == copiers)
            .Select(Faster)
            .ToList();
        // The slower direction decides: one pipeline serves both.
        double best = tried.Max(Score);
        var pick = tried.First(c => Score(c) >= ThreadTolerance * best);
        string counts = string.Join(", ", tried.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Threads}{(c.Demote ? " demoting" : "")}: {Score(c):F1}")));
        string reason = tried.Count == 1
            ? (copiers < available ? $"the budget of {copiers}" : copiers < processors ? "all this process may use, less one for the thread that drives the device" : "all this process may use")
            : $"{(copiers < available ? $"within the budget of {copiers}, " : "")}the fewest within {(1 - ThreadTolerance) * 100:F0}% of the best pipeline tried (threads: slower direction's GB/s {counts})";
        string demoteReason = host.CanDemoteCacheLines
            ? string.Create(CultureInfo.InvariantCulture,
                $"with {pick.Threads} threads host to device ran {pick.HostToDevice:F1} GB/s {(pick.Demote ? "demoting" : "without demoting")} against {pick.Alternative:F1} {(pick.Demote ? "without" : "demoting")}")
            : "";
        return pick with { Reason = reason, StoreReason = stores, DemoteReason = demoteReason };

        // Demoting changes host to device alone, so that direction decides it.
        HostChoice Faster(int threads)
        {
            var both = demoting.Select(d => Trial(threads, d)).ToList();
            var faster = both.MaxBy(c => c.HostToDevice)!;
            return faster with { Alternative = both.Count > 1 ? both.First(c => c != faster).HostToDevice : 0 };
        }

        HostChoice Trial(int threads, bool demote)
        {
            cancellation.ThrowIfCancellationRequested();
            using var pipeline = new StagingPipeline(device, new StagingOptions(chunk, pool, threads, Streams, nonTemporal, DemoteChunks: demote));
            double toDevice = MeasureStaged(pipeline, memory, user, trial, toDevice: true, cancellation);
            double toHost = MeasureStaged(pipeline, memory, user, trial, toDevice: false, cancellation);
            return new HostChoice(threads, nonTemporal, demote, toDevice, toHost, trial);
        }

        static double Score(HostChoice choice) => Math.Min(choice.HostToDevice, choice.DeviceToHost);
    }

    /// <summary>GB/s of the pipeline moving <paramref name="bytes"/> from (or to) each half of the buffer in turn, median
    /// of <see cref="TrialTransfers"/> after one warm-up.</summary>
    private static double MeasureStaged(StagingPipeline pipeline, IDeviceBuffer memory, PageableHostBuffer user, long bytes, bool toDevice, CancellationToken cancellation)
    {
        var rates = new double[TrialTransfers];
        for (int i = -1; i < TrialTransfers; i++)
        {
            nint host = user.Pointer + (nint)((i & 1) * (user.Length / 2));
            long start = Stopwatch.GetTimestamp();
            if (toDevice)
            {
                pipeline.CopyToDevice(memory, 0, host, bytes, cancellation);
            }
            else
            {
                pipeline.CopyToHost(host, memory, 0, bytes, cancellation);
            }
            if (i >= 0)
            {
                rates[i] = bytes / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
            }
        }
        return Statistics.Summarize(rates).Median;
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

    /// <summary>GB/s of <paramref name="threads"/> threads, each copying from its own section of the small ring to its
    /// part of the large buffer in pipeline-sized slices, as the pipeline's threads copy out of the pool; best of two.</summary>
    private static double MeasureCopy(int threads, PageableHostBuffer large, PageableHostBuffer ring, bool nonTemporal)
    {
        long part = large.Length / threads / HostSliceBytes * HostSliceBytes;
        long section = Math.Max(HostSliceBytes, ring.Length / threads / HostSliceBytes * HostSliceBytes);
        double best = 0;
        for (int run = 0; run < 2; run++)
        {
            double seconds = StartedTogether.Seconds(threads, t =>
            {
                nint big = large.Pointer + (nint)(t * part);
                nint small = ring.Pointer + (nint)(t * section % (ring.Length - section + 1));
                for (long offset = 0; offset < part; offset += HostSliceBytes)
                {
                    HostCopy.Copy(big + (nint)offset, small + (nint)(offset % section), HostSliceBytes, nonTemporal);
                }
            });
            best = Math.Max(best, threads * part / seconds / 1e9);
        }
        return best;
    }
}
