using CvmBench.Storage.Postgres;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Storage;

/// <summary>Opens the store a user names (<c>--store</c>): a PostgreSQL connection string (a <c>postgresql://</c> URI
/// or <c>Host=...;</c> keywords) for a fleet, anything else the path of an SQLite file.</summary>
public static class ResultStore
{
    /// <summary>Opens it; <paramref name="create"/> is false for commands that only read, so they never leave an
    /// empty store behind.</summary>
    /// <exception cref="StoreException">It cannot be opened as a CvmBench store; the message is one line, without
    /// any password.</exception>
    public static IResultStore Open(string store, bool create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        return PostgresResultStore.Recognises(store) ? PostgresResultStore.Open(store, create) : SqliteResultStore.Open(store, create);
    }
}
