using CvmBench.Measurement;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Each headline result as a share of its PCIe link's theoretical per-direction rate, for runs that
/// recorded their link. Imported peer runs do not know theirs and are left out.</summary>
public static class LinkEfficiencyChart
{
    public static Plot? Build(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var headlines = runs.Select(run => HeadlineResults.Of(run).Where(r => r.LinkEfficiency is not null).ToList()).ToList();
        var categories = headlines.SelectMany(h => h).Select(r => (r.Test.Memory, r.Test.Direction)).Distinct()
            .OrderBy(c => c.Memory).ThenBy(c => c.Direction).ToList();
        if (categories.Count == 0)
        {
            return null;
        }
        var plot = new Plot();
        ChartFonts.Apply(plot);
        var full = plot.Add.HorizontalLine(1.0, 2f, Colors.Black);
        full.LegendText = "PCIe theoretical rate (100%)";
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = full.LegendText, LineColor = Colors.Black, LineWidth = 2 });
        GroupedBars.Draw(plot, [.. categories.Select(c => RunLabels.Category(c.Memory, c.Direction))],
            BarSeries.Of(runs),
            (r, c) => headlines[r].FirstOrDefault(t => (t.Test.Memory, t.Test.Direction) == categories[c]) is { } result
                ? new BarValue(result.LinkEfficiency!.Value)
                : null,
            Percent.Text);
        double top = Math.Max(1.1, headlines.SelectMany(h => h).Max(r => r.LinkEfficiency!.Value) * 1.1);
        plot.Axes.Left.TickGenerator = Percent.Ticks(top);
        plot.Axes.SetLimitsY(0, top);
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Title("Efficiency against the PCIe link's theoretical rate (median / link rate)");
        plot.YLabel("Share of the link's theoretical rate");
        plot.XLabel("Memory kind and direction");
        return plot;
    }
}
