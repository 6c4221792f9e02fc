using CvmBench.Measurement;
using TestResult = CvmBench.Measurement.TestResult;

namespace CvmBench.Storage.Tests;

/// <summary>Runs and results built for tests (labelled simulated: they were measured nowhere).</summary>
internal static class Runs
{
    public static RunRecord New(string? id = null, RunStatus status = RunStatus.Incomplete, IReadOnlyList<TestResult>? results = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero),
            status == RunStatus.Complete ? new DateTimeOffset(2026, 11, 25, 14, 5, 0, TimeSpan.Zero) : null,
            status, "cvmbench", "0.1.0", "cvmbench run --simulate", true,
            new RunEnvironment("test-host", "vm", "simulated device", """{"cpu":"test"}"""), results ?? []);

    public static TestResult Result(MemoryKind memory = MemoryKind.Pinned, Direction direction = Direction.HostToDevice, long bytes = 1 << 26,
        int samples = 10, double gigabytesPerSecond = 50, int device = 0)
    {
        var list = Enumerable.Range(0, samples)
            .Select(i => new BandwidthSample(bytes * 4, (long)(bytes * 4 / (gigabytesPerSecond * (1 + 0.01 * (i % 5)))), (long)(bytes * 4 / gigabytesPerSecond) + 1000))
            .ToList();
        return TestResults.FromSamples(new TransferTest(memory, direction, CopyMethod.CopyEngine, bytes, device), list, 0.8, true, "4 copies per sample, 2 warm-up");
    }
}
