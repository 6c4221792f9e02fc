using System.CommandLine;
using CvmBench.Platform;
using CvmBench.Reports.Pages;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench report [RUN...] --out DIR</c>: a Markdown and an HTML page with PNG and SVG charts.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN") { Description = "Runs to report (ids or unambiguous starts of ids). Default: every stored run.", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write report.md, report.html and the charts into.", Required = true, HelpName = "DIR" };
        var baseline = new Option<string>("--baseline")
        {
            Description = $"For runs from several environment classes: the class the others are compared with ({EnvironmentClassNames.List()}).",
            DefaultValueFactory = _ => EnvironmentClassNames.ToText(EnvironmentClass.BareMetal),
            HelpName = "CLASS",
        };
        var store = StoreOption.Create();
        var command = new Command("report", "Write a report of stored runs: charts (PNG and SVG), the environment table, environment classes against a "
            + "baseline, and every test's median.") { runs, output, baseline, store };
        command.SetAction(parse =>
        {
            var chosenBaseline = CompareCommand.KnownBaseline(parse.GetValue(baseline)!);
            using var results = StoreOption.Open(parse, store, create: false);
            string[] asked = parse.GetValue(runs) ?? [];
            var ids = asked.Length > 0 ? asked.Select(results.ResolveRunId).Distinct().ToList() : [.. results.ListRuns().Select(r => r.Id)];
            if (ids.Count == 0)
            {
                throw new UsageException($"no runs stored in {results.Location}; nothing to report");
            }
            var records = ids.Select(results.LoadRun).ToList();
            string folder = OutputFolder.Prepare(parse.GetValue(output)!.FullName);
            var files = ReportPage.Write(records, folder, results.Location, DateTimeOffset.UtcNow, chosenBaseline);
            foreach (string file in files)
            {
                Console.Out.WriteLine(file);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
