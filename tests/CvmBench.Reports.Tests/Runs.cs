using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;
using TestResult = CvmBench.Measurement.TestResult;

namespace CvmBench.Reports.Tests;

/// <summary>Runs built for tests (labelled simulated: measured nowhere).</summary>
internal static class Runs
{
    public static RunRecord With(params TestResult[] results) =>
        new(Guid.NewGuid().ToString("N"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Complete, "cvmbench", "0.1.0", "test", true,
            new RunEnvironment("host", EnvironmentClass.Vm, "test", "{}"), results);

    /// <summary>A run measured on a GPU of <paramref name="host"/>, a machine of environment class <paramref name="environment"/>.</summary>
    public static RunRecord On(EnvironmentClass environment, string host, params TestResult[] results) =>
        With(results) with { Simulated = false, Environment = new RunEnvironment(host, environment, "test", "{}") };

    /// <summary>A result whose samples are <paramref name="rates"/> GB/s.</summary>
    public static TestResult Result(double[] rates, HostPath memory = HostPath.Pinned, Direction direction = Direction.HostToDevice,
        long bytes = 1 << 26, int device = 0, CopyMethod method = CopyMethod.CopyEngine, bool bidirectional = false, double? efficiency = null)
    {
        var samples = rates.Select(r => new BandwidthSample(bytes, (long)Math.Round(bytes / r), (long)Math.Round(bytes / r))).ToList();
        var stats = Statistics.Summarize([.. samples.Select(s => s.GigabytesPerSecond)]);
        return new TestResult(new TransferTest(memory, direction, method, bytes, device, bidirectional), samples, stats, stats, efficiency, true, "test");
    }

    public static double[] Around(double center, int count = 12, double spread = 0.01) =>
        [.. Enumerable.Range(0, count).Select(i => center * (1 + spread * (i - count / 2) / count))];
}
