using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>The seed paper's Fig. 1 for any number of runs: grouped bars, one group per memory kind and direction
/// between host and device, one bar per run, each the median with the 95% confidence interval of the median as its
/// error bar (below 6 samples, where no 95% interval exists, the whole range, and the title says so). A peer's single
/// printed value has no interval and gets none. A simulated run's bars are hatched.</summary>
public static class TransferBarChart
{
    public static Plot? Build(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var headlines = runs.Select(run => HeadlineResults.Of(run).Where(r => r.Test.Direction != Direction.DeviceToDevice).ToList()).ToList();
        var categories = headlines.SelectMany(h => h).Select(r => (r.Test.Memory, r.Test.Direction)).Distinct()
            .OrderBy(c => c.Memory).ThenBy(c => c.Direction).ToList();
        if (categories.Count == 0)
        {
            return null;
        }
        var plot = new Plot();
        ChartFonts.Apply(plot);
        GroupedBars.Draw(plot, [.. categories.Select(c => RunLabels.Category(c.Memory, c.Direction))],
            BarSeries.Of(runs),
            (r, c) => headlines[r].FirstOrDefault(t => (t.Test.Memory, t.Test.Direction) == categories[c]) is { } result
                ? result.Bandwidth.Count > 1
                    ? new BarValue(result.Bandwidth.Median, result.Bandwidth.CiLow, result.Bandwidth.CiHigh)
                    : new BarValue(result.Bandwidth.Median)
                : null,
            v => v.ToString("F1", CultureInfo.InvariantCulture));
        plot.Axes.Margins(bottom: 0, top: 0.12);
        // Below 6 samples no 95% interval exists: the bar's range is then the whole range of its samples.
        bool allReach = headlines.SelectMany(h => h).All(r => r.Bandwidth.Count < 2 || r.Bandwidth.CiReachesConfidence);
        plot.Title(allReach
            ? "Host-device bandwidth by memory kind (median, 95% CI of the median)"
            : "Host-device bandwidth by memory kind (median; 95% CI of the median, or the whole range below 6 samples)");
        plot.YLabel("Bandwidth (GB/s, 1 GB = 10^9 bytes)");
        plot.XLabel("Memory kind and direction");
        return plot;
    }
}
