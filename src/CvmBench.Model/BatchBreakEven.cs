namespace CvmBench.Model;

/// <summary>The batch from which streaming conversion reaches a share of what batching can ever give.</summary>
/// <param name="Platform">The platform profile.</param>
/// <param name="Share">The share of the asymptote, for example 0.9.</param>
/// <param name="BatchPages">The smallest whole batch, in 4 KiB pages, that reaches it.</param>
/// <param name="AsymptoteGigabytesPerSecond">Streaming throughput with unbounded batches, GB/s.</param>
/// <param name="SinglePageGigabytesPerSecond">Streaming throughput converting one page per call, GB/s.</param>
public sealed record BatchBreakEven(PlatformProfile Platform, double Share, long BatchPages, double AsymptoteGigabytesPerSecond, double SinglePageGigabytesPerSecond);
