using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

/// <summary>compare on runs with too few samples for a 95% interval: what the runs are, and what the intervals are.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-compare-" + Guid.NewGuid().ToString("N"));

    public CompareCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_run_with_too_few_samples_is_named_by_its_tool_and_sample_count_and_its_interval_by_its_real_confidence()
    {
        string store = Path.Combine(_folder, "results.db");
        string a = Export("a", "cvmbench", samples: 5, rate: 50), b = Export("b", "cvmbench", samples: 8, rate: 40);
        var (code, _, stderr) = CliHarness.Run("import", a, b, "--store", store);
        Assert.True(code == ExitCodes.Success, stderr);

        var (compared, stdout, error) = CliHarness.Run("compare", "a0000000", "b0000000", "--store", store);
        Assert.True(compared == ExitCodes.Success, error);
        string note = Assert.Single(stdout.Split('\n'), l => l.StartsWith("Medians in GB/s", StringComparison.Ordinal));
        Assert.EndsWith("n < 6: too few samples for a 95% interval (A: cvmbench, 5 samples per test).", note, StringComparison.Ordinal);
        Assert.DoesNotContain("peer tool", stdout, StringComparison.Ordinal);
        Assert.Contains("(93.8% at n = 5)", stdout, StringComparison.Ordinal);
        Assert.Contains("A CI (95% from n = 6)", stdout, StringComparison.Ordinal);
        Assert.Contains("B 95% CI", stdout, StringComparison.Ordinal);
    }

    /// <summary>A run of one test (pinned H2D, 64 MiB) whose samples rise by 0.1 GB/s from <paramref name="rate"/>, as a
    /// JSON export to import; its id starts with <paramref name="id"/>.</summary>
    private string Export(string id, string tool, int samples, double rate)
    {
        const long Bytes = 1 << 26;
        var measured = Enumerable.Range(0, samples)
            .Select(i => new BandwidthSample(Bytes, (long)(Bytes / (rate + i * 0.1)), (long)(Bytes / (rate + i * 0.1)))).ToList();
        var stats = Statistics.Summarize([.. measured.Select(s => s.GigabytesPerSecond)]);
        var result = new CvmBench.Measurement.TestResult(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, Bytes, 0),
            measured, stats, stats, null, true, "test");
        var run = new RunRecord(id.PadRight(32, '0'), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Complete, tool, "0.1.0",
            "cvmbench run", false, new RunEnvironment("host-" + id, EnvironmentClass.Vm, "test", "{}"), [result]);
        string path = Path.Combine(_folder, id + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
        return path;
    }
}
