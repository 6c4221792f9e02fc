using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Storage.Importers;

/// <summary>How a peer tool's printed numbers become our records. A peer prints one rate per configuration, so each
/// becomes one sample whose time is derived from that rate (bytes / rate, rounded to the nanosecond: for a 32 MB copy
/// the rate survives to better than one part in 10^5), and no spread is invented. Peers record no wall clock (stored
/// as 0) and no verification.</summary>
internal static class PeerRuns
{
    /// <summary>Above any link between a host and a GPU (NVLink-C2C moves 900 GB/s in both directions together;
    /// PCIe 6.0 x16 about 128 GB/s each way): a host transfer reported faster is a broken output.</summary>
    public const double MaxHostGigabytesPerSecond = 2_000;

    /// <summary>Above twice the memory bandwidth of any GPU (bandwidthTest counts a device copy's bytes read and
    /// written): a device-to-device rate reported faster is a broken output.</summary>
    public const double MaxDeviceGigabytesPerSecond = 20_000;

    /// <summary>Null when a reported rate can be a measurement; otherwise why not, in a line.</summary>
    public static string? RateProblem(Direction direction, double gigabytesPerSecond)
    {
        double limit = direction == Direction.DeviceToDevice ? MaxDeviceGigabytesPerSecond : MaxHostGigabytesPerSecond;
        return gigabytesPerSecond switch
        {
            double.NaN or double.PositiveInfinity or double.NegativeInfinity => $"a rate of {gigabytesPerSecond} GB/s is not a number that can be stored",
            <= 0 => $"a rate of {gigabytesPerSecond:R} GB/s is not positive; nothing can be derived from it",
            _ when gigabytesPerSecond > limit => $"a rate of {gigabytesPerSecond:R} GB/s is above what any {(direction == Direction.DeviceToDevice ? "GPU's memory" : "host-to-GPU link")} moves ({limit:N0} GB/s); the output is broken",
            _ => null,
        };
    }

    public static TestResult Reported(TransferTest test, double gigabytesPerSecond, string method)
    {
        long nanoseconds = (long)Math.Round(test.Bytes / gigabytesPerSecond);
        return TestResults.FromSamples(test, [new BandwidthSample(test.Bytes, Math.Max(nanoseconds, 1), 0)], null, verified: false, method);
    }

    public static RunRecord Run(string tool, string version, string commandLine, string summary, DateTimeOffset when, IReadOnlyList<TestResult> results) =>
        new(Guid.NewGuid().ToString("N"), when, when, RunStatus.Complete, tool, version, commandLine, Simulated: false,
            new RunEnvironment("unknown", EnvironmentClass.Unknown, summary, ProbeJson: ""), results);
}
