namespace CvmBench.Measurement;

/// <summary>Where a measuring run reports as it goes: its header before the first result, each result as it arrives,
/// then how it ended. The store implements it, so an interrupted run stays kept with every result that finished.</summary>
public interface IRunSink
{
    /// <summary>The run begins: <paramref name="header"/> holds its id, command, machine and no results yet.</summary>
    void Begin(RunRecord header);

    /// <summary>One copy measured.</summary>
    void Append(TestResult result);

    /// <summary>One operation other than a copy measured.</summary>
    void Append(OperationResult operation);

    /// <summary>The run ended with <paramref name="status"/>.</summary>
    void Complete(RunStatus status);
}
