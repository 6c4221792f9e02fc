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
