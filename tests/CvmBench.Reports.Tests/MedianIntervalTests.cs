using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Reports.Charts;

namespace CvmBench.Reports.Tests;

public class MedianIntervalTests
{
    private static string Rate(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(new double[] { 7 }, "none (one value)")]
    [InlineData(new double[] { 1, 2 }, "1.00 - 2.00 (50% at n = 2)")]
    [InlineData(new double[] { 1, 2, 3, 4 }, "1.00 - 4.00 (87.5% at n = 4)")]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, "1.00 - 5.00 (93.8% at n = 5)")]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6 }, "1.00 - 6.00")]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, "2.00 - 9.00")]
    public void An_interval_says_its_confidence_where_it_falls_short_of_95_percent(double[] samples, string text) =>
        Assert.Equal(text, MedianInterval.Text(Statistics.Summarize(samples), " - ", Rate));

    [Fact]
    public void A_column_keeps_its_95_percent_name_only_while_every_row_reaches_it()
    {
        var six = Statistics.Summarize([1, 2, 3, 4, 5, 6]);
        var five = Statistics.Summarize([1, 2, 3, 4, 5]);
        Assert.Equal("95% CI", MedianInterval.Column([six, six], "95% CI", "CI (95% from n = 6)"));
        Assert.Equal("CI (95% from n = 6)", MedianInterval.Column([six, five], "95% CI", "CI (95% from n = 6)"));
    }
}
