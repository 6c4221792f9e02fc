namespace CvmBench.Measurement;

/// <summary>Summary statistics of a set of bandwidth samples, in GB/s (1e9 bytes/s).</summary>
/// <param name="Count">Number of samples.</param>
/// <param name="Median">The median: the figure reported.</param>
/// <param name="Min">The smallest sample.</param>
/// <param name="Max">The largest sample.</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (n - 1).</param>
/// <param name="CiLow">Lower end of the distribution-free 95% confidence interval of the median.</param>
/// <param name="CiHigh">Upper end of that interval.</param>
public sealed record BandwidthStatistics(int Count, double Median, double Min, double Max, double Mean, double StandardDeviation, double CiLow, double CiHigh)
{
    /// <summary>Coefficient of variation: standard deviation over mean (0 for a single sample).</summary>
    public double CoefficientOfVariation => Mean > 0 ? StandardDeviation / Mean : 0;
}
