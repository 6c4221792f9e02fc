namespace CvmBench.Storage;

/// <summary>The store cannot be used as asked: the file is not a CvmBench store, it is damaged, it was written by a
/// newer version, or a run id is unknown or ambiguous. The message is one line, fit to show a user as is.</summary>
public sealed class StoreException : Exception
{
    public StoreException() { }
    public StoreException(string message) : base(message) { }
    public StoreException(string message, Exception inner) : base(message, inner) { }
}
