namespace CvmBench.Storage;

/// <summary>The store cannot be used as asked: there is none (<see cref="StoreNotFoundException"/>), the file is not a
/// CvmBench store, it is damaged, it was written by a newer version, the server cannot be reached or refuses the login,
/// or a run id is unknown or ambiguous. The message is one line, without any password, fit to show a user as is.</summary>
public class StoreException : Exception
{
    public StoreException() { }
    public StoreException(string message) : base(message) { }
    public StoreException(string message, Exception inner) : base(message, inner) { }
}
