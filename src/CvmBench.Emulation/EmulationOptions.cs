using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Emulation;

/// <summary>How <see cref="Emulator"/> measures each case: the settings every measurement shares, and the emulation's
/// own. Samples are measured paired (pairs); a sample repeats the transfer, one at a time, until it has moved
/// <see cref="MeasurementOptions.BytesPerSample"/>, within [1, <see cref="MeasurementOptions.MaxCopiesPerSample"/>].</summary>
/// <param name="Measurement">Samples, warm-up transfers, bytes per sample, the host's facts (host buffers rotate over
/// at least twice its last-level cache), verification and the pattern's seed; <see cref="Defaults"/> gives the
/// emulation's.</param>
/// <param name="BounceThreads">Host threads of the staging engine when bouncing (1: as swiotlb, which copies on the
/// thread that maps).</param>
public sealed record EmulationOptions(MeasurementOptions Measurement, int BounceThreads = 1)
{
    /// <summary>The emulation's measurement defaults: fewer and smaller samples than a suite's, since each case
    /// transfers one at a time and a run holds many cases.</summary>
    public static MeasurementOptions Defaults(HostFacts host) =>
        new(host, Samples: 5, WarmupCopies: 1, BytesPerSample: 64L << 20, MaxCopiesPerSample: 256);

    /// <summary>Transfers (for convert-once: cycles of the case's reuses) per sample.</summary>
    public int UnitsPerSample(long bytesPerUnit) =>
        (int)Math.Clamp(Measurement.BytesPerSample / Math.Max(1, bytesPerUnit), 1, Measurement.MaxCopiesPerSample);

    /// <summary>Host buffers for transfers of <paramref name="bytes"/> to rotate over, each starting on a page of its
    /// own: together at least twice the last-level cache.</summary>
    public int HostBuffers(long bytes) => HostRotation.For(bytes, Measurement.Host.LastLevelCacheBytes).Slots;
}
