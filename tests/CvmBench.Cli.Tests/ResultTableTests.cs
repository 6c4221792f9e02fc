using CvmBench.Cli.Measuring;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

public class ResultTableTests
{
    private static string Render(params int[] sampleCounts)
    {
        var results = sampleCounts.Select((n, i) =>
        {
            var samples = Enumerable.Range(1, n).Select(k => new BandwidthSample(1 << 20, 100_000 * k, 100_000 * k)).ToList();
            var stats = Statistics.Summarize([.. samples.Select(s => s.GigabytesPerSecond)]);
            return new CvmBench.Measurement.TestResult(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1L << (20 + i), 0), samples, stats, stats, null, true, "test");
        }).ToList();
        using var writer = new StringWriter();
        ResultTable.Render(Terminal.Create(writer, redirected: true),
            [new DeviceOutcome(new DeviceDescription(0, "simulated", true, null, 1L << 30, "0-1"), "0-1", results)], simulated: true);
        return writer.ToString();
    }

    [Fact]
    public void The_interval_column_is_named_95_percent_only_while_every_test_has_6_samples()
    {
        string enough = Render(6, 10);
        Assert.Contains("95% CI of median", enough, StringComparison.Ordinal);
        Assert.DoesNotContain(" at n = ", enough, StringComparison.Ordinal);

        string few = Render(10, 5, 1);
        Assert.Contains("CI of median (95% from n = 6)", few, StringComparison.Ordinal);
        Assert.DoesNotContain("95% CI of median", few, StringComparison.Ordinal);
        Assert.Contains("(93.8% at n = 5)", few, StringComparison.Ordinal);
        Assert.Contains("none (one value)", few, StringComparison.Ordinal);
    }
}
