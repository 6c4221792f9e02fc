using System.CommandLine;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Reports.Charts;
using CvmBench.Reports.Comparison;
using CvmBench.Storage;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench compare A B</c>: per test in both runs, the two medians, B/A, and whether the difference is
/// beyond the noise (the 95% confidence intervals of the medians do not overlap). <c>compare --by-environment</c>:
/// the runs of many machines grouped by environment class, each group against a baseline group.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN")
        {
            Description = "Two runs, A (the baseline) and B, as ids or unambiguous starts of ids; with --by-environment, the runs to group (default: every stored run).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var byEnvironment = new Option<bool>("--by-environment") { Description = "Group the runs by environment class (bare-metal, vm, sev, snp, tdx, cc) and compare each group with the baseline group." };
        var baseline = new Option<string>("--baseline")
        {
            Description = $"With --by-environment, the group the others are compared with ({EnvironmentClassNames.List()}).",
            DefaultValueFactory = _ => EnvironmentClassNames.ToText(EnvironmentClass.BareMetal),
            HelpName = "CLASS",
        };
        var store = StoreOption.Create();
        var command = new Command("compare", "Compare two stored runs test by test (medians, ratio, whether the difference is beyond the noise), or every "
            + "environment class with a baseline class (--by-environment).") { runs, byEnvironment, baseline, store };
        command.SetAction(parse =>
        {
            string[] asked = parse.GetValue(runs) ?? [];
            bool grouped = parse.GetValue(byEnvironment);
            if (!grouped && parse.GetResult(baseline) is { Implicit: false })
            {
                throw new UsageException("compare: --baseline applies to --by-environment only");
            }
            if (!grouped && asked.Length != 2)
            {
                throw new UsageException($"compare needs two runs, A and B (given {asked.Length}), or --by-environment");
            }
            var chosenBaseline = KnownBaseline(parse.GetValue(baseline)!);
            using var results = StoreOption.Open(parse, store, create: false);
            if (grouped)
            {
                return ByEnvironment(results, asked, chosenBaseline);
            }
            var a = results.LoadRun(results.ResolveRunId(asked[0]));
            var b = results.LoadRun(results.ResolveRunId(asked[1]));
            var rows = RunComparison.Compare(a, b);
            Console.Out.WriteLine($"A = {RunLabels.For(a)}");
            Console.Out.WriteLine($"B = {RunLabels.For(b)}");
            if (rows.Count == 0)
            {
                Console.Out.WriteLine("No test is present in both runs (same memory kind, direction, copy method, size, GPU and bidirectionality).");
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in new[] { "Test", "Size", "GPU", "A GB/s", "B GB/s", "B / A",
                MedianInterval.Column(rows.Select(r => r.A), "A 95% CI", "A CI (95% from n = 6)"),
                MedianInterval.Column(rows.Select(r => r.B), "B 95% CI", "B CI (95% from n = 6)"), "B vs A" })
            {
                table.AddColumn(Markup.Escape(column));
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
                + $"noise: they do; n < {RunComparison.MinimumSamples}: too few samples for a 95% interval{TooFew(rows, a, b)}.");
            int onlyA = a.Results.Select(r => r.Test).Distinct().Count() - rows.Count, onlyB = b.Results.Select(r => r.Test).Distinct().Count() - rows.Count;
            if (onlyA > 0 || onlyB > 0)
            {
                Console.Out.WriteLine($"Not compared: {onlyA} test(s) only in A, {onlyB} only in B.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static int ByEnvironment(IResultStore results, string[] asked, EnvironmentClass baseline)
    {
        string baselineText = EnvironmentClassNames.ToText(baseline);
        var ids = asked.Length > 0 ? asked.Select(results.ResolveRunId).Distinct().ToList() : [.. results.ListRuns().Select(r => r.Id)];
        var records = ids.Select(results.LoadRun).ToList();
        var (groups, rows) = EnvironmentComparison.Build(records, baseline);
        if (groups.All(g => g.Class != baseline))
        {
            string present = groups.Count > 0 ? string.Join(", ", groups.Select(g => EnvironmentClassNames.ToText(g.Class))) : "none";
            string simulated = records.Any(r => r.Simulated) ? "; simulated runs are left out" : "";
            throw new UsageException($"compare: no {baselineText} runs to compare with (environments here: {present}{simulated}); choose one with --baseline");
        }
        foreach (var group in groups)
        {
            Console.Out.WriteLine($"{EnvironmentClassNames.ToText(group.Class)}{(group.Class == baseline ? " (baseline)" : "")}: {group.Runs} run(s) on {string.Join(", ", group.Machines)}");
        }
        var table = new Table().Border(TableBorder.Rounded);
        var compared = rows.Where(r => r.Baseline is not null).ToList();
        foreach (string column in new[] { "Test", "Size", "Environment", "Runs", "Median GB/s", "Range",
            MedianInterval.Column(compared.Select(r => r.Medians), "95% CI", "CI (95% from n = 6)"), $"vs {baselineText}", "Verdict" })
        {
            table.AddColumn(Markup.Escape(column));
        }
        foreach (var row in compared)
        {
            bool reference = row.Class == baseline;
            table.AddRow(Markup.Escape(row.Test.Name), Markup.Escape(ByteSize.Text(row.Test.Bytes)), Markup.Escape(EnvironmentClassNames.ToText(row.Class)), Text(row.Medians.Count),
                Rate(row.Medians.Median), $"{Rate(row.Medians.Min)}-{Rate(row.Medians.Max)}", Interval(row.Medians),
                reference ? "baseline" : string.Create(CultureInfo.InvariantCulture, $"{row.Ratio:F3} ({(row.Ratio - 1) * 100:+0.0;-0.0;0.0}%)"),
                reference ? "" : row.Verdict switch
                {
                    NoiseVerdict.BeyondNoise => row.Ratio > 1 ? "[green]faster[/]" : "[red]slower[/]",
                    NoiseVerdict.WithinNoise => "spread",
                    _ => $"[grey]n < {RunComparison.MinimumSamples}[/]",
                });
        }
        Terminal.Out.Write(table);
        Console.Out.WriteLine($"Each run counts once per test (its lowest-numbered GPU); median, range and 95% interval are over the runs' medians, in GB/s. "
            + $"faster/slower: the intervals of the group's and the baseline's medians do not overlap; spread: they do; n < {RunComparison.MinimumSamples}: "
            + "too few runs on a side for a 95% interval.");
        int leftOut = records.Count(r => r.Simulated), unmatched = rows.Where(r => r.Baseline is null).Select(r => r.Test).Distinct().Count();
        if (leftOut > 0 || unmatched > 0)
        {
            Console.Out.WriteLine($"Not compared: {leftOut} simulated run(s); {unmatched} test(s) the {baselineText} runs did not measure.");
        }
        return ExitCodes.Success;
    }

    /// <summary>--baseline, when it names an environment class.</summary>
    internal static EnvironmentClass KnownBaseline(string value) => EnvironmentClassNames.TryParse(value, out var environment)
        ? environment
        : throw new UsageException($"--baseline '{value}' is not an environment class (one of {EnvironmentClassNames.List()})");

    private static string Rate(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Interval(BandwidthStatistics stats) => MedianInterval.Text(stats, "-", Rate);

    /// <summary>What the runs with too few samples are: " (A: bandwidthTest, 1 sample per test; B: cvmbench, 5 samples
    /// per test)", naming only the sides that have a test under the minimum; empty when neither has.</summary>
    private static string TooFew(IReadOnlyList<TestComparison> rows, RunRecord a, RunRecord b)
    {
        var sides = new[] { (Label: "A", Run: a, Counts: rows.Select(r => r.A.Count)), (Label: "B", Run: b, Counts: rows.Select(r => r.B.Count)) }
            .Where(side => side.Counts.Any(n => n < RunComparison.MinimumSamples))
            .Select(side => $"{side.Label}: {side.Run.Tool}{(side.Run.Simulated ? " (simulated)" : "")}, {Samples(side.Counts)}")
            .ToList();
        return sides.Count > 0 ? $" ({string.Join("; ", sides)})" : "";
    }

    /// <summary>"1 sample per test", "5 samples per test", "3 to 10 samples per test".</summary>
    private static string Samples(IEnumerable<int> counts)
    {
        int fewest = counts.Min(), most = counts.Max();
        string range = fewest == most ? Text(fewest) : $"{Text(fewest)} to {Text(most)}";
        return $"{range} sample{(most == 1 ? "" : "s")} per test";
    }
}
