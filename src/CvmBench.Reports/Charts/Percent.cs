using System.Globalization;

namespace CvmBench.Reports.Charts;

/// <summary>Shares as people write them: "12%" (the invariant culture's P0 writes "12 %").</summary>
internal static class Percent
{
    public static string Text(double share) => (share * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Ticks every 10% (every 25% past 200%), labelled as percentages.</summary>
    public static ScottPlot.TickGenerators.NumericManual Ticks(double top)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double step = top > 2 ? 0.25 : 0.1;
        for (double v = 0; v <= top + 1e-9; v += step)
        {
            ticks.AddMajor(v, Text(v));
        }
        return ticks;
    }
}
