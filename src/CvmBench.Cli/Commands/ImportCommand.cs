using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CvmBench.Storage.Importers;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench import FILE...</c>: peers' outputs and our own JSON exports become stored runs. Every file is
/// read and checked before anything is stored, and all are stored in one transaction: one bad file imports nothing. A
/// file whose content is already stored (or a cvmbench export of a run already stored) is named and not stored again.</summary>
internal static class ImportCommand
{
    /// <summary>1 TiB: more than any GPU's memory, so a larger --nvbandwidth-buffer-mib is a typo.</summary>
    private const int MaxBufferMebibytes = 1 << 20;

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
            CustomParser = BufferMebibytes,
        };
        var store = StoreOption.Create();
        var command = new Command("import", "Store the results of bandwidthTest, nvbandwidth, or a cvmbench JSON export as runs marked with their tool.") { files, buffer, store };
        command.SetAction(parse =>
        {
            var options = new ImportOptions((long)parse.GetValue(buffer) << 20);
            var imported = parse.GetValue(files)!.Select(f => (File: f.FullName, Result: ResultImporter.Read(f.FullName, options))).ToList();
            using var results = StoreOption.Open(parse, store, create: true);
            var existing = results.AddImports([.. imported.Select(i => i.Result)]);
            for (int i = 0; i < imported.Count; i++)
            {
                var (file, result) = imported[i];
                if (existing[i] is { } stored)
                {
                    Console.Out.WriteLine($"{file}: already stored as run {stored}; not stored again");
                    continue;
                }
                Console.Out.WriteLine($"{file}: {result.Format} -> run {result.Run.Id} ({result.Run.Tool}, {result.Run.Results.Count} tests)");
                if (result.Skipped.Count > 0)
                {
                    Console.Out.WriteLine($"  left out (not one host buffer to one GPU, or not passed): {string.Join(", ", result.Skipped)}");
                }
            }
            Console.Error.WriteLine($"cvmbench: stored {existing.Count(e => e is null)} run(s) in {results.Location}"
                + (existing.Any(e => e is not null) ? $"; {existing.Count(e => e is not null)} already there" : ""));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A whole number of MiB from 1 to 1 TiB; anything else is refused by the parser, with its text.</summary>
    private static int BufferMebibytes(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int mebibytes) || mebibytes is < 1 or > MaxBufferMebibytes)
        {
            result.AddError($"--nvbandwidth-buffer-mib must be a whole number of MiB from 1 to {MaxBufferMebibytes} (got '{text}')");
            return 0;
        }
        return mebibytes;
    }
}
