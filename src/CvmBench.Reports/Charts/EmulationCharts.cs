using CvmBench.Emulation;
using CvmBench.Model;
using CvmBench.Transfers;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>The model against the hardware, each chart as PNG and SVG: per platform and direction, every emulated
/// strategy's measured throughput (markers) beside the calibrated model's (lines) against transfer size, the plain
/// pinned copy included; and per direction, every case's error against size, with the 15% band drawn.</summary>
public static class EmulationCharts
{
    private const int Width = 1100;
    private const int Height = 650;
    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Writes every chart into <paramref name="directory"/> (created if missing); returns the files written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<ModelComparison> comparisons, string directory, bool simulated)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var direction in comparisons.Select(c => c.Case.Direction).Distinct())
        {
            var pinned = comparisons.Where(c => c.Case.Strategy == StrategyKind.Pinned && c.Case.Direction == direction).ToList();
            foreach (var platform in comparisons.Where(c => c.Case.Strategy != StrategyKind.Pinned).Select(c => c.Case.Platform).Distinct())
            {
                var cases = comparisons.Where(c => c.Case.Platform == platform && c.Case.Direction == direction && c.Case.Strategy != StrategyKind.Pinned);
                using var plot = MeasuredAgainstModel([.. pinned, .. cases], platform, direction, simulated);
                files.AddRange(Save(plot, directory, $"emulate-{PlatformProfileNames.ToText(platform)}-{DirectionNames.ToText(direction)}"));
            }
            using var errors = Errors([.. comparisons.Where(c => c.Case.Direction == direction)], direction, simulated);
            files.AddRange(Save(errors, directory, $"emulate-error-{DirectionNames.ToText(direction)}"));
        }
        return files;
    }

    /// <summary>One platform and direction: measured markers and model lines per case, one color each.</summary>
    public static Plot MeasuredAgainstModel(IReadOnlyList<ModelComparison> comparisons, PlatformProfile platform, Direction direction, bool simulated)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var plot = NewPlot($"{Prefix(simulated)}{PlatformProfileNames.Title(platform)} emulated, {DirectionNames.ToText(direction)}: measured (dots) and model (lines)",
            "Throughput, GB/s (1e9 bytes/s, log scale)");
        var groups = comparisons.GroupBy(c => c.Case).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var points = groups[i].OrderBy(c => c.Bytes).ToList();
            var color = Palette.GetColor(i);
            double[] xs = [.. points.Select(c => Math.Log2(c.Bytes))];
            double[] model = [.. points.Select(c => Math.Log10(c.PredictedGigabytesPerSecond))];
            double[] measured = [.. points.Select(c => Math.Log10(c.MeasuredGigabytesPerSecond))];
            var line = plot.Add.ScatterLine(xs, model, color);
            line.LineWidth = 2;
            line.LegendText = Label(groups[i].Key);
            var dots = plot.Add.ScatterPoints(xs, measured, color);
            dots.MarkerSize = 9;
        }
        var all = comparisons.SelectMany(c => new[] { c.MeasuredGigabytesPerSecond, c.PredictedGigabytesPerSecond }).ToList();
        SizeAxis(plot, comparisons);
        LogY(plot, all.Min(), all.Max());
        return plot;
    }

    /// <summary>Every case's error (measured time over the model's, minus one) against size, in one direction.</summary>
    public static Plot Errors(IReadOnlyList<ModelComparison> comparisons, Direction direction, bool simulated)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var plot = NewPlot($"{Prefix(simulated)}Model error, {DirectionNames.ToText(direction)}: measured time / model time - 1",
            "Error (positive: slower than the model)");
        var groups = comparisons.GroupBy(c => c.Case).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var points = groups[i].OrderBy(c => c.Bytes).ToList();
            double[] xs = [.. points.Select(c => Math.Log2(c.Bytes))];
            double[] ys = [.. points.Select(c => c.Error)];
            var line = plot.Add.ScatterLine(xs, ys, Palette.GetColor(i % 10));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = $"{PlatformProfileNames.ToText(groups[i].Key.Platform)} {Label(groups[i].Key)}";
        }
        foreach (double band in new[] { ModelCheck.Threshold, -ModelCheck.Threshold })
        {
            plot.Add.HorizontalLine(band, 1.5f, Colors.Black);
        }
        double worst = Math.Max(0.3, comparisons.Max(c => Math.Abs(c.Error)) * 1.1);
        plot.Axes.SetLimitsY(-Math.Min(worst, 1.2), worst);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double step = worst > 2 ? 0.5 : worst > 0.6 ? 0.2 : 0.05;
        for (double v = -Math.Floor(Math.Min(worst, 1.2) / step) * step; v <= worst + 1e-9; v += step)
        {
            ticks.AddMajor(v, Percent.Text(v));
        }
        plot.Axes.Left.TickGenerator = ticks;
        SizeAxis(plot, comparisons);
        plot.Legend.FontSize = 10;
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static string Label(EmulationCase c) =>
        c.Strategy == StrategyKind.ConvertOnce ? $"{StrategyNames.Title(c.Strategy)} (n = {c.Reuses}), {EmulationNames.ToText(c.Costs)}"
        : c.Strategy == StrategyKind.Pinned ? "plain pinned"
        : $"{StrategyNames.Title(c.Strategy)}, {EmulationNames.ToText(c.Costs)}";

    private static string Prefix(bool simulated) => simulated ? "SIMULATED device: " : "";

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        ChartFonts.Apply(plot);
        plot.Title(title, 15);
        plot.XLabel("Transfer size (log scale)", 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }

    private static void SizeAxis(Plot plot, IReadOnlyList<ModelComparison> comparisons)
    {
        int low = (int)Math.Floor(Math.Log2(comparisons.Min(c => c.Bytes))), high = (int)Math.Ceiling(Math.Log2(comparisons.Max(c => c.Bytes)));
        int step = high - low > 12 ? 2 : 1;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int power = low; power <= high; power += step)
        {
            ticks.AddMajor(power, ByteSize.PowerOfTwo(power));
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(low - 0.3, high + 0.3);
    }

    private static void LogY(Plot plot, double lowest, double highest)
    {
        double bottom = Math.Floor(Math.Log10(lowest) * 2) / 2, top = Math.Log10(highest) + 0.15;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(bottom); decade <= (int)Math.Ceiling(top); decade++)
        {
            foreach (double mantissa in new[] { 1.0, 2.0, 5.0 })
            {
                double position = Math.Log10(mantissa * Math.Pow(10, decade));
                if (position >= bottom && position <= top)
                {
                    ticks.AddMajor(position, QuantityText.Significant(mantissa * Math.Pow(10, decade)));
                }
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(bottom, top);
        plot.Legend.FontSize = 11;
        plot.ShowLegend(Alignment.LowerRight);
    }

    private static IEnumerable<string> Save(Plot plot, string directory, string name)
    {
        string png = Path.Combine(directory, name + ".png"), svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
