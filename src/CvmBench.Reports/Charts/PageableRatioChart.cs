using CvmBench.Measurement;
using CvmBench.Transfers;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Pageable over pinned bandwidth, per run and direction, against the seed paper's 50-75% (RTX A2000, bare
/// metal and VM): how much of the pinned rate a plain malloc'd buffer keeps.</summary>
public static class PageableRatioChart
{
    private static readonly Direction[] Directions = [Direction.HostToDevice, Direction.DeviceToHost];

    public static IReadOnlyList<(RunRecord Run, Direction Direction, double Ratio)> Ratios(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ratios = new List<(RunRecord, Direction, double)>();
        foreach (var run in runs)
        {
            var headline = HeadlineResults.Of(run);
            foreach (var direction in Directions)
            {
                var pinned = headline.FirstOrDefault(r => r.Test.Memory == HostPath.Pinned && r.Test.Direction == direction);
                var pageable = headline.FirstOrDefault(r => r.Test.Memory == HostPath.Pageable && r.Test.Direction == direction);
                if (pinned is not null && pageable is not null && pinned.Bandwidth.Median > 0)
                {
                    ratios.Add((run, direction, pageable.Bandwidth.Median / pinned.Bandwidth.Median));
                }
            }
        }
        return ratios;
    }

    public static Plot? Build(IReadOnlyList<RunRecord> runs)
    {
        var ratios = Ratios(runs);
        if (ratios.Count == 0)
        {
            return null;
        }
        var plot = new Plot();
        ChartFonts.Apply(plot);
        var band = plot.Add.VerticalSpan(0.50, 0.75, Colors.Gray.WithAlpha(0.2));
        band.LegendText = "seed paper: pageable at 50-75% of pinned (RTX A2000)";
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = band.LegendText, FillColor = Colors.Gray.WithAlpha(0.2) });
        GroupedBars.Draw(plot, ["host to device", "device to host"],
            BarSeries.Of(runs),
            (r, d) => ratios.FirstOrDefault(x => x.Run == runs[r] && x.Direction == Directions[d]) is { Run: not null } found ? new BarValue(found.Ratio) : null,
            Percent.Text);
        plot.Axes.Left.TickGenerator = Percent.Ticks(Math.Max(1.05, ratios.Max(r => r.Ratio) * 1.15));
        plot.Axes.SetLimitsY(0, Math.Max(1.05, ratios.Max(r => r.Ratio) * 1.15));
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Title("Pageable as a share of pinned bandwidth (medians at the headline size)");
        plot.YLabel("Pageable / pinned");
        plot.XLabel("Direction");
        return plot;
    }
}
