namespace CvmBench.Emulation;

/// <summary>The throughput ratio of each pair of samples (zero-cost over plain, measured back to back), summarized.</summary>
/// <param name="Count">Pairs.</param>
/// <param name="Median">The median of the per-pair ratios.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
public sealed record PairRatios(int Count, double Median, double Min, double Max);
