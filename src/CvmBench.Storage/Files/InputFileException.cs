namespace CvmBench.Storage.Files;

/// <summary>A file the user named cannot be read as input: missing, not a regular file, too large or unreadable. A
/// <see cref="FormatException"/>, so the CLI reports it as bad input; the message is one line naming the path.</summary>
public sealed class InputFileException : FormatException
{
    public InputFileException() { }
    public InputFileException(string message) : base(message) { }
    public InputFileException(string message, Exception inner) : base(message, inner) { }
}
