using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Writes a chart as PNG (for pages and quick looks) and SVG (for papers), side by side.</summary>
internal static class ChartImage
{
    public const int Width = 1280;
    public const int Height = 640;

    public static IReadOnlyList<string> Save(Plot plot, string directory, string name)
    {
        string png = Path.Combine(directory, name + ".png"), svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }

    public static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
