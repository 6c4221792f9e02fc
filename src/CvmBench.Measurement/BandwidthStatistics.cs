using System.Text.Json.Serialization;

namespace CvmBench.Measurement;

/// <summary>Summary statistics of a set of bandwidth samples, in GB/s (1e9 bytes/s).</summary>
/// <param name="Count">Number of samples.</param>
/// <param name="Median">The median: the figure reported.</param>
/// <param name="Min">The smallest sample.</param>
/// <param name="Max">The largest sample.</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (n - 1).</param>
/// <param name="CiLow">Lower end of the distribution-free 95% confidence interval of the median (with fewer than 6
/// samples, where none exists, the smallest sample: see <see cref="CiCoverage"/>).</param>
/// <param name="CiHigh">Upper end of that interval.</param>
public sealed record BandwidthStatistics(int Count, double Median, double Min, double Max, double Mean, double StandardDeviation, double CiLow, double CiHigh)
{
    /// <summary>Coefficient of variation: standard deviation over mean (0 for a single sample).</summary>
    public double CoefficientOfVariation => Mean > 0 ? StandardDeviation / Mean : 0;

    /// <summary>The confidence [<see cref="CiLow"/>, <see cref="CiHigh"/>] really has: at least 95% from 6 samples
    /// on; below, the whole range's 1 - 2^(1-n) (93.75% for 5, 0 for one value). Derived from the count, so not stored.</summary>
    [JsonIgnore]
    public double CiCoverage => Statistics.MedianIntervalCoverage(Count);

    /// <summary>Whether the interval reaches 95%: 6 samples or more.</summary>
    [JsonIgnore]
    public bool CiReachesConfidence => Count >= Statistics.MinimumSamplesForConfidence;
}
