using System.CommandLine;
using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Cli.Measuring;

/// <summary>The options every measuring command shares.</summary>
internal sealed class MeasuringOptions
{
    public Option<string> Device { get; } = new("--device") { Description = "GPU number, or 'all' to run every GPU at once (one host thread each, pinned near it).", DefaultValueFactory = _ => "0" };

    public Option<int> Samples { get; } = new("--samples") { Description = "Timed samples per test; the median is reported.", DefaultValueFactory = _ => 10 };

    public Option<int> Warmup { get; } = new("--warmup") { Description = "Untimed warm-up copies per test.", DefaultValueFactory = _ => 4 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the run as JSON instead of tables." };

    public Option<bool> Simulate { get; } = new("--simulate") { Description = "Measure a simulated host-memory device instead of a GPU (for trying the tool without one; results are labelled simulated)." };

    public Option<bool> NoVerify { get; } = new("--no-verify") { Description = "Skip checking the bytes that arrived (not recommended)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Samples);
        command.Options.Add(Warmup);
        command.Options.Add(Json);
        command.Options.Add(Simulate);
        command.Options.Add(NoVerify);
    }

    /// <param name="parse">The command line.</param>
    /// <param name="host">The host's facts, from the command's one reading of the machine.</param>
    public MeasurementOptions Read(ParseResult parse, HostFacts host)
    {
        int samples = parse.GetValue(Samples);
        int warmup = parse.GetValue(Warmup);
        if (samples < 1)
        {
            throw new UsageException($"--samples must be at least 1 (got {samples})");
        }
        if (warmup < 0)
        {
            throw new UsageException($"--warmup cannot be negative (got {warmup})");
        }
        return new MeasurementOptions(host, Samples: samples, WarmupCopies: warmup, Verify: !parse.GetValue(NoVerify));
    }
}
