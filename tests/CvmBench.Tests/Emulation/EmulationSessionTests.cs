using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

public class EmulationSessionTests
{
    private static readonly EmulationOptions Quick = new(EmulationOptions.Defaults(TestHost.Facts with { LastLevelCacheBytes = 1L << 20 }) with { Samples = 2, BytesPerSample = 1L << 20, MaxCopiesPerSample = 2 });

    private static readonly RunEnvironment Environment = new("host", EnvironmentClass.Vm, "", "{}");

    private static readonly ParameterSet Injected = ParameterSet.Defaults.WithSi("host.memory", 1L << 30, "test");

    [Fact]
    public void A_run_reports_its_header_then_the_calibration_then_every_case_then_its_completion()
    {
        var plan = new EmulationPlan([PlatformProfile.Tdx], [InjectedCosts.Modeled], [Direction.HostToDevice], [64 << 10, 128 << 10], Reuses: 2);
        using var device = new HostMemoryDevice();
        var sink = new RecordingSink();

        var run = new EmulationSession(device, plan, Quick, Injected).Run(["emulate"], true, Environment, sink, progress: null);

        Assert.Equal($"begin {run.Id}", sink.Events[0]);
        Assert.Equal("complete Complete", sink.Events[^1]);
        Assert.Equal((RunStatus.Complete, "cvmbench emulate"), (run.Status, run.CommandLine));
        Assert.Equal(sink.Operations, run.Operations);
        var cases = sink.Operations.Select(o => EmulationCase.Of(o.Test)).OfType<EmulationCase>().Distinct().ToList();
        Assert.Equal(EmulationCase.PinnedBaseline(Direction.HostToDevice), cases[0]);
        Assert.Equal(plan.Measurements(), cases.Skip(1));
        int firstCase = sink.Operations.FindIndex(o => EmulationCase.Of(o.Test) is { Strategy: not StrategyKind.Pinned });
        Assert.Contains(sink.Operations.Take(firstCase), o => o.Test.Operation == OperationKind.Register);
        Assert.Contains(sink.Operations.Take(firstCase), o => o.Test.Operation == OperationKind.StagingSubmit);
        Assert.Equal(HostRateRounds.Count, sink.Operations.Count(o => o.Test.Operation == OperationKind.HostCopy));
        // What the session measured calibrates the model: the registration it timed replaces the default.
        Assert.StartsWith("measured", EmulationSession.Calibrated(Injected, run)["register.perCall"].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_run_is_begun_and_left_incomplete()
    {
        var plan = new EmulationPlan([PlatformProfile.Vm], [InjectedCosts.Modeled], [Direction.HostToDevice], [64 << 10], Reuses: 2);
        using var device = new HostMemoryDevice();
        var sink = new RecordingSink();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new EmulationSession(device, plan, Quick, Injected).Run(["emulate"], true, Environment, sink, progress: null, new CancellationToken(canceled: true)));
        Assert.StartsWith("begin ", sink.Events[0], StringComparison.Ordinal);
        Assert.Equal("complete Incomplete", sink.Events[^1]);
    }

    [Fact]
    public void A_transfer_larger_than_the_device_is_refused_with_the_reason()
    {
        var plan = new EmulationPlan([PlatformProfile.Vm], [InjectedCosts.Modeled], [Direction.HostToDevice], [1L << 30], Reuses: 2);
        using var device = new HostMemoryDevice(memoryBytes: 512L << 20);
        Assert.Contains("does not fit", EmulationSession.Misfit(device, plan, Quick, Injected), StringComparison.Ordinal);
        Assert.Null(EmulationSession.Misfit(device, plan with { Sizes = [1L << 20] }, Quick with { Measurement = Quick.Measurement with { Host = Quick.Measurement.Host with { MemoryAvailableBytes = 0 } } }, Injected));
    }

    private sealed class RecordingSink : IRunSink
    {
        public List<string> Events { get; } = [];

        public List<OperationResult> Operations { get; } = [];

        public void Begin(RunRecord header) => Events.Add($"begin {header.Id}");

        public void Append(CvmBench.Measurement.TestResult result) => Events.Add("result");

        public void Append(OperationResult operation)
        {
            Events.Add("operation");
            Operations.Add(operation);
        }

        public void Complete(RunStatus status, DateTimeOffset ended) => Events.Add($"complete {status}");
    }
}
