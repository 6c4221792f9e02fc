using System.CommandLine;
using CvmBench.Storage.Exchange;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench export RUN --format json|csv [--out FILE]</c>: one run with every sample.</summary>
internal static class ExportCommand
{
    private static readonly IRunExporter[] Exporters = [new JsonRunExporter(), new CsvRunExporter()];

    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run's id, or an unambiguous start of it (see cvmbench runs)." };
        var format = new Option<string>("--format") { Description = "json (what import reads back) or csv (one row per sample).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong([.. Exporters.Select(e => e.Format)]);
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        var store = StoreOption.Create();
        var command = new Command("export", "Write one stored run, every sample included, as JSON or CSV.") { run, format, output, store };
        command.SetAction(parse =>
        {
            using var results = StoreOption.Open(parse, store, create: false);
            var record = results.LoadRun(results.ResolveRunId(parse.GetValue(run)!));
            var exporter = Exporters.Single(e => e.Format == parse.GetValue(format));
            if (parse.GetValue(output) is { } file)
            {
                using (var writer = new StreamWriter(file.FullName))
                {
                    exporter.Write(record, writer);
                }
                Console.Error.WriteLine($"cvmbench: wrote run {record.Id} ({record.Results.Count} tests, {record.Operations.Count} operations, "
                    + $"{record.Results.Sum(r => r.Samples.Count) + record.Operations.Sum(o => o.Samples.Count)} samples) to {file.FullName}");
            }
            else
            {
                exporter.Write(record, Console.Out);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
