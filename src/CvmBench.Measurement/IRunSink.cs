namespace CvmBench.Measurement;

/// <summary>Where a measuring run's record goes as it is measured: the header before the first result, each result as
/// it finishes, the status at the end. The results store implements it, so an interrupted run stays kept, incomplete.
/// Calls come one at a time.</summary>
public interface IRunSink
{
    /// <summary>The run's header, with no results yet and status incomplete.</summary>
    void Begin(RunRecord header);

    /// <summary>A test result, with all its samples.</summary>
    void Append(TestResult result);

    /// <summary>A measured operation (a conversion latency, a host rate, an emulated transfer), with all its samples.</summary>
    void Append(OperationResult operation);

    /// <summary>How the run ended: complete, or incomplete when it was interrupted or failed; <paramref name="ended"/>
    /// is when, as the run's record says it (a complete run keeps it).</summary>
    void Complete(RunStatus status, DateTimeOffset ended);
}
