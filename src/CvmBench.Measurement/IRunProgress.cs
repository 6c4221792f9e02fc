namespace CvmBench.Measurement;

/// <summary>What a measuring run tells its watcher as it goes (a command line prints it). Calls come one at a time.</summary>
public interface IRunProgress
{
    /// <summary>The run is recorded, with no results yet.</summary>
    void Begun(RunRecord header);

    /// <summary>A test result was recorded.</summary>
    void Measured(TestResult result);

    /// <summary>An operation was recorded.</summary>
    void Measured(OperationResult operation);

    /// <summary>Part of the plan cannot be measured here and is left out, with why.</summary>
    void Skipped(string what);
}
