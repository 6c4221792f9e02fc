using System.Diagnostics;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Times what a bounce's copying thread does for each chunk besides copying it: queue the chunk's DMA from
/// its pinned slot and record the slot's event behind it, as the staging engine does. A sample queues a run of chunks
/// on one queue and times the calls alone, on the host clock; the copies then finish untimed. One sample first,
/// untimed.</summary>
public sealed class SubmissionMeter(ITransferDevice device, int samples)
{
    // Chunks queued per sample: enough to time, few enough that the queue never fills and blocks the caller.
    private const int Chunks = 64;

    /// <summary>Host to device submissions of <paramref name="chunkBytes"/> chunks; the median is per chunk.</summary>
    public OperationResult MeasureChunkSubmission(long chunkBytes, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        device.BindToThread();
        using var pool = device.AllocateHost(MemoryKind.Pinned, chunkBytes * Chunks);
        using var target = device.AllocateDevice(chunkBytes * Chunks);
        using var queue = device.CreateQueue();
        using var marker = queue.Record();
        var timed = new List<OperationSample>();
        for (int s = -1; s < samples; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < Chunks; c++)
            {
                queue.CopyHostToDevice(target, c * chunkBytes, pool, c * chunkBytes, chunkBytes, CopyMethod.CopyEngine);
                queue.Record(marker);
            }
            long queued = Stopwatch.GetTimestamp();
            queue.Synchronize();
            if (s >= 0)
            {
                timed.Add(new OperationSample(chunkBytes * Chunks, Math.Max(1, (long)Math.Round((queued - start) * 1e9 / Stopwatch.Frequency))));
            }
        }
        var test = new OperationTest(OperationKind.StagingSubmit, DirectionNames.ToText(Direction.HostToDevice), chunkBytes, Threads: 1, device.Description.Ordinal);
        return new OperationResult(test, timed, Verified: false,
            $"per chunk: one copy-engine DMA queued from a pinned chunk and one event recorded behind it; {Chunks} chunks per sample, the calls "
            + $"alone timed, host clock; 1 warm-up sample; {samples} samples");
    }
}
