using System.Text;
using CvmBench.Measurement;
using CvmBench.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Sqlite;

/// <summary>The results store in one SQLite file: WAL so readers never block the writer, a busy timeout so two
/// writers queue instead of failing, one transaction per write. A file that is not ours, or is damaged, is refused
/// before anything is written to it. One instance is one connection: use it from one thread at a time (open one per
/// thread or process; they coordinate through SQLite's locks).</summary>
public sealed class SqliteResultStore : IResultStore
{
    /// <summary>SQLite's application_id for a CvmBench store: "CVMB" in ASCII. It sits in the file header, so a
    /// foreign database is recognised without reading its tables.</summary>
    public const int ApplicationId = 0x43564D42;

    private const int BusyTimeoutSeconds = 30;
    private const int SqlitePermission = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCannotOpen = 14;
    private const int SqliteNotADatabase = 26;
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;

    private SqliteResultStore(string path, SqliteConnection connection)
    {
        Location = path;
        _connection = connection;
    }

    public string Location { get; }

    /// <summary>Opens the store at <paramref name="path"/>, creating it (and its folder) if there is no file yet and
    /// <paramref name="create"/> allows, and brings its schema up to date.</summary>
    /// <exception cref="StoreException">The file is not a CvmBench store, is damaged, is newer than this build, or is
    /// missing and may not be created.</exception>
    public static SqliteResultStore Open(string path, bool create = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        var file = new FileInfo(path);
        if (!file.Exists && !create)
        {
            throw new StoreException($"no results store at {path} yet (cvmbench run or import creates it)");
        }
        if (file.Exists && file.Length > 0)
        {
            // Checked read-only first: a foreign or damaged file must not get a WAL, a journal or our tables.
            Verify(path);
        }
        else if (file.Directory is { Exists: false } directory)
        {
            directory.Create();
        }
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            Migrate(connection, path);
            return new SqliteResultStore(path, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Translate(e, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void AddRuns(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Write(transaction =>
        {
            foreach (var run in runs)
            {
                InsertRun(transaction, run);
                for (int i = 0; i < run.Results.Count; i++)
                {
                    InsertResult(transaction, run.Id, i, run.Results[i]);
                }
            }
        });
    }

    public void AppendResult(string runId, TestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(transaction =>
        {
            RequireIncomplete(transaction, runId);
            using var next = Command(transaction, "SELECT COALESCE(MAX(test_index) + 1, 0) FROM tests WHERE run_id = $run");
            next.Parameters.AddWithValue("$run", runId);
            InsertResult(transaction, runId, Convert.ToInt32(next.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), result);
        });
    }

    public void CompleteRun(string runId, DateTimeOffset ended) => Write(transaction =>
    {
        RequireIncomplete(transaction, runId);
        using var update = Command(transaction, "UPDATE runs SET status = 'complete', ended_at = $ended WHERE id = $run");
        update.Parameters.AddWithValue("$ended", StoredText.Time(ended));
        update.Parameters.AddWithValue("$run", runId);
        update.ExecuteNonQuery();
    });

    public IReadOnlyList<RunSummary> ListRuns() => Read(() =>
    {
        using var query = Command(null, """
            SELECT r.id, r.started_at, r.ended_at, r.status, r.tool, r.tool_version, r.simulated, r.host, e.class, e.summary,
                   (SELECT COUNT(*) FROM tests t WHERE t.run_id = r.id),
                   (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id)
            FROM runs r LEFT JOIN environments e ON e.run_id = r.id
            ORDER BY r.started_at, r.id
            """);
        using var reader = query.ExecuteReader();
        var runs = new List<RunSummary>();
        while (reader.Read())
        {
            runs.Add(new RunSummary(
                reader.GetString(0), StoredText.ParseTime(reader.GetString(1)),
                reader.IsDBNull(2) ? null : StoredText.ParseTime(reader.GetString(2)),
                StoredText.ParseStatus(reader.GetString(3)), reader.GetString(4), reader.GetString(5), reader.GetBoolean(6),
                reader.GetString(7), reader.IsDBNull(8) ? "unknown" : reader.GetString(8), reader.IsDBNull(9) ? "" : reader.GetString(9),
                reader.GetInt32(10), reader.GetInt64(11)));
        }
        return runs;
    });

    public RunRecord LoadRun(string runId) => Read(() =>
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        RunRecord run;
        using (var query = Command(transaction, """
            SELECT r.started_at, r.ended_at, r.status, r.tool, r.tool_version, r.command_line, r.simulated, r.host,
                   e.class, e.summary, e.probe_json
            FROM runs r LEFT JOIN environments e ON e.run_id = r.id WHERE r.id = $run
            """))
        {
            query.Parameters.AddWithValue("$run", runId);
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                throw new StoreException($"no run {runId} in {Location}");
            }
            var environment = new RunEnvironment(reader.GetString(7),
                reader.IsDBNull(8) ? "unknown" : reader.GetString(8), reader.IsDBNull(9) ? "" : reader.GetString(9), reader.IsDBNull(10) ? "" : reader.GetString(10));
            run = new RunRecord(runId, StoredText.ParseTime(reader.GetString(0)),
                reader.IsDBNull(1) ? null : StoredText.ParseTime(reader.GetString(1)), StoredText.ParseStatus(reader.GetString(2)),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetBoolean(6), environment, []);
        }
        var samples = new Dictionary<int, List<BandwidthSample>>();
        using (var query = Command(transaction, "SELECT test_index, bytes, nanoseconds, wall_nanoseconds FROM samples WHERE run_id = $run ORDER BY test_index, sample_index"))
        {
            query.Parameters.AddWithValue("$run", runId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                int test = reader.GetInt32(0);
                if (!samples.TryGetValue(test, out var list))
                {
                    samples[test] = list = [];
                }
                list.Add(new BandwidthSample(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        var results = new List<TestResult>();
        using (var query = Command(transaction, """
            SELECT test_index, memory_kind, direction, copy_method, bytes, device, bidirectional, verified, method_note, link_efficiency
            FROM tests WHERE run_id = $run ORDER BY test_index
            """))
        {
            query.Parameters.AddWithValue("$run", runId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                var test = new TransferTest(StoredText.ParseMemory(reader.GetString(1)), StoredText.ParseDirection(reader.GetString(2)),
                    StoredText.ParseMethod(reader.GetString(3)), reader.GetInt64(4), reader.GetInt32(5), reader.GetBoolean(6));
                if (!samples.TryGetValue(reader.GetInt32(0), out var list))
                {
                    throw new StoreException($"{Location} is damaged: test {reader.GetInt32(0)} of run {runId} has no samples");
                }
                results.Add(TestResults.FromSamples(test, list, reader.IsDBNull(9) ? null : reader.GetDouble(9), reader.GetBoolean(7), reader.GetString(8)));
            }
        }
        transaction.Commit();
        return run with { Results = results };
    });

    public string ResolveRunId(string idOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        string prefix = idOrPrefix.Trim().ToLowerInvariant();
        return Read(() =>
        {
            using var query = Command(null, "SELECT id FROM runs WHERE id = $id OR id LIKE $prefix ESCAPE '\\' ORDER BY id LIMIT 50");
            query.Parameters.AddWithValue("$id", prefix);
            query.Parameters.AddWithValue("$prefix", EscapeLike(prefix) + "%");
            using var reader = query.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
            return ids.Contains(prefix) ? prefix : ids.Count switch
            {
                0 => throw new StoreException($"no run matches '{idOrPrefix}' in {Location} (see cvmbench runs)"),
                1 => ids[0],
                _ => throw new StoreException($"'{idOrPrefix}' matches {ids.Count} runs ({string.Join(", ", ids.Take(3))}{(ids.Count > 3 ? ", ..." : "")}); give more of the id"),
            };
        });
    }

    public void Dispose() => _connection.Dispose();

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        // Pooled connections would keep the file open after Dispose; a CLI opens it once anyway.
        Pooling = false,
        DefaultTimeout = BusyTimeoutSeconds,
    }.ToString();

    /// <summary>Refuses a file that is not a CvmBench store, or is damaged, without writing to it.</summary>
    private static void Verify(string path)
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
        using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
        try
        {
            connection.Open();
            long applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id"), System.Globalization.CultureInfo.InvariantCulture);
            if (applicationId != ApplicationId)
            {
                throw new StoreException($"{path} is an SQLite database but not a CvmBench results store; nothing was written");
            }
            string check = Convert.ToString(Scalar(connection, "PRAGMA quick_check(1)"), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (check != "ok")
            {
                throw new StoreException($"{path} is damaged ({OneLine(check)}); nothing was written");
            }
        }
        catch (SqliteException e)
        {
            throw Translate(e, path);
        }
    }

    /// <summary>Applies the steps this store lacks, in one transaction; a concurrent opener waits, then finds them
    /// applied. A new file gets our application_id in the same transaction.</summary>
    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        long applicationId = Convert.ToInt64(Scalar(connection, "PRAGMA application_id", transaction), System.Globalization.CultureInfo.InvariantCulture);
        if (applicationId != ApplicationId)
        {
            long objects = Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM sqlite_master", transaction), System.Globalization.CultureInfo.InvariantCulture);
            if (applicationId != 0 || objects != 0)
            {
                throw new StoreException($"{path} is an SQLite database but not a CvmBench results store; nothing was written");
            }
            Execute(connection, $"PRAGMA application_id = {ApplicationId}", transaction);
        }
        Execute(connection, Migrations.CreateHistory, transaction);
        int current = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Latest)
        {
            throw new StoreException($"{path} has schema version {current}, newer than this cvmbench understands ({Migrations.Latest}); use a newer cvmbench");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            Execute(connection, migration.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($version, $description, $at)";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$description", migration.Description);
            record.Parameters.AddWithValue("$at", StoredText.Time(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private void InsertRun(SqliteTransaction transaction, RunRecord run)
    {
        using (var exists = Command(transaction, "SELECT COUNT(*) FROM runs WHERE id = $id"))
        {
            exists.Parameters.AddWithValue("$id", run.Id);
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                throw new StoreException($"run {run.Id} is already stored in {Location}");
            }
        }
        using (var insert = Command(transaction, """
            INSERT INTO runs (id, started_at, ended_at, status, tool, tool_version, command_line, simulated, host)
            VALUES ($id, $started, $ended, $status, $tool, $version, $command, $simulated, $host)
            """))
        {
            insert.Parameters.AddWithValue("$id", run.Id);
            insert.Parameters.AddWithValue("$started", StoredText.Time(run.Started));
            insert.Parameters.AddWithValue("$ended", run.Ended is { } ended ? StoredText.Time(ended) : DBNull.Value);
            insert.Parameters.AddWithValue("$status", StoredText.Status(run.Status));
            insert.Parameters.AddWithValue("$tool", run.Tool);
            insert.Parameters.AddWithValue("$version", run.ToolVersion);
            insert.Parameters.AddWithValue("$command", run.CommandLine);
            insert.Parameters.AddWithValue("$simulated", run.Simulated);
            insert.Parameters.AddWithValue("$host", run.Environment.Host);
            insert.ExecuteNonQuery();
        }
        using (var insert = Command(transaction, "INSERT INTO environments (run_id, class, summary, probe_json) VALUES ($id, $class, $summary, $probe)"))
        {
            insert.Parameters.AddWithValue("$id", run.Id);
            insert.Parameters.AddWithValue("$class", run.Environment.Class);
            insert.Parameters.AddWithValue("$summary", run.Environment.Summary);
            insert.Parameters.AddWithValue("$probe", run.Environment.ProbeJson);
            insert.ExecuteNonQuery();
        }
    }

    private void InsertResult(SqliteTransaction transaction, string runId, int index, TestResult result)
    {
        if (result.Samples.Count == 0)
        {
            throw new ArgumentException($"test {result.Test.Name} has no samples; a result without samples cannot be stored", nameof(result));
        }
        var test = result.Test;
        using (var insert = Command(transaction, """
            INSERT INTO tests (run_id, test_index, memory_kind, direction, copy_method, bytes, device, bidirectional, verified, method_note, link_efficiency)
            VALUES ($run, $index, $memory, $direction, $method, $bytes, $device, $bidirectional, $verified, $note, $efficiency)
            """))
        {
            insert.Parameters.AddWithValue("$run", runId);
            insert.Parameters.AddWithValue("$index", index);
            insert.Parameters.AddWithValue("$memory", MemoryKindNames.ToText(test.Memory));
            insert.Parameters.AddWithValue("$direction", DirectionNames.ToText(test.Direction));
            insert.Parameters.AddWithValue("$method", StoredText.Method(test.Method));
            insert.Parameters.AddWithValue("$bytes", test.Bytes);
            insert.Parameters.AddWithValue("$device", test.Device);
            insert.Parameters.AddWithValue("$bidirectional", test.Bidirectional);
            insert.Parameters.AddWithValue("$verified", result.Verified);
            insert.Parameters.AddWithValue("$note", result.Method);
            insert.Parameters.AddWithValue("$efficiency", result.LinkEfficiency is { } e ? e : DBNull.Value);
            insert.ExecuteNonQuery();
        }
        using var sample = Command(transaction, """
            INSERT INTO samples (run_id, test_index, sample_index, bytes, nanoseconds, wall_nanoseconds)
            VALUES ($run, $test, $index, $bytes, $ns, $wall)
            """);
        sample.Parameters.AddWithValue("$run", runId);
        sample.Parameters.AddWithValue("$test", index);
        var sampleIndex = sample.Parameters.Add("$index", SqliteType.Integer);
        var bytes = sample.Parameters.Add("$bytes", SqliteType.Integer);
        var ns = sample.Parameters.Add("$ns", SqliteType.Integer);
        var wall = sample.Parameters.Add("$wall", SqliteType.Integer);
        sample.Prepare();
        for (int i = 0; i < result.Samples.Count; i++)
        {
            sampleIndex.Value = i;
            bytes.Value = result.Samples[i].Bytes;
            ns.Value = result.Samples[i].Nanoseconds;
            wall.Value = result.Samples[i].WallNanoseconds;
            sample.ExecuteNonQuery();
        }
    }

    private void RequireIncomplete(SqliteTransaction transaction, string runId)
    {
        using var query = Command(transaction, "SELECT status FROM runs WHERE id = $run");
        query.Parameters.AddWithValue("$run", runId);
        switch (query.ExecuteScalar())
        {
            case null:
                throw new StoreException($"no run {runId} in {Location}");
            case "complete":
                throw new StoreException($"run {runId} is already complete; results cannot be added to it");
        }
    }

    /// <summary>One write transaction, taken IMMEDIATE so a second writer waits on the busy timeout at BEGIN instead
    /// of failing later on a lock upgrade.</summary>
    private void Write(Action<SqliteTransaction> work) => Read(() =>
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        work(transaction);
        transaction.Commit();
        return true;
    });

    private T Read<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw Translate(e, Location);
        }
        catch (FormatException e)
        {
            throw new StoreException($"{Location} is damaged: {e.Message}", e);
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
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
    private static Exception Translate(SqliteException e, string path) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => new StoreException($"{path} is damaged ({OneLine(e.Message)}); nothing was written", e),
        SqliteCannotOpen or SqliteReadOnly or SqlitePermission => new StoreException($"{path}: {OneLine(e.Message)}", e),
        _ => e,
    };

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
