namespace CvmBench.Measurement;

/// <summary>Median-centred statistics for benchmark samples.</summary>
public static class Statistics
{
    /// <summary>Summarizes values; the median's 95% confidence interval is distribution-free (binomial order
    /// statistics), so it needs no normality assumption. With fewer than 6 samples it is the whole range.</summary>
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
        (int low, int high) = MedianConfidenceRanks(n, 0.95);
        return new BandwidthStatistics(n, median, sorted[0], sorted[^1], mean, Math.Sqrt(variance), sorted[low], sorted[high]);
    }

    /// <summary>Zero-based ranks (j, n-1-j) of the narrowest symmetric pair of order statistics that brackets the
    /// median with at least the given coverage. [X(j), X(n-1-j)] misses the median only when at most j samples lie on
    /// one side of it, so its coverage is 1 - 2 P(B &lt;= j) for B ~ Binomial(n, 1/2). When even the whole range falls
    /// short (n &lt; 6 at 95%), the whole range is returned.</summary>
    internal static (int Low, int High) MedianConfidenceRanks(int n, double coverage)
    {
        int best = 0;
        double cumulative = 0;
        for (int j = 0; j < n / 2; j++)
        {
            cumulative += BinomialHalf(n, j);
            if (1 - 2 * cumulative < coverage)
            {
                break;
            }
            best = j;
        }
        return (best, n - 1 - best);
    }

    /// <summary>P(B = k) for B ~ Binomial(n, 1/2), computed in logs so large n does not overflow.</summary>
    private static double BinomialHalf(int n, int k)
    {
        double log = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k) - n * Math.Log(2);
        return Math.Exp(log);
    }

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int i = 2; i <= n; i++)
        {
            sum += Math.Log(i);
        }
        return sum;
    }
}
