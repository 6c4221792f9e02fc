namespace CvmBench.Storage.Importers;

/// <summary>A file could not be imported. The message names the file and, where the fault is on one line, the line,
/// as <c>file:line: what is wrong</c>. A <see cref="FormatException"/>, so the CLI reports it as bad input.</summary>
public sealed class ImportException : FormatException
{
    public ImportException() { }
    public ImportException(string message) : base(message) { }
    public ImportException(string message, Exception inner) : base(message, inner) { }

    public ImportException(string file, int? line, string problem, Exception? inner = null)
        : base(line is { } l ? $"{file}:{l}: {problem}" : $"{file}: {problem}", inner)
    {
        File = file;
        Line = line;
    }

    /// <summary>The file that failed.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the fault, where it has one.</summary>
    public int? Line { get; }
}
