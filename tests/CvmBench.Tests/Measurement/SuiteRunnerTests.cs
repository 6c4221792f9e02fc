using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Tests.Platform;
using CvmBench.Transfers;
using TestResult = CvmBench.Measurement.TestResult;

namespace CvmBench.Tests.Measurement;

/// <summary>The measuring entry points on simulated devices: what reaches the sink, and when.</summary>
public class SuiteRunnerTests
{
    private static readonly MeasurementOptions Quick = new(Samples: 2, WarmupCopies: 1, BytesPerSample: 1L << 20, Host: TestHost.Facts with { LastLevelCacheBytes = 1L << 20 });

    private static readonly MachineReading Machine =
        MachineReading.Read(new CapturedMachine(PlatformFixtures.Folder(PlatformFixtures.DevelopmentMachine)), usableCpus: 4);

    private static readonly TransferTest[] Tests =
    [
        new(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0),
        new(HostPath.Pageable, Direction.DeviceToHost, CopyMethod.CopyEngine, 1 << 20, 0),
        new(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 20, 0, Bidirectional: true),
    ];

    [Fact]
    public void Every_result_of_every_device_reaches_the_sink_between_begin_and_complete()
    {
        using var devices = DeviceSet.Open("all", simulate: true);
        var sink = new RecordingSink();

        var suite = SuiteRunner.Run(["run", "--simulate"], devices, Tests, Quick, Machine, sink, progress: null, CancellationToken.None);

        int expected = SuiteRunner.ResultCount(Tests, devices.Devices.Count);
        Assert.Equal(8, expected);
        Assert.Equal("begin", sink.Calls[0]);
        Assert.Equal("complete Complete", sink.Calls[^1]);
        Assert.Equal(expected, sink.Results.Count);
        Assert.Equal(RunStatus.Complete, suite.Run.Status);
        Assert.True(suite.Run.Simulated);
        Assert.Equal("cvmbench run --simulate", suite.Run.CommandLine);
        Assert.Equal(sink.Header!.Id, suite.Run.Id);
        Assert.Equal(expected, suite.Run.Results.Count);
        Assert.Equal(expected, suite.Outcomes.Sum(o => o.Results.Count));
    }

    [Fact]
    public void The_run_carries_the_machine_it_was_given()
    {
        using var devices = DeviceSet.Open("0", simulate: true);
        var sink = new RecordingSink();
        SuiteRunner.Run(["run"], devices, Tests[..1], Quick, Machine, sink, progress: null, CancellationToken.None);
        Assert.Equal(RunEnvironment.Of(Machine.Profile), sink.Header!.Environment);
    }

    [Fact]
    public void A_cancelled_run_is_left_incomplete_with_what_finished_and_the_cancellation_thrown_on()
    {
        using var devices = DeviceSet.Open("0", simulate: true);
        using var cancellation = new CancellationTokenSource();
        var sink = new RecordingSink(onResult: cancellation.Cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            SuiteRunner.Run(["run"], devices, Tests, Quick, Machine, sink, progress: null, cancellation.Token));

        Assert.Single(sink.Results);
        Assert.Equal("complete Incomplete", sink.Calls[^1]);
    }

    [Fact]
    public void Sizes_that_do_not_fit_the_host_are_refused_before_anything_is_allocated()
    {
        using var devices = DeviceSet.Open("0", simulate: true);
        var small = TestHost.Facts with { MemoryAvailableBytes = 1L << 20 };
        var e = Assert.Throws<ArgumentException>(() => devices.CheckFits(1L << 20, deviceBuffers: 2, small));
        Assert.Contains("more host memory than is available", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversions_and_rates_are_recorded_and_skipped_parts_are_said()
    {
        using var device = new HostMemoryDevice();
        var sink = new RecordingSink();
        var progress = new RecordingProgress();
        var plan = new ConversionPlan([64 << 10, 128 << 10], HugePages: [false], Samples: 2, Threads: [1], HostCopyBytes: 4 << 20, StagingCopyBytes: 4 << 20);

        var run = ConversionSuite.Run(["convert"], device, plan, Machine, sink, progress, CancellationToken.None);

        Assert.Equal(RunStatus.Complete, run.Status);
        Assert.Equal(sink.Operations.Count, run.Operations.Count);
        Assert.Equal(sink.Operations.Count, progress.Operations);
        Assert.Contains(run.Operations, o => o.Test.Operation == OperationKind.Register);
        Assert.Contains(run.Operations, o => o.Test.Operation == OperationKind.HostAlloc);
        Assert.Contains(run.Operations, o => o.Test.Operation == OperationKind.HostCopy);
        Assert.Equal("complete Complete", sink.Calls[^1]);
    }

    /// <summary>Keeps what it is given, in order.</summary>
    private sealed class RecordingSink(Action? onResult = null) : IRunSink
    {
        public List<string> Calls { get; } = [];

        public RunRecord? Header { get; private set; }

        public List<TestResult> Results { get; } = [];

        public List<OperationResult> Operations { get; } = [];

        public void Begin(RunRecord header)
        {
            Header = header;
            Calls.Add("begin");
        }

        public void Append(TestResult result)
        {
            Results.Add(result);
            Calls.Add("result");
            onResult?.Invoke();
        }

        public void Append(OperationResult operation)
        {
            Operations.Add(operation);
            Calls.Add("operation");
        }

        public void Complete(RunStatus status, DateTimeOffset ended) => Calls.Add($"complete {status}");
    }

    private sealed class RecordingProgress : IRunProgress
    {
        public int Operations { get; private set; }

        public void Begun(RunRecord header) { }

        public void Measured(TestResult result) { }

        public void Measured(OperationResult operation) => Operations++;

        public void Skipped(string what) { }
    }
}
