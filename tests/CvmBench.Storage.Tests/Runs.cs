using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;
using TestResult = CvmBench.Measurement.TestResult;

namespace CvmBench.Storage.Tests;

/// <summary>Runs and results built for tests (labelled simulated: they were measured nowhere).</summary>
internal static class Runs
{
    public static RunRecord New(string? id = null, RunStatus status = RunStatus.Incomplete, IReadOnlyList<TestResult>? results = null) =>
        new(id ?? Guid.NewGuid().ToString("N"), new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero),
            status == RunStatus.Complete ? new DateTimeOffset(2026, 11, 25, 14, 5, 0, TimeSpan.Zero) : null,
            status, "cvmbench", "0.1.0", "cvmbench run --simulate", true,
            new RunEnvironment("test-host", EnvironmentClass.Vm, "simulated device", Probe), results ?? []);

    /// <summary>A probe with what the hardware fingerprint is made of: the CPU and a GPU's UUID.</summary>
    public const string Probe = """
        {"cpu":{"vendor":{"value":"GenuineIntel","isKnown":true},"modelName":{"value":"Test CPU","isKnown":true},"logicalCpus":{"value":8,"isKnown":true}},
         "gpus":{"value":[{"cuda":{"uuid":"GPU-00000000-test"}}],"isKnown":true}}
        """;

    public static TestResult Result(HostPath memory = HostPath.Pinned, Direction direction = Direction.HostToDevice, long bytes = 1 << 26,
        int samples = 10, double gigabytesPerSecond = 50, int device = 0, bool bidirectional = false, double? efficiency = 0.8)
    {
        var list = Enumerable.Range(0, samples)
            .Select(i => new BandwidthSample(bytes * 4, (long)(bytes * 4 / (gigabytesPerSecond * (1 + 0.01 * (i % 5)))), (long)(bytes * 4 / gigabytesPerSecond) + 1000))
            .ToList();
        return TestResults.FromSamples(new TransferTest(memory, direction, CopyMethod.CopyEngine, bytes, device, bidirectional), list, efficiency, true, "4 copies per sample, 2 warm-up");
    }

    public static OperationResult Operation(OperationKind operation, string variant, long bytes, int samples, int threads = 1) =>
        new(new OperationTest(operation, variant, bytes, threads, 0),
            [.. Enumerable.Range(0, samples).Select(i => new OperationSample(bytes, 1000 + 37L * i))], operation == OperationKind.EmulatedTransfer, "one call each, host clock");
}
