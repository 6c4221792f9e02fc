using CvmBench.Measurement;
using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>One run's bars: its legend label, its colour, and whether it was simulated (its bars are then hatched,
/// so they are never read as a GPU's beside those that are).</summary>
internal sealed record BarSeries(string Label, Color Color, bool Simulated)
{
    public static IReadOnlyList<BarSeries> Of(IReadOnlyList<RunRecord> runs) =>
        [.. runs.Select((run, r) => new BarSeries(RunLabels.For(run), ChartImage.ColorOf(r), run.Simulated))];
}
