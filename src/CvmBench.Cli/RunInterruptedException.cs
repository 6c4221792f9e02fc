namespace CvmBench.Cli;

/// <summary>A measurement stopped by a signal; its message says which run was kept and where. Reported as that one
/// line, exit code 130.</summary>
internal sealed class RunInterruptedException : OperationCanceledException
{
    public RunInterruptedException() { }
    public RunInterruptedException(string message) : base(message) { }
    public RunInterruptedException(string message, Exception inner) : base(message, inner) { }
}
