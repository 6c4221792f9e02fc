using CvmBench.Measurement;

namespace CvmBench.Emulation;

/// <summary>The throughput ratio of each pair of samples (zero-cost over plain, measured back to back), summarized.</summary>
/// <param name="Count">Pairs.</param>
/// <param name="Median">The median of the per-pair ratios.</param>
/// <param name="Min">The smallest.</param>
/// <param name="Max">The largest.</param>
/// <param name="CiLow">The lower end of the median's 95% confidence interval (distribution-free: order statistics);
/// with fewer than 6 pairs the whole range, which is no 95% interval (<see cref="ReachesConfidence"/>).</param>
/// <param name="CiHigh">Its upper end.</param>
public sealed record PairRatios(int Count, double Median, double Min, double Max, double CiLow, double CiHigh)
{
    /// <summary>Whether [<see cref="CiLow"/>, <see cref="CiHigh"/>] is a 95% interval: from 6 pairs on. Below, it is
    /// every pair ratio, from the smallest to the largest.</summary>
    public bool ReachesConfidence => Count >= Statistics.MinimumSamplesForConfidence;

    /// <summary>Whether the pairs pin the ratio down to within <see cref="OverheadCheck.Tolerance"/> of 1: the median's
    /// whole 95% interval (below 6 pairs, every pair ratio) lies inside it.</summary>
    public bool Resolved => CiLow >= 1 - OverheadCheck.Tolerance && CiHigh <= 1 + OverheadCheck.Tolerance;
}
