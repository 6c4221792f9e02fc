using CvmBench.Measurement;
using CvmBench.Transfers;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Bandwidth against transfer size on a log2 axis, one chart per direction: a line per run (by colour) and
/// memory kind (by marker), copy engine, one direction at a time, lowest-numbered GPU. It shows where per-copy
/// overhead gives way to the link. A simulated run's lines are thinner, with open markers.</summary>
public static class BandwidthBySizeChart
{
    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown, MarkerShape.Eks];

    /// <summary>The same shapes, open: a simulated run's (a dashed line would do, but Skia's SVG output cannot draw one).</summary>
    private static readonly MarkerShape[] OpenShapes =
        [MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond, MarkerShape.OpenTriangleDown, MarkerShape.Eks];

    public static Plot? Build(IReadOnlyList<RunRecord> runs, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plot = new Plot();
        ChartFonts.Apply(plot);
        var kinds = new SortedSet<HostPath>();
        var shownRuns = new List<int>();
        double minLog = double.MaxValue, maxLog = double.MinValue;
        for (int r = 0; r < runs.Count; r++)
        {
            var results = runs[r].Results.Where(t => t.Test.Method == CopyMethod.CopyEngine && !t.Test.Bidirectional && t.Test.Direction == direction).ToList();
            if (results.Count == 0)
            {
                continue;
            }
            int device = results.Min(t => t.Test.Device);
            foreach (var series in results.Where(t => t.Test.Device == device).GroupBy(t => t.Test.Memory).OrderBy(g => g.Key))
            {
                var points = series.GroupBy(t => t.Test.Bytes).Select(g => g.First()).OrderBy(t => t.Test.Bytes).ToList();
                double[] xs = [.. points.Select(t => Math.Log2(t.Test.Bytes))];
                var line = plot.Add.Scatter(xs, [.. points.Select(t => t.Bandwidth.Median)], ChartImage.ColorOf(r));
                line.LineWidth = runs[r].Simulated ? 1.5f : 2;
                line.MarkerShape = (runs[r].Simulated ? OpenShapes : Shapes)[(int)series.Key % Shapes.Length];
                line.MarkerSize = points.Count > 40 ? 5 : 8;
                kinds.Add(series.Key);
                minLog = Math.Min(minLog, xs[0]);
                maxLog = Math.Max(maxLog, xs[^1]);
            }
            shownRuns.Add(r);
        }
        if (shownRuns.Count == 0)
        {
            return null;
        }
        int first = (int)Math.Floor(minLog), last = (int)Math.Ceiling(maxLog);
        int step = last - first > 16 ? 2 : 1;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int p = first; p <= last; p++)
        {
            if ((p - first) % step == 0)
            {
                ticks.AddMajor(p, ByteSize.PowerOfTwo(p));
            }
            else
            {
                ticks.AddMinor(p);
            }
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(first - 0.3, last + 0.3);
        plot.Axes.Margins(bottom: 0);
        foreach (int r in shownRuns)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = RunLabels.For(runs[r]), LineColor = ChartImage.ColorOf(r), LineWidth = 3,
            });
        }
        foreach (var kind in kinds)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = HostPathNames.ToText(kind), MarkerShape = Shapes[(int)kind % Shapes.Length], MarkerSize = 9, MarkerColor = Colors.DimGray });
        }
        plot.ShowLegend(Edge.Right);
        string way = direction == Direction.HostToDevice ? "host to device" : "device to host";
        plot.Title($"Bandwidth against transfer size, {way} (median per size)");
        plot.YLabel("Bandwidth (GB/s, 1 GB = 10^9 bytes)");
        plot.XLabel("Bytes per copy (log2 scale; KiB, MiB, GiB are powers of 2)");
        return plot;
    }
}
