using CvmBench.Measurement;

namespace CvmBench.Reports.Comparison;

/// <summary>Compares two runs test by test: both medians, their ratio, and whether the distribution-free 95%
/// confidence intervals of the medians overlap.</summary>
public static class RunComparison
{
    /// <summary>With fewer samples the order-statistic interval of the median cannot reach 95% coverage (with 5 it
    /// is the whole range, at 94%), so the verdict is withheld.</summary>
    public const int MinimumSamples = 6;

    /// <summary>Tests present in both runs, in the first run's order. A test measured more than once in a run is
    /// compared through its first result.</summary>
    public static IReadOnlyList<TestComparison> Compare(RunRecord a, RunRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inB = b.Results.GroupBy(r => r.Test).ToDictionary(g => g.Key, g => g.First());
        return [.. a.Results.GroupBy(r => r.Test).Select(g => g.First())
            .Where(r => inB.ContainsKey(r.Test))
            .Select(r => new TestComparison(r.Test, r.Bandwidth, inB[r.Test].Bandwidth, Verdict(r.Bandwidth, inB[r.Test].Bandwidth)))];
    }

    public static NoiseVerdict Verdict(BandwidthStatistics a, BandwidthStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < MinimumSamples || b.Count < MinimumSamples)
        {
            return NoiseVerdict.TooFewSamples;
        }
        return a.CiHigh < b.CiLow || b.CiHigh < a.CiLow ? NoiseVerdict.BeyondNoise : NoiseVerdict.WithinNoise;
    }
}
