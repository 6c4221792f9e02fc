namespace CvmBench.Emulation;

/// <summary>A zero-cost emulated result against the plain strategy it wraps.</summary>
/// <param name="Case">The zero-cost case.</param>
/// <param name="Bytes">Bytes per transfer.</param>
/// <param name="Ratio">Throughput of the zero-cost emulation over the plain strategy's: the plain median time over the
/// zero-cost median time. 1 is no overhead; below 1 the emulation is slower.</param>
/// <param name="Pairs">The same ratio pair by pair; null where the two were measured separately (runs before pairing).</param>
public sealed record OverheadComparison(EmulationCase Case, long Bytes, double Ratio, PairRatios? Pairs)
{
    /// <summary>Whether the ratio is within <see cref="OverheadCheck.Tolerance"/> of 1.</summary>
    public bool Within => Math.Abs(Ratio - 1) <= OverheadCheck.Tolerance;
}
