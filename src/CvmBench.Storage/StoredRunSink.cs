using CvmBench.Measurement;

namespace CvmBench.Storage;

/// <summary>A run recorded in a results store as it is measured: stored as incomplete before its first result, each
/// result appended in its own transaction, marked complete at the end. A run that stops early stays stored,
/// incomplete, with every result that finished.</summary>
public sealed class StoredRunSink(IResultStore store) : IRunSink
{
    private string? _runId;

    /// <summary>Where the store is, for messages.</summary>
    public string Location => store.Location;

    public void Begin(RunRecord header)
    {
        ArgumentNullException.ThrowIfNull(header);
        store.AddRun(header);
        _runId = header.Id;
    }

    public void Append(TestResult result) => store.AppendResult(RunId, result);

    public void Append(OperationResult operation) => store.AppendOperation(RunId, operation);

    /// <summary>Marks the run complete, ended when its record says; an incomplete one is already stored as such.</summary>
    public void Complete(RunStatus status, DateTimeOffset ended)
    {
        if (status == RunStatus.Complete)
        {
            store.CompleteRun(RunId, ended);
        }
    }

    private string RunId => _runId ?? throw new InvalidOperationException("the run has not begun");
}
