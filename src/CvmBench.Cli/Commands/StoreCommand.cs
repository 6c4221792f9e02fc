using System.CommandLine;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Storage;
using CvmBench.Storage.Importers;

namespace CvmBench.Cli.Commands;

/// <summary><c>cvmbench store copy FROM TO</c>: every run of one store into another, SQLite or PostgreSQL either way,
/// with every sample. Each run is copied in its own transaction, so an interrupted copy keeps the runs it finished;
/// runs the destination already holds (by id) are skipped and named, so copying again picks up where it stopped.</summary>
internal static class StoreCommand
{
    /// <summary>Skipped runs named in full before the list is cut short.</summary>
    private const int SkippedNamed = 10;

    public static Command Create()
    {
        var from = new Argument<string>("FROM") { Description = $"The store to copy from: {StoreOption.Description}" };
        var to = new Argument<string>("TO") { Description = "The store to copy into, of either kind; created if missing." };
        var copy = new Command("copy", "Copy every run, with every sample, from one store into another (SQLite or PostgreSQL, either way); runs "
            + "already there are skipped.") { from, to };
        copy.SetAction(parse =>
        {
            using var source = ResultStore.Open(parse.GetValue(from)!, create: false);
            using var target = ResultStore.Open(parse.GetValue(to)!, create: true);
            var present = target.ListRuns().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var wanted = source.ListRuns();
            var skipped = wanted.Where(r => present.Contains(r.Id)).ToList();
            var copied = new List<RunSummary>();
            foreach (var summary in wanted.Where(r => !present.Contains(r.Id)))
            {
                // An imported run keeps the hash of its file, so that file is still refused as a duplicate in the copy;
                // a run the destination already holds under that hash (the file imported there too) is skipped.
                var imported = new ImportedRun(source.LoadRun(summary.Id), "store copy", [], summary.SourceHash);
                if (target.AddImports([imported])[0] is null)
                {
                    copied.Add(summary);
                }
                else
                {
                    skipped.Add(summary);
                }
            }

            // Read back what arrived: the count of tests and samples of every copied run must match its source.
            var arrived = target.ListRuns().ToDictionary(r => r.Id, StringComparer.Ordinal);
            if (copied.FirstOrDefault(r => arrived[r.Id] is var back && (back.TestCount, back.SampleCount) != (r.TestCount, r.SampleCount)) is { } lost)
            {
                throw new InvalidOperationException($"run {lost.Id} arrived in {target.Location} with {arrived[lost.Id].SampleCount} of its {lost.SampleCount} samples");
            }
            Console.Out.WriteLine($"Copied {copied.Count} run(s), {Number(copied.Sum(r => r.TestCount))} tests, {Number(copied.Sum(r => r.SampleCount))} samples, "
                + $"from {source.Location} to {target.Location}; every sample arrived.");
            if (skipped.Count > 0)
            {
                Console.Out.WriteLine($"Skipped {skipped.Count} run(s) already in {target.Location}: {string.Join(", ", skipped.Take(SkippedNamed).Select(r => r.Id))}"
                    + (skipped.Count > SkippedNamed ? $", and {skipped.Count - SkippedNamed} more." : "."));
            }
            if (copied.Count(r => r.Status == RunStatus.Incomplete) is int incomplete and > 0)
            {
                Console.Out.WriteLine($"{incomplete} of the copied runs are incomplete (interrupted, or still running): copied as they are now, "
                    + "and skipped by a later copy.");
            }
            return ExitCodes.Success;
        });
        return new Command("store", "Work on whole stores: copy runs between SQLite files and PostgreSQL servers.") { copy };
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
