namespace CvmBench.Cli;

/// <summary>Bad input found after parsing (a size too large, a device that is not there). Reported as one line, exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException() { }
    public UsageException(string message) : base(message) { }
    public UsageException(string message, Exception inner) : base(message, inner) { }
}
