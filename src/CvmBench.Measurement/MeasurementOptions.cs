using CvmBench.Platform;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Measurement;

/// <summary>How each test is measured.</summary>
/// <param name="Samples">Timed samples per test; the median of these is reported.</param>
/// <param name="WarmupCopies">Untimed copies before the first sample (first-touch, TLB and clock ramp stay out of the numbers).</param>
/// <param name="BytesPerSample">Target bytes per sample; copies per sample = this / size, within [1, <see cref="MaxCopiesPerSample"/>].</param>
/// <param name="MaxCopiesPerSample">Upper bound on copies per sample (queued behind one hold, and queues have finite depth).</param>
/// <param name="Host">The host's facts: host buffers rotate over at least twice its last-level cache, so no copy reads what a previous one left in cache; the staging tuner sizes its pool and threads by them.</param>
/// <param name="Verify">Compare the bytes that arrived with what was sent.</param>
/// <param name="Seed">Seed of the data pattern.</param>
/// <param name="Staging">How staged copies are staged; null: tuned once per meter on the device at hand (<see cref="StagingTuner"/>).</param>
/// <param name="StagingThreadBudget">The most copying threads the tuner may give staged copies; null: as many as it finds useful.
/// Sealed copies use the same budget for their sealing threads.</param>
/// <param name="SealedSegmentBytes">Plain bytes per tag of sealed copies.</param>
public sealed record MeasurementOptions(
    HostFacts Host,
    int Samples = 10,
    int WarmupCopies = 4,
    long BytesPerSample = 1L << 30,
    int MaxCopiesPerSample = 128,
    bool Verify = true,
    ulong Seed = 0x5EED_CAFE,
    StagingOptions? Staging = null,
    int? StagingThreadBudget = null,
    int SealedSegmentBytes = SealedLayout.DefaultSegmentBytes)
{
    public int CopiesPerSample(long size) => (int)Math.Clamp((BytesPerSample + size - 1) / size, 1, MaxCopiesPerSample);
}
