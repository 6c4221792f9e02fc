using CvmBench.Measurement;

namespace CvmBench.Storage;

/// <summary>Builds a <see cref="TestResult"/> from its samples. The store keeps samples only and derives statistics
/// on load, so a stored number can always be traced to the samples it came from.</summary>
internal static class TestResults
{
    public static TestResult FromSamples(TransferTest test, IReadOnlyList<BandwidthSample> samples, double? linkEfficiency, bool verified, string method) =>
        new(test, samples,
            Statistics.Summarize([.. samples.Select(s => s.GigabytesPerSecond)]),
            Statistics.Summarize([.. samples.Select(s => s.WallGigabytesPerSecond)]),
            linkEfficiency, verified, method);
}
