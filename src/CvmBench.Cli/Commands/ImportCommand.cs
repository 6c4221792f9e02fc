using System.CommandLine;
using CvmBench.Storage.Importers;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench import FILE...</c>: peers' outputs and our own JSON exports become stored runs. Every file is
/// read and checked before anything is stored, and all are stored in one transaction: one bad file imports nothing.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "bandwidthTest output (readable or --csv), nvbandwidth output (text or --json), or a cvmbench export --format json.",
            Arity = ArgumentArity.OneOrMore,
        };
        var buffer = new Option<int>("--nvbandwidth-buffer-mib")
        {
            Description = "nvbandwidth's --bufferSize for these files, in MiB; its output does not say. Default: 512, nvbandwidth's default.",
            DefaultValueFactory = _ => (int)(ImportOptions.NvbandwidthDefaultBufferBytes >> 20),
        };
        buffer.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--nvbandwidth-buffer-mib must be positive");
            }
        });
        var store = StoreOption.Create();
        var command = new Command("import", "Store the results of bandwidthTest, nvbandwidth, or a cvmbench JSON export as runs marked with their tool.") { files, buffer, store };
        command.SetAction(parse =>
        {
            var options = new ImportOptions((long)parse.GetValue(buffer) << 20);
            var imported = parse.GetValue(files)!.Select(f => (File: f.FullName, Result: ResultImporter.Read(f.FullName, options))).ToList();
            using var results = StoreOption.Open(parse, store, create: true);
            results.AddRuns([.. imported.Select(i => i.Result.Run)]);
            foreach (var (file, result) in imported)
            {
                Console.Out.WriteLine($"{file}: {result.Format} -> run {result.Run.Id} ({result.Run.Tool}, {result.Run.Results.Count} tests)");
                if (result.Skipped.Count > 0)
                {
                    Console.Out.WriteLine($"  left out (not one host buffer to one GPU, or not passed): {string.Join(", ", result.Skipped)}");
                }
            }
            Console.Error.WriteLine($"cvmbench: stored {imported.Count} run(s) in {results.Location}");
            return ExitCodes.Success;
        });
        return command;
    }
}
