using System.CommandLine;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Cli.Measuring;

/// <summary>The options every measuring command shares.</summary>
internal sealed class MeasuringOptions
{
    public Option<string> Device { get; } = new("--device") { Description = "GPU number, or 'all' to run every GPU at once (one host thread each, pinned near it).", DefaultValueFactory = _ => "0" };

    /// <summary>The most samples or warm-up copies per test: counts beyond it are typing mistakes, not plans.</summary>
    public const int MaxCount = 10_000;

    public Option<int> Samples { get; } = new("--samples") { Description = $"Timed samples per test (at most {MaxCount:N0}); the median is reported.", DefaultValueFactory = _ => 10 };

    public Option<int> Warmup { get; } = new("--warmup") { Description = $"Untimed warm-up copies per test (at most {MaxCount:N0}).", DefaultValueFactory = _ => 4 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the run as JSON instead of tables." };

    public Option<bool> Simulate { get; } = new("--simulate") { Description = "Measure a simulated host-memory device instead of a GPU (for trying the tool without one; results are labelled simulated)." };

    public Option<bool> NoVerify { get; } = new("--no-verify") { Description = "Skip checking the bytes that arrived (not recommended)." };

    public Option<int?> StagingThreads { get; } = new("--staging-threads") { Description = "The most copying threads the staged memory kind may use (1 to this machine's CPUs); default: as many as the tuner finds useful." };

    public Option<string> SealedSegment { get; } = new("--sealed-segment") { Description = "Plain bytes per AES-GCM tag of the sealed memory kind: a power of two from 4KiB to 16MiB.", DefaultValueFactory = _ => "64KiB" };

    public void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Samples);
        command.Options.Add(Warmup);
        command.Options.Add(Json);
        command.Options.Add(Simulate);
        command.Options.Add(NoVerify);
        command.Options.Add(StagingThreads);
        command.Options.Add(SealedSegment);
    }

    /// <param name="parse">The command line.</param>
    /// <param name="host">The host's facts, from the command's one reading of the machine.</param>
    public MeasurementOptions Read(ParseResult parse, HostFacts host)
    {
        int samples = Within(parse.GetValue(Samples), 1, MaxCount, "--samples");
        int warmup = Within(parse.GetValue(Warmup), 0, MaxCount, "--warmup");
        return new MeasurementOptions(host, Samples: samples, WarmupCopies: warmup, Verify: !parse.GetValue(NoVerify),
            StagingThreadBudget: CheckStagingThreads(parse.GetValue(StagingThreads), host, "--staging-threads"),
            SealedSegmentBytes: CheckSealedSegment(parse.GetValue(SealedSegment)!, "--sealed-segment"));
    }

    /// <summary>A sealed segment is a power of two from 4 KiB (a tag per page) to 16 MiB, so it divides every chunk size
    /// the staging tuner picks or the chunks grow to it.</summary>
    /// <exception cref="UsageException">It is not.</exception>
    public static int CheckSealedSegment(string text, string option)
    {
        long bytes;
        try
        {
            bytes = Units.ParseBytes(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
        return bytes is >= 4096 and <= 16L << 20 && long.IsPow2(bytes)
            ? (int)bytes
            : throw new UsageException($"{option} must be a power of two from 4KiB to 16MiB (got {text})");
    }

    /// <summary>A staging thread budget is between one and the CPUs this process may use.</summary>
    /// <exception cref="UsageException">It is not.</exception>
    public static int? CheckStagingThreads(int? threads, HostFacts host, string option)
    {
        if (threads is { } budget && (budget < 1 || budget > host.LogicalCpus))
        {
            throw new UsageException($"{option} must be between 1 and this machine's {host.LogicalCpus} CPUs (got {budget})");
        }
        return threads;
    }

    /// <summary><paramref name="value"/> when it is from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    /// <exception cref="UsageException">It is not, named by <paramref name="option"/>.</exception>
    public static int Within(int value, int minimum, int maximum, string option) => value < minimum
        ? throw new UsageException($"{option} must be at least {minimum} (got {value})")
        : value > maximum ? throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option} must be at most {maximum:N0} (got {value:N0})")) : value;
}
