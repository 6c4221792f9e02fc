namespace CvmBench.Model;

/// <summary>The reuse count from which converting a buffer once beats bouncing every transfer.</summary>
/// <param name="Platform">The platform profile.</param>
/// <param name="Bytes">Transfer size.</param>
/// <param name="BounceGigabytesPerSecond">Bounce throughput at that size, GB/s.</param>
/// <param name="PinnedGigabytesPerSecond">Throughput once the conversion is fully amortized, GB/s.</param>
/// <param name="Reuses">The smallest whole reuse count that beats bounce; null when none does.</param>
public sealed record ReuseBreakEven(PlatformProfile Platform, double Bytes, double BounceGigabytesPerSecond, double PinnedGigabytesPerSecond, double? Reuses);
