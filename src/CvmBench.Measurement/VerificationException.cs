namespace CvmBench.Measurement;

/// <summary>The bytes that arrived differ from what was sent: the test produced no valid number.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException() { }
    public VerificationException(string message) : base(message) { }
    public VerificationException(string message, Exception inner) : base(message, inner) { }
}
