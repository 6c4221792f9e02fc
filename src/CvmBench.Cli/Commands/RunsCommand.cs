using System.CommandLine;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Reports.Charts;
using CvmBench.Storage;
using Spectre.Console;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench runs</c>: the stored runs, oldest first.</summary>
internal static class RunsCommand
{
    private static readonly string[] Columns = ["Run", "Started (UTC)", "Status", "Tool", "Where", "Machine", "Tests", "Operations", "Samples"];

    public static Command Create()
    {
        var store = StoreOption.Create();
        var command = new Command("runs", "List the stored runs: id (its first 8 characters), start, status, tool, host and environment, hardware fingerprint, tests, other operations and samples.") { store };
        command.SetAction(parse =>
        {
            IResultStore results;
            try
            {
                results = StoreOption.Open(parse, store, create: false);
            }
            catch (StoreNotFoundException e)
            {
                // Nothing stored yet is an empty list, not an error.
                Console.Out.WriteLine(string.Concat(e.Message[..1].ToUpperInvariant(), e.Message.AsSpan(1), "."));
                return ExitCodes.Success;
            }
            using var _ = results;
            var runs = results.ListRuns();
            if (runs.Count == 0)
            {
                Console.Out.WriteLine($"No runs stored in {results.Location}.");
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{runs.Count} run(s) in {results.Location}"));
            foreach (string column in Columns)
            {
                table.AddColumn(column);
            }
            foreach (var run in runs)
            {
                string where = RunLabels.Where(run.Host, run.EnvironmentClass, run.EnvironmentSummary);
                table.AddRow(
                    Markup.Escape(run.Id.Length > 8 ? run.Id[..8] : run.Id),
                    run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    (run.Status == RunStatus.Complete ? "complete" : "[yellow]incomplete[/]") + (run.Simulated ? " [grey](simulated)[/]" : ""),
                    Markup.Escape($"{run.Tool} {run.ToolVersion}"),
                    Markup.Escape(where),
                    Markup.Escape(run.Fingerprint.Length > 0 ? run.Fingerprint : "-"),
                    run.TestCount.ToString(CultureInfo.InvariantCulture),
                    run.OperationCount.ToString(CultureInfo.InvariantCulture),
                    run.SampleCount.ToString(CultureInfo.InvariantCulture));
            }
            Terminal.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
