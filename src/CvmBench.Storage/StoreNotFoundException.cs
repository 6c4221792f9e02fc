namespace CvmBench.Storage;

/// <summary>There is no store where one was asked to be read (no file there; no CvmBench tables in that database),
/// and the command may not create one. Listing runs treats it as an empty store; other commands report it.</summary>
public sealed class StoreNotFoundException : StoreException
{
    public StoreNotFoundException() { }
    public StoreNotFoundException(string message) : base(message) { }
    public StoreNotFoundException(string message, Exception inner) : base(message, inner) { }
}
