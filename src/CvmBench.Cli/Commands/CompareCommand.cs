using System.CommandLine;
using System.Globalization;
using CvmBench.Reports.Charts;
using CvmBench.Reports.Comparison;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench compare A B</c>: per test in both runs, the two medians, B/A, and whether the difference is
/// beyond the noise (the 95% confidence intervals of the medians do not overlap).</summary>
internal static class CompareCommand
{
    private static readonly string[] Columns = ["Test", "Size", "GPU", "A GB/s", "B GB/s", "B / A", "A 95% CI", "B 95% CI", "B vs A"];

    public static Command Create()
    {
        var first = new Argument<string>("A") { Description = "The baseline run (id or unambiguous start of one)." };
        var second = new Argument<string>("B") { Description = "The run compared with it." };
        var store = StoreOption.Create();
        var command = new Command("compare", "Compare two stored runs test by test: medians, ratio, and whether the difference is beyond the noise.") { first, second, store };
        command.SetAction(parse =>
        {
            using var results = StoreOption.Open(parse, store, create: false);
            var a = results.LoadRun(results.ResolveRunId(parse.GetValue(first)!));
            var b = results.LoadRun(results.ResolveRunId(parse.GetValue(second)!));
            var rows = RunComparison.Compare(a, b);
            Console.Out.WriteLine($"A = {RunLabels.For(a)}");
            Console.Out.WriteLine($"B = {RunLabels.For(b)}");
            if (rows.Count == 0)
            {
                Console.Out.WriteLine("No test is present in both runs (same memory kind, direction, copy method, size, GPU and bidirectionality).");
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in Columns)
            {
                table.AddColumn(column);
            }
            foreach (var row in rows)
            {
                table.AddRow(Markup.Escape(row.Test.Name), Markup.Escape(ByteSize.Text(row.Test.Bytes)), Text(row.Test.Device),
                    Rate(row.A.Median), Rate(row.B.Median), row.Ratio.ToString("F3", CultureInfo.InvariantCulture),
                    Interval(row.A), Interval(row.B), row.Verdict switch
                    {
                        NoiseVerdict.BeyondNoise => row.Ratio > 1 ? "[green]faster[/]" : "[red]slower[/]",
                        NoiseVerdict.WithinNoise => "noise",
                        _ => $"[grey]n < {RunComparison.MinimumSamples}[/]",
                    });
            }
            Terminal.Out.Write(table);
            Console.Out.WriteLine($"Medians in GB/s (10^9 bytes/s) with their 95% confidence intervals. faster/slower: the intervals do not overlap; "
                + $"noise: they do; n < {RunComparison.MinimumSamples}: too few samples for a 95% interval (a peer tool's single printed value).");
            int onlyA = a.Results.Select(r => r.Test).Distinct().Count() - rows.Count, onlyB = b.Results.Select(r => r.Test).Distinct().Count() - rows.Count;
            if (onlyA > 0 || onlyB > 0)
            {
                Console.Out.WriteLine($"Not compared: {onlyA} test(s) only in A, {onlyB} only in B.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Rate(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Interval(CvmBench.Measurement.BandwidthStatistics stats) =>
        stats.Count > 1 ? $"{Rate(stats.CiLow)}-{Rate(stats.CiHigh)}" : "none";
}
