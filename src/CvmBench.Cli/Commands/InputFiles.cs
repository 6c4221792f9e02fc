using System.CommandLine;
using System.Text.Json;
using CvmBench.Measurement;

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

    public static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new UsageException($"cannot read {what} {path}: {e.Message}", e);
        }
    }

    private static RunRecord ReadRun(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(Read(path, "run file"), MeasurementJson.Default.RunRecord)
                ?? throw new UsageException($"{path}: not a run record");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}: not a run record ({e.Message})", e);
        }
    }
}
