using CvmBench.Measurement;

namespace CvmBench.Storage.Importers;

/// <summary>How a peer tool's printed numbers become our records. A peer prints one rate per configuration, so each
/// becomes one sample whose time is derived from that rate (bytes / rate, rounded to the nanosecond: for a 32 MB copy
/// the rate survives to better than one part in 10^5), and no spread is invented. Peers record no wall clock (stored
/// as 0) and no verification.</summary>
internal static class PeerRuns
{
    public static TestResult Reported(TransferTest test, double gigabytesPerSecond, string method)
    {
        long nanoseconds = (long)Math.Round(test.Bytes / gigabytesPerSecond);
        return TestResults.FromSamples(test, [new BandwidthSample(test.Bytes, Math.Max(nanoseconds, 1), 0)], null, verified: false, method);
    }

    public static RunRecord Run(string tool, string version, string commandLine, string summary, DateTimeOffset when, IReadOnlyList<TestResult> results) =>
        new(Guid.NewGuid().ToString("N"), when, when, RunStatus.Complete, tool, version, commandLine, Simulated: false,
            new RunEnvironment("unknown", "unknown", summary, ProbeJson: ""), results);
}
