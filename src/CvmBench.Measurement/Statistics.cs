namespace CvmBench.Measurement;

/// <summary>Median-centred statistics for benchmark samples.</summary>
public static class Statistics
{
    /// <summary>The coverage the median's interval is chosen for.</summary>
    public const double MedianConfidence = 0.95;

    /// <summary>The fewest samples whose whole range brackets the median with <see cref="MedianConfidence"/>: with 5 the
    /// range covers 93.75% (1 - 2 x 2^-5) and nothing narrower does better, so no 95% interval exists below 6.</summary>
    public const int MinimumSamplesForConfidence = 6;

    /// <summary>Summarizes values; the median's 95% confidence interval is distribution-free (binomial order
    /// statistics), so it needs no normality assumption. With fewer than 6 samples it is the whole range, whose real
    /// coverage <see cref="BandwidthStatistics.CiCoverage"/> gives.</summary>
    public static BandwidthStatistics Summarize(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no samples to summarize", nameof(values));
        }
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double mean = sorted.Average();
        double variance = n > 1 ? sorted.Sum(v => (v - mean) * (v - mean)) / (n - 1) : 0;
        (int low, int high) = MedianConfidenceRanks(n, MedianConfidence);
        return new BandwidthStatistics(n, median, sorted[0], sorted[^1], mean, Math.Sqrt(variance), sorted[low], sorted[high]);
    }

    /// <summary>Zero-based ranks (j, n-1-j) of the narrowest symmetric pair of order statistics that brackets the
    /// median with at least the given coverage. [X(j), X(n-1-j)] misses the median only when at most j samples lie on
    /// one side of it, so its coverage is 1 - 2 P(B &lt;= j) for B ~ Binomial(n, 1/2). When even the whole range falls
    /// short (n &lt; 6 at 95%), the whole range is returned.</summary>
    /// <remarks>One pass over j, each term P(B = j+1) from P(B = j) in logs (so no binomial coefficient overflows, however
    /// large n): O(n) in all, exact up to rounding, where a factorial per term made it quadratic.</remarks>
    internal static (int Low, int High) MedianConfidenceRanks(int n, double coverage)
    {
        int best = 0;
        double cumulative = 0;
        double logTerm = -n * Math.Log(2); // log P(B = 0)
        for (int j = 0; j < n / 2; j++)
        {
            cumulative += Math.Exp(logTerm);
            if (1 - 2 * cumulative < coverage)
            {
                break;
            }
            best = j;
            logTerm += Math.Log(n - j) - Math.Log(j + 1);
        }
        return (best, n - 1 - best);
    }

    /// <summary>The coverage 1 - 2 P(B &lt;= j), B ~ Binomial(n, 1/2), of the interval <see cref="Summarize"/> reports
    /// for n samples: at least 95% from 6 samples on; 1 - 2^(1-n) below (the whole range), 0 for one sample.</summary>
    public static double MedianIntervalCoverage(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        (int low, _) = MedianConfidenceRanks(n, MedianConfidence);
        return Math.Max(0, 1 - 2 * LowerTail(n, low));
    }

    /// <summary>P(B &lt;= j) for B ~ Binomial(n, 1/2), term by term in logs as above.</summary>
    private static double LowerTail(int n, int j)
    {
        double cumulative = 0;
        double logTerm = -n * Math.Log(2);
        for (int k = 0; k <= j; k++)
        {
            cumulative += Math.Exp(logTerm);
            logTerm += Math.Log(n - k) - Math.Log(k + 1);
        }
        return cumulative;
    }
}
