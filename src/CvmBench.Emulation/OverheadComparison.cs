using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>A zero-cost emulated result against the plain strategy it wraps.</summary>
/// <param name="Case">The zero-cost case.</param>
/// <param name="Bytes">Bytes per transfer.</param>
/// <param name="RatioOfMedians">The plain median time over the zero-cost median time.</param>
/// <param name="Pairs">The throughput ratio pair by pair; null where the two were measured separately (runs before pairing).</param>
public sealed record OverheadComparison(EmulationCase Case, long Bytes, double RatioOfMedians, PairRatios? Pairs)
{
    /// <summary>Throughput of the zero-cost emulation over the plain strategy's: 1 is no overhead; below 1 the emulation
    /// is slower. Measured paired, the median of the pair ratios: each pair ran back to back, so a drift of the machine
    /// between pairs cancels in it, where the ratio of the medians compares samples taken minutes apart. Otherwise the
    /// ratio of the medians.</summary>
    public double Ratio => Pairs?.Median ?? RatioOfMedians;

    /// <summary>Whether <see cref="Ratio"/> is within <see cref="OverheadCheck.Tolerance"/> of 1.</summary>
    public bool Within => Math.Abs(Ratio - 1) <= OverheadCheck.Tolerance;
}
