using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class LinearFitTests
{
    private static readonly double[] Pages = [.. Enumerable.Range(0, 19).Select(i => Math.Pow(2, i))]; // 4 KiB to 1 GiB

    [Fact]
    public void An_exact_line_is_recovered_exactly()
    {
        var fit = LinearFit.Relative([.. Pages.Select(p => (p, 20e-6 + 0.25e-6 * p))]);
        Assert.Equal(20e-6, fit.Intercept, 1e-12);
        Assert.Equal(0.25e-6, fit.Slope, 1e-15);
        Assert.Equal(1, fit.RSquared, 9);
        Assert.Equal(19, fit.Points);
    }

    [Fact]
    public void A_fixed_and_per_page_cost_are_recovered_from_noisy_synthetic_conversion_latencies()
    {
        // 35 us per call and 0.4 us per page, each median off by up to 5% either way, as real medians are.
        var random = new Random(11);
        var points = Pages.Select(p => (p, (35e-6 + 0.4e-6 * p) * (1 + (random.NextDouble() - 0.5) * 0.1))).ToList();
        var fit = LinearFit.Relative(points);
        Assert.InRange(fit.Intercept, 35e-6 * 0.9, 35e-6 * 1.1);
        Assert.InRange(fit.Slope, 0.4e-6 * 0.97, 0.4e-6 * 1.03);
        Assert.True(fit.RSquared > 0.99, $"R^2 {fit.RSquared}");
    }

    [Fact]
    public void The_small_sizes_set_the_fixed_cost_even_when_the_large_ones_dominate_the_time()
    {
        // An unweighted fit lets 1 GiB's residuals swamp 4 KiB's fixed cost; weighting by relative error does not.
        var points = Pages.Select(p => (p, 10e-6 + 1e-6 * p * (p >= 1 << 17 ? 1.02 : 1.0))).ToList();
        var fit = LinearFit.Relative(points);
        Assert.InRange(fit.Intercept, 9e-6, 11e-6);
    }

    [Fact]
    public void A_line_needs_two_sizes_and_positive_latencies()
    {
        Assert.Throws<ArgumentException>(() => LinearFit.Relative([(1.0, 1e-6), (1.0, 2e-6)]));
        Assert.Throws<ArgumentException>(() => LinearFit.Relative([(1.0, 1e-6), (2.0, 0.0)]));
    }
}
