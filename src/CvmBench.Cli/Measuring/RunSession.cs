using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage;

namespace CvmBench.Cli.Measuring;

/// <summary>One measuring invocation as a stored run (<see cref="RunRecorder"/> into the results store), for commands
/// that measure step by step rather than through one of the core's entry points.</summary>
internal sealed class RunSession
{
    private readonly RunRecorder _recorder;
    private readonly StoredRunSink _sink;

    public RunSession(string[] commandLine, bool simulated, IResultStore store)
    {
        _sink = new StoredRunSink(store);
        _recorder = RunRecorder.Begin(commandLine, simulated, RunEnvironment.Of(MachineProbe.Read(new LiveMachine())), _sink);
    }

    public string Id => _recorder.Id;

    public string Location => _sink.Location;

    public void Add(TestResult result) => _recorder.Add(result);

    public void Add(OperationResult result) => _recorder.Add(result);

    /// <summary>Marks the run complete and returns it with every result.</summary>
    public RunRecord Complete() => _recorder.Complete();

    /// <summary>The line for a run stopped by a signal, as the exception that reports it.</summary>
    public RunInterruptedException Interrupted(OperationCanceledException cause, string hint = "") =>
        new($"interrupted; run {Id[..8]} stopped, {Stored} result(s) kept in {Location}, marked incomplete{hint}", cause);

    /// <summary>Says on stderr that the run stopped on a failure, and what was kept.</summary>
    public void ReportStopped(string hint = "") =>
        Console.Error.WriteLine($"cvmbench: run {Id[..8]} stopped; {Stored} result(s) kept in {Location}, marked incomplete{hint}");

    /// <summary>How many results and operations are stored so far.</summary>
    public int Stored => _recorder.Recorded;
}
