using System.Numerics;
using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class StatisticsTests
{
    [Fact]
    public void Summary_of_known_samples_matches_hand_calculation()
    {
        var s = Statistics.Summarize([4, 1, 3, 2, 5]);
        Assert.Equal(5, s.Count);
        Assert.Equal(3, s.Median);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(3, s.Mean);
        Assert.Equal(Math.Sqrt(2.5), s.StandardDeviation, 12);
        Assert.Equal(Math.Sqrt(2.5) / 3, s.CoefficientOfVariation, 12);
        // Five samples cannot bracket the median at 95%: the interval is the whole range (coverage 93.75% at best).
        Assert.Equal((1.0, 5.0), (s.CiLow, s.CiHigh));
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.Equal(2.5, Statistics.Summarize([1, 2, 3, 4]).Median);

    [Theory]
    // n = 10: [X(2), X(9)] (1-based) covers 1 - 2 P(B <= 1) = 1 - 22/1024 = 97.9%; [X(3), X(8)] only 89%.
    [InlineData(10, 1, 8)]
    // n = 6: [X(1), X(6)] covers 96.9%; nothing narrower reaches 95%.
    [InlineData(6, 0, 5)]
    // n = 20: [X(6), X(15)] covers 95.9%.
    [InlineData(20, 5, 14)]
    public void Median_confidence_interval_uses_binomial_order_statistics(int n, int low, int high) =>
        Assert.Equal((low, high), Statistics.MedianConfidenceRanks(n, 0.95));

    [Fact]
    public void Median_confidence_ranks_match_exact_integer_arithmetic_for_every_count_up_to_400()
    {
        // 1 - 2 P(B <= j) >= 95%  <=>  40 x sum(C(n, k), k <= j) <= 2^n, all in integers.
        for (int n = 1; n <= 400; n++)
        {
            var total = BigInteger.One << n;
            BigInteger term = 1, cumulative = 0;
            int expected = 0;
            for (int j = 0; j < n / 2; j++)
            {
                cumulative += term;
                if (40 * cumulative > total)
                {
                    break;
                }
                expected = j;
                term = term * (n - j) / (j + 1);
            }
            Assert.Equal((expected, n - 1 - expected), Statistics.MedianConfidenceRanks(n, 0.95));
        }
    }

    [Theory]
    // The same integer arithmetic, run once offline (Python) for counts too large to repeat here; the normal
    // approximation n/2 - 1/2 - 0.98 sqrt(n) agrees.
    [InlineData(1000, 468)]
    [InlineData(20_000, 9860)]
    [InlineData(200_000, 99_561)]
    public void Median_confidence_ranks_of_large_counts_match_exact_values(int n, int low) =>
        Assert.Equal((low, n - 1 - low), Statistics.MedianConfidenceRanks(n, 0.95));

    [Fact]
    public void Two_hundred_thousand_samples_are_summarized_with_their_exact_order_statistics()
    {
        var s = Statistics.Summarize([.. Enumerable.Range(0, 200_000).Reverse().Select(i => (double)i)]);
        Assert.Equal((99_561.0, 200_000 - 1 - 99_561.0), (s.CiLow, s.CiHigh));
        Assert.True(s.CiReachesConfidence);
    }

    [Theory]
    // Below 6 samples the interval is the whole range, which misses the median only when every sample lies on one
    // side of it: 1 - 2 x 2^-n.
    [InlineData(1, 0.0)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.75)]
    [InlineData(4, 0.875)]
    [InlineData(5, 0.9375)]
    [InlineData(6, 1 - 2.0 / 64)]
    [InlineData(10, 1 - 22.0 / 1024)]
    public void The_interval_reports_the_coverage_it_really_has(int n, double coverage)
    {
        var s = Statistics.Summarize([.. Enumerable.Range(1, n).Select(i => (double)i)]);
        Assert.Equal(coverage, s.CiCoverage, 12);
        Assert.Equal(n >= 6, s.CiReachesConfidence);
    }

    [Fact]
    public void A_single_sample_has_no_spread()
    {
        var s = Statistics.Summarize([7]);
        Assert.Equal(0, s.StandardDeviation);
        Assert.Equal(0, s.CoefficientOfVariation);
        Assert.Equal((7.0, 7.0), (s.CiLow, s.CiHigh));
    }

    [Fact]
    public void No_samples_is_an_error() => Assert.Throws<ArgumentException>(() => Statistics.Summarize([]));
}
