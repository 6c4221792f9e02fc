using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Emulation;

/// <summary>How <see cref="Emulator"/> measures each case.</summary>
/// <param name="Samples">Timed samples per case and size; the median is reported. Measured paired, pairs.</param>
/// <param name="WarmupTransfers">Untimed transfers first (first-touch, allocation and clock ramp stay out).</param>
/// <param name="BytesPerSample">Target bytes per sample: a sample repeats the transfer (one at a time) until it has
/// moved this much, within [1, <paramref name="MaxTransfersPerSample"/>].</param>
/// <param name="MaxTransfersPerSample">Upper bound on transfers per sample.</param>
/// <param name="Host">The host's facts: host buffers rotate over at least twice its last-level cache.</param>
/// <param name="BounceThreads">Host threads of the staging engine when bouncing (1: as swiotlb, which copies on the
/// thread that maps).</param>
/// <param name="Verify">Compare the bytes that arrived with what was sent.</param>
/// <param name="Seed">Seed of the data pattern.</param>
public sealed record EmulationOptions(
    HostFacts Host,
    int Samples = 5,
    int WarmupTransfers = 1,
    long BytesPerSample = 64L << 20,
    int MaxTransfersPerSample = 256,
    int BounceThreads = 1,
    bool Verify = true,
    ulong Seed = 0x5EED_CAFE)
{
    /// <summary>Transfers (for convert-once: cycles of the case's reuses) per sample.</summary>
    public int UnitsPerSample(long bytesPerUnit) => (int)Math.Clamp(BytesPerSample / Math.Max(1, bytesPerUnit), 1, MaxTransfersPerSample);

    /// <summary>Host buffers for transfers of <paramref name="bytes"/> to rotate over, each starting on a page of its
    /// own: together at least twice the last-level cache.</summary>
    public int HostBuffers(long bytes) => HostRotation.For(bytes, Host.LastLevelCacheBytes).Slots;
}
