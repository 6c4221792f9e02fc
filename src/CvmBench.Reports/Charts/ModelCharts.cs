using CvmBench.Model;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Plots of the cost model's report, each saved as PNG and SVG: throughput against transfer size (one chart
/// per platform), against batch size and against reuse count, with the break-even points marked. Both axes are
/// logarithmic: throughputs span three orders of magnitude between TDX conversion and pinned memory.</summary>
public static class ModelCharts
{
    private const int Width = 1100;
    private const int Height = 650;
    private static readonly ScottPlot.Palettes.Category10 Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Writes every chart into <paramref name="directory"/> (created if missing); returns the files written.</summary>
    public static IReadOnlyList<string> Write(ModelReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var platform in report.SizeCurves.Select(c => c.Platform).Distinct())
        {
            using var plot = ThroughputVersusSize(report, platform);
            files.AddRange(Save(plot, directory, $"throughput-vs-size-{PlatformProfileNames.ToText(platform)}"));
        }
        using (var plot = ThroughputVersusBatch(report))
        {
            files.AddRange(Save(plot, directory, "throughput-vs-batch"));
        }
        using (var plot = ThroughputVersusReuse(report))
        {
            files.AddRange(Save(plot, directory, "throughput-vs-reuse"));
        }
        return files;
    }

    /// <summary>Every strategy of one platform against transfer size, under the link rate.</summary>
    public static Plot ThroughputVersusSize(ModelReport report, PlatformProfile platform)
    {
        ArgumentNullException.ThrowIfNull(report);
        var curves = report.SizeCurves.Where(c => c.Platform == platform).ToList();
        var plot = NewPlot(
            $"{PlatformProfileNames.Title(platform)}: host-to-device throughput by transfer size (model)",
            "Transfer size (log scale)");
        for (int i = 0; i < curves.Count; i++)
        {
            AddCurve(plot, curves[i], curves[i].Strategy, Palette.GetColor(i));
        }
        LinkLine(plot, report.H2DLinkGigabytesPerSecond);
        plot.Axes.Bottom.TickGenerator = Log2Ticks(curves.SelectMany(c => c.Points).Select(p => p.X), QuantityText.Bytes);
        FinishLogY(plot, curves, report.H2DLinkGigabytesPerSecond);
        return plot;
    }

    /// <summary>Batched conversion of one transfer against pages per batch, per platform, with the batch that reaches
    /// 90% of the streaming asymptote marked.</summary>
    public static Plot ThroughputVersusBatch(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = NewPlot(
            $"Convert in batches: host-to-device throughput of {QuantityText.Bytes(report.Query.ReferenceBytes)} by batch size (model)",
            "Pages per conversion call, k (4 KiB pages, log scale)");
        foreach (var curve in report.BatchCurves)
        {
            var color = PlatformColor(curve.Platform);
            AddCurve(plot, curve, PlatformProfileNames.Title(curve.Platform), color);
            var breakEven = report.BatchBreakEvens.FirstOrDefault(b => b.Platform == curve.Platform);
            if (breakEven is not null)
            {
                var line = plot.Add.VerticalLine(Math.Log2(breakEven.BatchPages), 1, color);
                line.LegendText = $"{PlatformProfileNames.Title(curve.Platform)}: streaming reaches {QuantityText.Significant(100 * breakEven.Share)}% of " +
                    $"{QuantityText.Significant(breakEven.AsymptoteGigabytesPerSecond)} GB/s from k = {breakEven.BatchPages}";
            }
        }
        LinkLine(plot, report.H2DLinkGigabytesPerSecond);
        plot.Axes.Bottom.TickGenerator = Log2Ticks(report.BatchCurves.SelectMany(c => c.Points).Select(p => p.X), QuantityText.Significant);
        FinishLogY(plot, report.BatchCurves, report.H2DLinkGigabytesPerSecond);
        return plot;
    }

    /// <summary>Convert-once against reuse count, bounce of the same transfer (dotted), and the reuse count from which
    /// converting once wins (a dot on the bounce line).</summary>
    public static Plot ThroughputVersusReuse(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = NewPlot(
            $"Convert once, reuse n times, against bounce: {QuantityText.Bytes(report.Query.ReferenceBytes)} host to device (model)",
            "Transfers per conversion, n (log scale)");
        double[] xs = [.. report.ReuseCurves.SelectMany(c => c.Points).Select(p => p.X).Distinct().Order()];
        foreach (var curve in report.ReuseCurves)
        {
            var color = PlatformColor(curve.Platform);
            var breakEven = report.ReuseBreakEvens.First(b => b.Platform == curve.Platform);
            string wins = breakEven.Reuses is double n ? $"beats bounce from n = {n}" : "never beats bounce";
            AddCurve(plot, curve, $"{PlatformProfileNames.Title(curve.Platform)}: convert once ({wins})", color);
            if (breakEven.Reuses is double reuses && reuses <= xs[^1])
            {
                plot.Add.Marker(Math.Log2(reuses), Math.Log10(breakEven.BounceGigabytesPerSecond), MarkerShape.FilledCircle, 10, color);
            }
        }
        // Bounce does not depend on n: one dotted line per distinct rate (the confidential VMs share the swiotlb path).
        foreach (var group in report.ReuseBreakEvens.GroupBy(b => b.BounceGigabytesPerSecond))
        {
            double[] ys = [.. xs.Select(_ => Math.Log10(group.Key))];
            var color = group.Count() == 1 ? PlatformColor(group.First().Platform) : Colors.DimGray;
            var bounce = plot.Add.ScatterPoints([.. xs.Select(Math.Log2)], ys, color);
            bounce.MarkerSize = 4;
            bounce.LegendText = $"{string.Join(", ", group.Select(b => PlatformProfileNames.Title(b.Platform)))}: bounce, " +
                $"{QuantityText.Significant(group.Key)} GB/s";
        }
        LinkLine(plot, report.H2DLinkGigabytesPerSecond);
        plot.Axes.Bottom.TickGenerator = Log2Ticks(xs, QuantityText.Significant);
        FinishLogY(plot, report.ReuseCurves, report.H2DLinkGigabytesPerSecond);
        return plot;
    }

    private static Plot NewPlot(string title, string xLabel)
    {
        var plot = new Plot();
        ChartFonts.Apply(plot);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel("Throughput, GB/s (1e9 bytes/s, log scale)", 14);
        return plot;
    }

    private static void AddCurve(Plot plot, ThroughputCurve curve, string label, Color color)
    {
        double[] xs = [.. curve.Points.Select(p => Math.Log2(p.X))];
        double[] ys = [.. curve.Points.Select(p => Math.Log10(p.GigabytesPerSecond))];
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = 2.5f;
        line.LegendText = label;
    }

    private static void LinkLine(Plot plot, double linkGigabytesPerSecond)
    {
        // Solid, like every line here: SVG export draws no dash patterns.
        var line = plot.Add.HorizontalLine(Math.Log10(linkGigabytesPerSecond), 1.5f, Colors.Black);
        line.LegendText = $"link (pinned DMA rate): {QuantityText.Significant(linkGigabytesPerSecond)} GB/s";
    }

    /// <summary>Ticks at powers of two (every other one when the range is wide), labelled in the variable's units.</summary>
    private static ScottPlot.TickGenerators.NumericManual Log2Ticks(IEnumerable<double> values, Func<double, string> label)
    {
        double[] all = [.. values];
        int low = (int)Math.Ceiling(Math.Log2(all.Min()) - 1e-9), high = (int)Math.Floor(Math.Log2(all.Max()) + 1e-9);
        int step = high - low > 12 ? 2 : 1;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int power = low; power <= high; power += step)
        {
            ticks.AddMajor(power, label(Math.Pow(2, power)));
        }
        return ticks;
    }

    /// <summary>Y from just under the slowest point to just over the link, ticked 1-2-5 per decade; legend inside.</summary>
    private static void FinishLogY(Plot plot, IEnumerable<ThroughputCurve> curves, double linkGigabytesPerSecond)
    {
        double lowest = curves.SelectMany(c => c.Points).Min(p => p.GigabytesPerSecond);
        double bottom = Math.Floor(Math.Log10(lowest) * 2) / 2, top = Math.Log10(linkGigabytesPerSecond) + 0.15;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(bottom); decade <= (int)Math.Ceiling(top); decade++)
        {
            foreach (double mantissa in new[] { 1.0, 2.0, 5.0 })
            {
                double value = mantissa * Math.Pow(10, decade);
                double position = Math.Log10(value);
                if (position >= bottom && position <= top)
                {
                    ticks.AddMajor(position, QuantityText.Significant(value));
                }
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(bottom, top);
        plot.Legend.FontSize = 12;
        plot.ShowLegend(Alignment.LowerRight);
    }

    private static Color PlatformColor(PlatformProfile platform) => Palette.GetColor((int)platform);

    private static IEnumerable<string> Save(Plot plot, string directory, string name)
    {
        string png = Path.Combine(directory, name + ".png"), svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
