using System.CommandLine;
using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Storage.Files;

namespace CvmBench.Cli.Commands;

/// <summary>The files and stored runs commands read as input, with a usage error naming the file when one cannot be
/// read.</summary>
internal static class InputFiles
{
    /// <summary>A run's JSON file when one exists at that path; otherwise a run in the store.</summary>
    public static RunRecord LoadRun(ParseResult parse, Option<string?> store, string run)
    {
        if (File.Exists(run))
        {
            return ReadRun(run);
        }
        using var results = StoreOption.Open(parse, store, create: false);
        return results.LoadRun(results.ResolveRunId(run));
    }

    /// <summary>A regular file of bounded size, refused at once otherwise (a FIFO or /dev/zero would never end).</summary>
    public static string Read(string path, string what) => InputFile.ReadAllText(path, what);

    private static RunRecord ReadRun(string path)
    {
        try
        {
            var run = JsonSerializer.Deserialize(Read(path, "run file"), MeasurementJson.Default.RunRecord);
            // Any JSON object deserializes; one with parts missing (a parameter file, say) is not a run.
            return IsWhole(run)
                ? run!
                : throw new UsageException($"{path}: not a run record, or one with parts missing (cvmbench export --format json writes one)");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}: not a run record ({e.Message})", e);
        }
    }

    private static bool IsWhole(RunRecord? run) =>
        run is { Id: not null, Results: not null, Operations: not null, Environment: { Host: not null, Summary: not null, ProbeJson: not null } }
        && run.Results.All(r => r is { Test: not null, Samples: not null, Bandwidth: not null, WallBandwidth: not null, Method: not null } && r.Samples.All(s => s is not null))
        && run.Operations.All(o => o is { Test.Variant: not null, Samples: not null, Method: not null } && o.Samples.All(s => s is not null));
}
