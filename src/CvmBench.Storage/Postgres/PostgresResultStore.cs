using System.Data;
using System.Data.Common;
using Npgsql;

namespace CvmBench.Storage.Postgres;

/// <summary>The results store on a PostgreSQL server, for a fleet: every machine writes its runs into one database
/// while others read it. Same tables, same migrations and the same SQL as the SQLite store; the tables live in their
/// own schema (<see cref="SchemaName"/>), so a database shared with other programs never mixes their tables with ours.
/// Writers never wait for each other except on the same run (its row is locked while a result is appended); a load
/// reads one snapshot. One instance is one connection: use it from one thread at a time.</summary>
public sealed class PostgresResultStore : SqlResultStore
{
    public const string SchemaName = "cvmbench";

    /// <summary>The advisory lock held while the schema is checked and migrated: "CVMB", as SQLite's application_id.
    /// Two machines opening a new database at once would otherwise both try to create the tables.</summary>
    private const long MigrationLock = 0x43564D42;

    /// <summary>SQLSTATEs that are the user's to fix: no such database or schema, a refused login, no privilege, a
    /// server not accepting connections now, a duplicate run.</summary>
    private static readonly HashSet<string> Refusals =
    [
        PostgresErrorCodes.InvalidCatalogName,
        PostgresErrorCodes.InvalidSchemaName,
        PostgresErrorCodes.InvalidPassword,
        PostgresErrorCodes.InvalidAuthorizationSpecification,
        PostgresErrorCodes.InsufficientPrivilege,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.UniqueViolation,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;

    private PostgresResultStore(string location, NpgsqlDataSource dataSource, NpgsqlConnection connection) : base(location, connection)
    {
        _dataSource = dataSource;
        _connection = connection;
    }

    /// <summary>Whether <paramref name="store"/> is a PostgreSQL connection string (a <c>postgresql://</c> URI or
    /// the <c>Host=...;</c> keyword form) rather than a file path.</summary>
    public static bool Recognises(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return PostgresConnectionString.Recognises(store);
    }

    /// <summary>Connects, and brings the store's schema up to date; creates it in the database when
    /// <paramref name="create"/> allows (the database itself must exist).</summary>
    /// <exception cref="StoreException">The string cannot be read, the server cannot be reached or refuses the login,
    /// the database does not exist, the store is missing and may not be created, or it is newer than this build.</exception>
    public static PostgresResultStore Open(string connectionString, bool create = true)
    {
        var (builder, location) = PostgresConnectionString.Parse(connectionString);
        builder.SearchPath = SchemaName;
        // The slim builder keeps the executable free of reflection (Native AOT); TLS is all a fleet server needs of the rest.
        var dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableTransportSecurity().Build();
        NpgsqlConnection? connection = null;
        try
        {
            connection = dataSource.OpenConnection();
            using (var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                Execute(transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})");
                if (create)
                {
                    Execute(transaction, $"CREATE SCHEMA IF NOT EXISTS {SchemaName}");
                }
                else if (Scalar(transaction, "SELECT to_regclass('schema_migrations') IS NOT NULL") is not true)
                {
                    throw new StoreNotFoundException($"no results store in {location} yet (cvmbench run or import creates it)");
                }
                Migrate(transaction, location);
                transaction.Commit();
            }
            if (!create)
            {
                // Commands that only read cannot write, as the SQLite store opens its file read-only for them.
                using var readOnly = connection.CreateCommand();
                readOnly.CommandText = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
                readOnly.ExecuteNonQuery();
            }
            return new PostgresResultStore(location, dataSource, connection);
        }
        // Whatever the server answers while a store is opened (no such database, a refused login, no privilege to
        // create the schema) is for the user to fix; no answer at all is a server out of reach, or a login the
        // client could not make (no password to give).
        catch (PostgresException e)
        {
            Release(connection, dataSource);
            throw new StoreException($"{location}: {OneLine(e.MessageText)}", e);
        }
        catch (NpgsqlException e)
        {
            Release(connection, dataSource);
            throw new StoreException($"cannot connect to the results store {location}: {Reason(e)}", e);
        }
        catch
        {
            Release(connection, dataSource);
            throw;
        }
    }

    private protected override DbTransaction BeginWrite() => _connection.BeginTransaction(IsolationLevel.ReadCommitted);

    private protected override DbTransaction BeginSnapshot() => _connection.BeginTransaction(IsolationLevel.RepeatableRead);

    private protected override string LockRow => " FOR UPDATE";

    /// <summary>Read committed lets two transactions both find no run with the hash and both insert one: an advisory
    /// lock on the hash, held to the end of the transaction, makes the second wait and then find the first's run.</summary>
    private protected override void LockImport(DbTransaction transaction, string sourceHash)
    {
        if (sourceHash.Length > 0)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = (NpgsqlTransaction)transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@hash, 0))";
            command.Parameters.AddWithValue("hash", sourceHash);
            command.ExecuteNonQuery();
        }
    }

    private protected override StoreException? Translate(DbException e) => e is NpgsqlException npgsql ? Refusal(npgsql, Location) : null;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }

    private static void Release(NpgsqlConnection? connection, NpgsqlDataSource dataSource)
    {
        connection?.Dispose();
        dataSource.Dispose();
    }

    private static StoreException? Refusal(NpgsqlException e, string location) =>
        e is PostgresException server && Refusals.Contains(server.SqlState) ? new StoreException($"{location}: {OneLine(server.MessageText)}", e) : null;

    /// <summary>What went wrong reaching the server, in a line: Npgsql's message, and the socket's or TLS's beneath it.</summary>
    private static string Reason(NpgsqlException e)
    {
        string reason = OneLine(e.Message);
        return e.InnerException is { } inner && !reason.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{reason.TrimEnd('.')} ({OneLine(inner.Message)})"
            : reason;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
