using ScottPlot;
using SkiaSharp;

namespace CvmBench.Reports.Charts;

/// <summary>Writes a chart as PNG (for pages and quick looks) and SVG (for papers), side by side, at a size that fits
/// its legend and with bottom tick labels that do not run into each other.</summary>
internal static class ChartImage
{
    public const int Width = 1280;
    public const int Height = 640;

    /// <summary>Room kept beside a legend that sets the image's height.</summary>
    private const int LegendMargin = 20;

    /// <summary>Least space between two neighbouring tick labels, in pixels.</summary>
    private const float LabelGap = 8;

    public static IReadOnlyList<string> Save(Plot plot, string directory, string name)
    {
        int height = Fit(plot);
        string png = Path.Combine(directory, name + ".png"), svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, height);
        plot.SaveSvg(svg, Width, height);
        return [png, svg];
    }

    public static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>Settles the chart for its image: the height grows past <see cref="Height"/> when the legend needs it
    /// (so no entry is cut off), and the bottom axis's labels are turned 45 degrees, on one line each, when neighbours
    /// would overlap. Returns the height.</summary>
    internal static int Fit(Plot plot)
    {
        if (Crowded(plot))
        {
            var turned = new ScottPlot.TickGenerators.NumericManual();
            float widest = 0;
            foreach (var tick in plot.Axes.Bottom.TickGenerator.Ticks)
            {
                if (tick.IsMajor)
                {
                    string label = tick.Label.Replace('\n', ' ');
                    turned.AddMajor(tick.Position, label);
                    widest = Math.Max(widest, LabelWidth(plot, label));
                }
                else
                {
                    turned.AddMinor(tick.Position);
                }
            }
            plot.Axes.Bottom.TickGenerator = turned;
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            // Clear of the axis line, which the turned label's end would otherwise touch.
            plot.Axes.Bottom.TickLabelStyle.OffsetY = plot.Axes.Bottom.TickLabelStyle.FontSize / 2;
            // The turned labels' depth (sin 45 of their width) plus the axis title below them.
            plot.Axes.Bottom.MinimumSize = widest * 0.71f + 2 * plot.Axes.Bottom.TickLabelStyle.FontSize + 30;
        }
        // The legend beside the plot gets the data area's height; past that it wraps into a column the image cuts off.
        plot.GetImage(Width, Height).Dispose();
        float around = Height - plot.RenderManager.LastRender.DataRect.Height;
        return Math.Max(Height, (int)Math.Ceiling(LegendHeight(plot) + around + LegendMargin));
    }

    private static int LegendHeight(Plot plot)
    {
        using var legend = plot.Legend.GetImage();
        return legend.Height;
    }

    /// <summary>Whether two neighbouring major tick labels of the bottom axis overlap on the image.</summary>
    private static bool Crowded(Plot plot)
    {
        // Rendered once for the layout: where the ticks fall depends on the axes and the legend.
        plot.GetImage(Width, Height).Dispose();
        var labelled = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0).OrderBy(t => t.Position)
            .Select(t => (X: plot.GetPixel(new Coordinates(t.Position, 0)).X, Width: t.Label.Split('\n').Max(line => LabelWidth(plot, line))))
            .ToList();
        return labelled.Zip(labelled.Skip(1)).Any(pair => pair.Second.X - pair.First.X < (pair.First.Width + pair.Second.Width) / 2 + LabelGap);
    }

    private static float LabelWidth(Plot plot, string text)
    {
        // ScottPlot keeps the typeface it hands out.
        var typeface = Fonts.GetTypeface(ChartFonts.Family, bold: false, italic: false);
        using var font = new SKFont(typeface, plot.Axes.Bottom.TickLabelStyle.FontSize);
        return font.MeasureText(text);
    }
}
