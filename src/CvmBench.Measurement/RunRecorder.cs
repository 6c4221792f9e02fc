using System.Reflection;

namespace CvmBench.Measurement;

/// <summary>One measuring run as it is recorded: its header goes to the sink before the first result, each result as
/// it arrives (from several device threads, one at a time), and the status at the end. A run stopped by a failure or
/// a cancellation is left incomplete, with every result that finished.</summary>
public sealed class RunRecorder
{
    private readonly object _gate = new();
    private readonly List<TestResult> _results = [];
    private readonly List<OperationResult> _operations = [];
    private readonly RunRecord _header;
    private readonly IRunSink _sink;
    private readonly IRunProgress? _progress;

    private RunRecorder(RunRecord header, IRunSink sink, IRunProgress? progress)
    {
        _header = header;
        _sink = sink;
        _progress = progress;
    }

    /// <summary>This build's version, as runs record it.</summary>
    public static string ToolVersion =>
        typeof(RunRecorder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>A new run's header: a fresh id, started now, incomplete, no results yet.</summary>
    public static RunRecord Header(IReadOnlyList<string> commandLine, bool simulated, RunEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        return new RunRecord(
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
    }

    /// <summary>Starts a run of cvmbench measured where <paramref name="environment"/> says, and records its header.</summary>
    /// <param name="commandLine">The arguments that asked for it (after <c>cvmbench</c>).</param>
    /// <param name="simulated">Measured on host-memory devices, not GPUs.</param>
    /// <param name="environment">The machine, from its one reading.</param>
    /// <param name="sink">Where the record goes.</param>
    /// <param name="progress">Who is told of each step, if anyone.</param>
    public static RunRecorder Begin(IReadOnlyList<string> commandLine, bool simulated, RunEnvironment environment, IRunSink sink, IRunProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var header = Header(commandLine, simulated, environment);
        sink.Begin(header);
        progress?.Begun(header);
        return new RunRecorder(header, sink, progress);
    }

    public string Id => _header.Id;

    /// <summary>How many results and operations are recorded so far.</summary>
    public int Recorded
    {
        get
        {
            lock (_gate)
            {
                return _results.Count + _operations.Count;
            }
        }
    }

    public void Add(TestResult result)
    {
        lock (_gate)
        {
            _sink.Append(result);
            _results.Add(result);
            _progress?.Measured(result);
        }
    }

    public void Add(OperationResult operation)
    {
        lock (_gate)
        {
            _sink.Append(operation);
            _operations.Add(operation);
            _progress?.Measured(operation);
        }
    }

    public void Skip(string what)
    {
        lock (_gate)
        {
            _progress?.Skipped(what);
        }
    }

    /// <summary>Marks the run complete and returns it with every result.</summary>
    public RunRecord Complete()
    {
        lock (_gate)
        {
            var ended = DateTimeOffset.Now;
            _sink.Complete(RunStatus.Complete, ended);
            return _header with { Ended = ended, Status = RunStatus.Complete, Results = [.. _results], Operations = [.. _operations] };
        }
    }

    /// <summary>Leaves the run incomplete: it stopped before its end.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _sink.Complete(RunStatus.Incomplete, DateTimeOffset.Now);
        }
    }
}
