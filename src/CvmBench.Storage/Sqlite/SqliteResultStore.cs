using System.Data.Common;
using System.Globalization;
using CvmBench.Cuda;
using CvmBench.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Sqlite;

/// <summary>The results store in one SQLite file: WAL so readers never block the writer, a busy timeout so two
/// writers queue instead of failing, one transaction per write. A file that is not ours, or is damaged, is refused
/// before anything is written to it. One instance is one connection: use it from one thread at a time (open one per
/// thread or process; they coordinate through SQLite's locks).</summary>
public sealed class SqliteResultStore : SqlResultStore
{
    /// <summary>SQLite's application_id for a CvmBench store: "CVMB" in ASCII. It sits in the file header, so a
    /// foreign database is recognised without reading its tables.</summary>
    public const int ApplicationId = 0x43564D42;

    private const int BusyTimeoutSeconds = 30;
    private const int SqliteError = 1;
    private const int SqlitePermission = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;

    private SqliteResultStore(string path, SqliteConnection connection) : base(path, connection) => _connection = connection;

    /// <summary>Opens the store at <paramref name="path"/>, creating it (and its folder) if there is no file yet and
    /// <paramref name="create"/> allows, and brings its schema up to date. With <paramref name="create"/> false (a
    /// command that only reads) a store whose schema is current is opened read-only, so a store in a read-only folder,
    /// or a read-only file, can still be read.</summary>
    /// <exception cref="StoreException">The path is not a regular file, the file is not a CvmBench store, is damaged,
    /// is newer than this build, or is missing and may not be created.</exception>
    public static SqliteResultStore Open(string path, bool create = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (Directory.Exists(path))
        {
            throw new StoreException($"{path} is a directory; a results store is an SQLite file (--store PATH/results.db)");
        }
        var file = new FileInfo(path);
        if (file.Exists && FileKind.NotRegular(path) is { } kind)
        {
            // SQLite would open a device or a FIFO and leave a journal beside it.
            throw new StoreException($"{path} is {kind}, not a regular file; a results store is an SQLite file");
        }
        // An empty file is no store yet either: a command that only reads leaves it empty.
        if (!create && (!file.Exists || file.Length == 0))
        {
            throw new StoreNotFoundException($"no results store at {path} yet (cvmbench run or import creates it)");
        }
        int? version = null;
        if (file.Exists && file.Length > 0)
        {
            // Checked read-only first: a foreign or damaged file must not get a WAL, a journal or our tables.
            version = Verify(path);
        }
        else if (file.Directory is { Exists: false } directory)
        {
            directory.Create();
        }
        bool readOnly = !create && version == Migrations.Latest;
        if (readOnly)
        {
            var reader = OpenForReading(path) ?? OpenReadOnly(path);
            Execute(reader, "PRAGMA query_only = ON;");
            return new SqliteResultStore(path, reader);
        }
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            MigrateFile(connection, path);
            return new SqliteResultStore(path, connection);
        }
        catch (SqliteException e) when (version is { } old && old < Migrations.Latest && e.SqliteErrorCode is SqliteReadOnly or SqliteCannotOpen or SqlitePermission)
        {
            connection.Dispose();
            throw new StoreException($"{path} has schema version {old} and cannot be written here to bring it to version {Migrations.Latest}; "
                + "run any cvmbench command that stores, where the file can be written, to upgrade it", e);
        }
        catch (SqliteException e) when (Refusal(e, path) is { } refusal)
        {
            connection.Dispose();
            throw refusal;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteError)
        {
            // Verify found the tables in order, so this is a schema changed under it; still one line, not SQLite's words.
            connection.Dispose();
            throw new StoreException($"{path} has a schema this cvmbench cannot use ({OneLine(e.Message)}); nothing was written", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private protected override DbTransaction BeginWrite() => _connection.BeginTransaction(deferred: false);

    private protected override DbTransaction BeginSnapshot() => _connection.BeginTransaction(deferred: true);

    /// <summary>None needed: a write transaction is IMMEDIATE, so it holds the file's only write lock from BEGIN.</summary>
    private protected override string LockRow => "";

    /// <summary>None needed, for the same reason: no other import can run until this transaction ends.</summary>
    private protected override void LockImport(DbTransaction transaction, string sourceHash)
    {
    }

    private protected override StoreException? Translate(DbException e) => e is SqliteException sqlite ? Refusal(sqlite, Location) : null;

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        // Pooled connections would keep the file open after Dispose; a CLI opens it once anyway.
        Pooling = false,
        DefaultTimeout = BusyTimeoutSeconds,
    }.ToString();

    /// <summary>A read-only connection. A WAL store needs its shared-memory file to be read; where the folder or the
    /// file cannot be written, that file cannot be made, so the store is opened immutable instead: no one can write
    /// to it there either, so nothing changes while it is read.</summary>
    /// <summary>A read-write connection (nothing is created) used only to read, where the file and its folder can be
    /// written: as the last connection to close it removes the WAL's shared-memory file, which a read-only connection
    /// would leave beside the store. Null where it cannot be had.</summary>
    private static SqliteConnection? OpenForReading(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};");
            Scalar(connection, "SELECT COUNT(*) FROM sqlite_master");
            if (Scalar(connection, "PRAGMA main.journal_mode") is "wal" && !CanWriteBeside(path))
            {
                connection.Dispose();
                return null;
            }
            return connection;
        }
        catch (SqliteException)
        {
            connection.Dispose();
            return null;
        }
    }

    private static bool CanWriteBeside(string path)
    {
        var file = new FileInfo(path);
        return !file.IsReadOnly && file.Directory is { } folder && (folder.UnixFileMode & UnixFileMode.UserWrite) != 0
            && !folder.Attributes.HasFlag(FileAttributes.ReadOnly);
    }

    private static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};");
            Scalar(connection, "SELECT COUNT(*) FROM sqlite_master");
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteReadOnly or SqliteCannotOpen)
        {
            connection.Dispose();
        }
        catch (SqliteException e) when (Refusal(e, path) is { } refusal)
        {
            connection.Dispose();
            throw refusal;
        }
        connection = new SqliteConnection(ConnectionString(new Uri(path).AbsoluteUri + "?immutable=1", SqliteOpenMode.ReadOnly));
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e) when (Refusal(e, path) is { } refusal)
        {
            connection.Dispose();
            throw refusal;
        }
    }

    /// <summary>Refuses a file that is not a CvmBench store, is damaged, or has tables other than its recorded schema
    /// version's, without writing to it; returns that version (0 for a store with no tables yet).</summary>
    private static int Verify(string path)
    {
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw new StoreException($"{path} is not a CvmBench results store (not an SQLite database); nothing was written");
        }
        using var connection = OpenReadOnly(path);
        try
        {
            long applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            if (applicationId != ApplicationId)
            {
                throw new StoreException($"{path} is an SQLite database but not a CvmBench results store; nothing was written");
            }
            string check = Convert.ToString(Scalar(connection, "PRAGMA quick_check(1)"), CultureInfo.InvariantCulture) ?? "";
            if (check != "ok")
            {
                throw new StoreException($"{path} is damaged ({OneLine(check)}); nothing was written");
            }
            return SchemaVersion(connection, path);
        }
        catch (SqliteException e) when (Refusal(e, path) is { } refusal)
        {
            throw refusal;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteError)
        {
            throw new StoreException($"{path} carries CvmBench's application id but its schema cannot be read ({OneLine(e.Message)}); nothing was written", e);
        }
    }

    /// <summary>The schema version the store records, after checking that every table and column that version has is
    /// there (built from the same migrations in memory and compared), so a damaged or foreign schema is refused
    /// before a migration or a query trips over it.</summary>
    private static int SchemaVersion(SqliteConnection connection, string path)
    {
        var actual = Columns(connection);
        if (!actual.ContainsKey("schema_migrations"))
        {
            return actual.Count == 0 ? 0 : throw new StoreException(
                $"{path} carries CvmBench's application id but has no schema history (tables {string.Join(", ", actual.Keys.Order(StringComparer.Ordinal))}); nothing was written");
        }
        long version = Convert.ToInt64(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), CultureInfo.InvariantCulture);
        long steps = Convert.ToInt64(Scalar(connection, "SELECT COUNT(DISTINCT version) FROM schema_migrations"), CultureInfo.InvariantCulture);
        if (version > Migrations.Latest)
        {
            throw new StoreException($"{path} has schema version {version}, newer than this cvmbench understands ({Migrations.Latest}); use a newer cvmbench");
        }
        if (steps != version)
        {
            throw new StoreException($"{path} is damaged: its schema history records {steps} step(s) up to version {version}; nothing was written");
        }
        using var expectedStore = new SqliteConnection("Data Source=:memory:");
        expectedStore.Open();
        Execute(expectedStore, Migrations.CreateHistory);
        foreach (var migration in Migrations.All.Where(m => m.Version <= version))
        {
            Execute(expectedStore, migration.Sql);
        }
        foreach (var (table, columns) in Columns(expectedStore))
        {
            if (!actual.TryGetValue(table, out var present))
            {
                throw new StoreException($"{path} is damaged or not a CvmBench store: schema version {version} has a table {table}, which the file lacks; nothing was written");
            }
            if (columns.FirstOrDefault(c => !present.Contains(c)) is { } missing)
            {
                throw new StoreException($"{path} is damaged or not a CvmBench store: its table {table} lacks the column {missing} of schema version {version}; nothing was written");
            }
        }
        return (int)version;
    }

    private static Dictionary<string, HashSet<string>> Columns(SqliteConnection connection)
    {
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = new HashSet<string>(StringComparer.Ordinal);
            }
            columns.Add(reader.GetString(1));
        }
        return tables;
    }

    /// <summary>Applies the steps this store lacks, in one transaction; a concurrent opener waits, then finds them
    /// applied. A new file gets our application_id in the same transaction.</summary>
    private static void MigrateFile(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        long applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id", transaction), CultureInfo.InvariantCulture);
        if (applicationId != ApplicationId)
        {
            long objects = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM sqlite_master", transaction), CultureInfo.InvariantCulture);
            if (applicationId != 0 || objects != 0)
            {
                throw new StoreException($"{path} is an SQLite database but not a CvmBench results store; nothing was written");
            }
            Execute(connection, $"PRAGMA application_id = {ApplicationId}", transaction);
        }
        Migrate(transaction, path);
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Damage becomes the one-line refusal, a file that cannot be opened a one-line store error; anything
    /// else (a lock held past the busy timeout, an I/O error) stays what it is: a failure, not bad input.</summary>
    private static StoreException? Refusal(SqliteException e, string path) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => new StoreException($"{path} is damaged ({OneLine(e.Message)}); nothing was written", e),
        SqliteCannotOpen or SqliteReadOnly or SqlitePermission => new StoreException($"{path}: {OneLine(e.Message)}", e),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
