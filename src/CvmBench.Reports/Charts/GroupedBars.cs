using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>A bar with an optional interval (drawn as an error bar from Low to High).</summary>
internal sealed record BarValue(double Value, double? Low = null, double? High = null);

/// <summary>Grouped bars: one group per category, one bar per series that has a value there, packed without gaps
/// for series that have none, with a legend of the series that appear; a simulated series' bars are hatched.</summary>
internal static class GroupedBars
{
    /// <summary>Value labels are drawn while they fit; beyond this many bars the results table carries the numbers.</summary>
    private const int MaxLabelledBars = 24;

    private static readonly Color SimulatedHatchColor = Colors.White.WithAlpha(0.7);

    public static void Draw(Plot plot, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series,
        Func<int, int, BarValue?> value, Func<double, string> label)
    {
        int total = Enumerable.Range(0, series.Count).Sum(s => Enumerable.Range(0, categories.Count).Count(c => value(s, c) is not null));
        var centers = new List<double>();
        var shown = new SortedSet<int>();
        List<double> xs = [], ys = [], below = [], above = [];
        double position = 0;
        for (int c = 0; c < categories.Count; c++)
        {
            double start = position;
            for (int s = 0; s < series.Count; s++)
            {
                if (value(s, c) is not { } bar)
                {
                    continue;
                }
                var plotted = plot.Add.Bar(new Bar
                {
                    Position = position,
                    Value = bar.Value,
                    FillColor = series[s].Color,
                    FillHatch = series[s].Simulated ? new ScottPlot.Hatches.Striped() : null,
                    FillHatchColor = SimulatedHatchColor,
                    Label = total <= MaxLabelledBars ? label(bar.Value) : "",
                });
                plotted.ValueLabelStyle.FontSize = 12;
                if (bar.Low is { } low && bar.High is { } high)
                {
                    // Lift the label clear of the error bar's cap.
                    plotted.Bars[0].LabelOffset = 14;
                    xs.Add(position);
                    ys.Add(bar.Value);
                    below.Add(bar.Value - low);
                    above.Add(high - bar.Value);
                }
                shown.Add(s);
                position++;
            }
            centers.Add((start + position - 1) / 2);
            position++;
        }
        if (xs.Count > 0)
        {
            plot.Add.Plottable(new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, below, above) { LineWidth = 1.5f, CapSize = 5, Color = Colors.Black });
        }
        // Two lines per label ("registered" over "H2D") so neighbouring narrow groups do not run into each other.
        plot.Axes.Bottom.SetTicks([.. centers], [.. categories.Select(c => c.LastIndexOf(' ') is int space and > 0 ? c[..space] + "\n" + c[(space + 1)..] : c)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        foreach (int s in shown)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = series[s].Label, FillColor = series[s].Color, LineColor = series[s].Color,
                FillHatch = series[s].Simulated ? new ScottPlot.Hatches.Striped() : null, FillHatchColor = SimulatedHatchColor,
            });
        }
        plot.ShowLegend(Edge.Right);
    }
}
