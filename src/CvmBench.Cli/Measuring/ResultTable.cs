using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Reports.Charts;
using Spectre.Console;

namespace CvmBench.Cli.Measuring;

/// <summary>Results as tables on stdout: one per device, and the aggregate when several devices ran together.</summary>
internal static class ResultTable
{
    public static void Render(IAnsiConsole console, IReadOnlyList<DeviceOutcome> outcomes, bool simulated)
    {
        foreach (var outcome in outcomes)
        {
            string title = $"{(simulated ? "SIMULATED (host memory, not a GPU): " : "")}device {outcome.Device.Ordinal}: {outcome.Device.Name}"
                + (outcome.Device.Link is { } link ? $", PCIe {link} ({link.TheoreticalBytesPerSecond / 1e9:F1} GB/s per direction)" : "")
                + $"; host thread on CPUs {outcome.ThreadAffinity}";
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title));
            string interval = MedianInterval.Column(outcome.Results.Select(r => r.Bandwidth), "95% CI of median", "CI of median (95% from n = 6)");
            foreach (string column in new[] { "test", "size", "median GB/s", "min..max", "CV", interval, "wall GB/s", "of link", "verified" })
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }
            table.Columns[0].LeftAligned();
            foreach (var r in outcome.Results)
            {
                var b = r.Bandwidth;
                table.AddRow(
                    Markup.Escape(r.Test.Name), Units.FormatBytes(r.Test.Bytes), F(b.Median, 2), $"{F(b.Min, 2)}..{F(b.Max, 2)}",
                    $"{b.CoefficientOfVariation * 100:F1}%", MedianInterval.Text(b, "..", v => F(v, 2)), F(r.WallBandwidth.Median, 2),
                    r.LinkEfficiency is { } e ? $"{e * 100:F0}%" : "-", r.Verified ? "yes" : "no");
            }
            console.Write(table);
        }
        if (outcomes.Count > 1)
        {
            RenderAggregate(console, outcomes);
        }
    }

    private static void RenderAggregate(IAnsiConsole console, IReadOnlyList<DeviceOutcome> outcomes)
    {
        var table = new Table().Border(TableBorder.Simple).Title($"aggregate of {outcomes.Count} devices run concurrently (sum of medians)");
        table.AddColumn("test");
        table.AddColumn(new TableColumn("size").RightAligned());
        table.AddColumn(new TableColumn("sum GB/s").RightAligned());
        table.AddColumn(new TableColumn("per device").RightAligned());
        foreach (var group in outcomes.SelectMany(o => o.Results).GroupBy(r => (r.Test.Name, r.Test.Bytes)))
        {
            table.AddRow(Markup.Escape(group.Key.Name), Units.FormatBytes(group.Key.Bytes), F(group.Sum(r => r.Bandwidth.Median), 2),
                string.Join(" ", group.Select(r => F(r.Bandwidth.Median, 1))));
        }
        console.Write(table);
    }

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
