using System.Reflection;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage;

namespace CvmBench.Cli.Measuring;

/// <summary>One measuring invocation as a stored run: stored as incomplete before the first test, each result appended
/// as it arrives (from several device threads, one at a time), marked complete at the end. An interrupted run stays
/// stored, incomplete, with every result that finished.</summary>
internal sealed class RunSession
{
    private readonly object _gate = new();
    private readonly List<TestResult> _results = [];
    private readonly List<OperationResult> _operations = [];
    private readonly RunRecord _header;
    private readonly IResultStore _store;

    public RunSession(string[] commandLine, bool simulated, IResultStore store)
    {
        _store = store;
        var environment = RunEnvironment.Of(MachineProbe.Read(new LiveMachine()));
        _header = new RunRecord(
            Id: Guid.NewGuid().ToString("N"),
            Started: DateTimeOffset.Now,
            Ended: null,
            Status: RunStatus.Incomplete,
            Tool: "cvmbench",
            ToolVersion: ToolVersion,
            CommandLine: "cvmbench " + string.Join(' ', commandLine),
            Simulated: simulated,
            Environment: environment,
            Results: []);
        _store.AddRun(_header);
    }

    public static string ToolVersion =>
        typeof(RunSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public string Id => _header.Id;

    public string Location => _store.Location;

    public void Add(TestResult result)
    {
        lock (_gate)
        {
            _store.AppendResult(_header.Id, result);
            _results.Add(result);
        }
    }

    public void Add(OperationResult result)
    {
        lock (_gate)
        {
            _store.AppendOperation(_header.Id, result);
            _operations.Add(result);
        }
    }

    /// <summary>Marks the run complete and returns it with every result.</summary>
    public RunRecord Complete()
    {
        lock (_gate)
        {
            var ended = DateTimeOffset.Now;
            _store.CompleteRun(_header.Id, ended);
            return _header with { Ended = ended, Status = RunStatus.Complete, Results = [.. _results], Operations = [.. _operations] };
        }
    }

    /// <summary>The line for a run stopped by a signal, as the exception that reports it.</summary>
    public RunInterruptedException Interrupted(OperationCanceledException cause, string hint = "") =>
        new($"interrupted; run {Id[..8]} stopped, {Stored} result(s) kept in {Location}, marked incomplete{hint}", cause);

    /// <summary>Says on stderr that the run stopped on a failure, and what was kept.</summary>
    public void ReportStopped(string hint = "") =>
        Console.Error.WriteLine($"cvmbench: run {Id[..8]} stopped; {Stored} result(s) kept in {Location}, marked incomplete{hint}");

    /// <summary>How many results and operations are stored so far.</summary>
    public int Stored
    {
        get
        {
            lock (_gate)
            {
                return _results.Count + _operations.Count;
            }
        }
    }
}
