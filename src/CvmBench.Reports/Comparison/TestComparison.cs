using CvmBench.Measurement;

namespace CvmBench.Reports.Comparison;

/// <summary>One test measured in both runs.</summary>
/// <param name="Test">The configuration both runs measured.</param>
/// <param name="A">Statistics in the first run (GB/s).</param>
/// <param name="B">Statistics in the second run (GB/s).</param>
/// <param name="Verdict">Whether the difference is beyond the noise.</param>
public sealed record TestComparison(TransferTest Test, BandwidthStatistics A, BandwidthStatistics B, NoiseVerdict Verdict)
{
    /// <summary>B's median over A's: above 1, B is faster.</summary>
    public double Ratio => A.Median > 0 ? B.Median / A.Median : double.NaN;
}
