using System.Data.Common;
using System.Globalization;
using System.Text;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage.Importers;
using CvmBench.Storage.Schema;
using CvmBench.Transfers;

namespace CvmBench.Storage;

/// <summary>The store's reads and writes, written once for SQLite and PostgreSQL: one SQL text for both (named
/// <c>@parameters</c>, types and statements both accept). What differs is left to each store and kept to four
/// members: how a write transaction begins, how a read sees one snapshot, how a run's row is locked against a
/// concurrent writer, and which driver errors are the user's to fix. One instance is one connection: use it from one
/// thread at a time.</summary>
public abstract class SqlResultStore : IResultStore
{
    /// <summary>Samples per INSERT: one round trip for a typical test, well under both databases' limit on
    /// parameters in a statement (SQLite 32766, PostgreSQL 65535).</summary>
    private const int SamplesPerStatement = 1000;

    private readonly DbConnection _connection;

    private protected SqlResultStore(string location, DbConnection connection)
    {
        Location = location;
        _connection = connection;
    }

    public string Location { get; }

    /// <summary>A transaction for one write, taken so that two writers queue instead of failing halfway.</summary>
    private protected abstract DbTransaction BeginWrite();

    /// <summary>A transaction whose reads all see one snapshot, so a run loaded while another process appends to it
    /// never shows a test without its samples.</summary>
    private protected abstract DbTransaction BeginSnapshot();

    /// <summary>Appended to the query that reads a run's status before writing to it: locks the run's row until the
    /// transaction ends, where the write transaction does not already exclude other writers.</summary>
    private protected abstract string LockRow { get; }

    /// <summary>Keeps every other import of the file with this hash waiting until <paramref name="transaction"/> ends,
    /// where the write transaction does not already exclude other writers.</summary>
    private protected abstract void LockImport(DbTransaction transaction, string sourceHash);

    /// <summary>The error as the one line a user can act on (a damaged file, a refused login), or null when it is a
    /// failure of the machine or the network and stays what it is.</summary>
    private protected abstract StoreException? Translate(DbException e);

    public void AddRuns(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Write(transaction =>
        {
            foreach (var run in runs)
            {
                InsertRunWithResults(transaction, run, sourceHash: "");
            }
        });
    }

    public IReadOnlyList<string?> AddImports(IReadOnlyList<ImportedRun> importedRuns)
    {
        ArgumentNullException.ThrowIfNull(importedRuns);
        var existing = new string?[importedRuns.Count];
        Write(transaction =>
        {
            for (int i = 0; i < importedRuns.Count; i++)
            {
                var import = importedRuns[i];
                // Looked up inside the write transaction, under the file's lock, so two imports of one file at once
                // store it once.
                LockImport(transaction, import.SourceHash);
                using var query = Command(transaction, "SELECT id FROM runs WHERE id = @id OR (@hash <> '' AND source_sha256 = @hash) ORDER BY started_at LIMIT 1");
                Add(query, "@id", import.Run.Id);
                Add(query, "@hash", import.SourceHash);
                existing[i] = query.ExecuteScalar() as string;
                if (existing[i] is null)
                {
                    InsertRunWithResults(transaction, import.Run, import.SourceHash);
                }
            }
        });
        return existing;
    }

    private void InsertRunWithResults(DbTransaction transaction, RunRecord run, string sourceHash)
    {
        InsertRun(transaction, run, sourceHash);
        for (int i = 0; i < run.Results.Count; i++)
        {
            InsertResult(transaction, run.Id, i, run.Results[i]);
        }
        for (int i = 0; i < run.Operations.Count; i++)
        {
            InsertOperation(transaction, run.Id, i, run.Operations[i]);
        }
    }

    public void AppendResult(string runId, TestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Append(runId, "SELECT COALESCE(MAX(test_index) + 1, 0) FROM tests WHERE run_id = @run",
            (transaction, index) => InsertResult(transaction, runId, index, result));
    }

    public void AppendOperation(string runId, OperationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Append(runId, "SELECT COALESCE(MAX(operation_index) + 1, 0) FROM operations WHERE run_id = @run",
            (transaction, index) => InsertOperation(transaction, runId, index, result));
    }

    /// <summary>Inserts one row after the run's last, in one transaction, while the run is still incomplete.</summary>
    private void Append(string runId, string nextIndexSql, Action<DbTransaction, int> insert) => Write(transaction =>
    {
        RequireIncomplete(transaction, runId);
        using var next = Command(transaction, nextIndexSql);
        Add(next, "@run", runId);
        insert(transaction, Convert.ToInt32(next.ExecuteScalar(), CultureInfo.InvariantCulture));
    });

    public void CompleteRun(string runId, DateTimeOffset ended) => Write(transaction =>
    {
        RequireIncomplete(transaction, runId);
        using var update = Command(transaction, "UPDATE runs SET status = 'complete', ended_at = @ended WHERE id = @run");
        Add(update, "@ended", StoredText.Time(ended));
        Add(update, "@run", runId);
        update.ExecuteNonQuery();
    });

    public IReadOnlyList<RunSummary> ListRuns() => Read(() =>
    {
        using var query = _connection.CreateCommand();
        query.CommandText = """
            SELECT r.id, r.started_at, r.ended_at, r.status, r.tool, r.tool_version, r.simulated, r.host, e.fingerprint, e.class, e.summary,
                   (SELECT COUNT(*) FROM tests t WHERE t.run_id = r.id),
                   (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id) + (SELECT COUNT(*) FROM operation_samples s WHERE s.run_id = r.id),
                   (SELECT COUNT(*) FROM operations o WHERE o.run_id = r.id), r.source_sha256
            FROM runs r LEFT JOIN environments e ON e.run_id = r.id
            ORDER BY r.started_at, r.id
            """;
        using var reader = query.ExecuteReader();
        var runs = new List<RunSummary>();
        while (reader.Read())
        {
            runs.Add(new RunSummary(
                reader.GetString(0), StoredText.ParseTime(reader.GetString(1)),
                reader.IsDBNull(2) ? null : StoredText.ParseTime(reader.GetString(2)),
                StoredText.ParseStatus(reader.GetString(3)), reader.GetString(4), reader.GetString(5), reader.GetBoolean(6),
                reader.GetString(7), reader.IsDBNull(8) ? "" : reader.GetString(8),
                StoredText.ParseClass(reader.IsDBNull(9) ? null : reader.GetString(9)), reader.IsDBNull(10) ? "" : reader.GetString(10),
                checked((int)reader.GetInt64(11)), reader.GetInt64(12), checked((int)reader.GetInt64(13)), reader.GetString(14)));
        }
        return runs;
    });

    public RunRecord LoadRun(string runId) => Read(() =>
    {
        using var transaction = BeginSnapshot();
        RunRecord run;
        using (var query = Command(transaction, """
            SELECT r.started_at, r.ended_at, r.status, r.tool, r.tool_version, r.command_line, r.simulated, r.host,
                   e.class, e.summary, e.probe_json
            FROM runs r LEFT JOIN environments e ON e.run_id = r.id WHERE r.id = @run
            """))
        {
            Add(query, "@run", runId);
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                throw new StoreException($"no run {runId} in {Location}");
            }
            var environment = new RunEnvironment(reader.GetString(7),
                StoredText.ParseClass(reader.IsDBNull(8) ? null : reader.GetString(8)), reader.IsDBNull(9) ? "" : reader.GetString(9), reader.IsDBNull(10) ? "" : reader.GetString(10));
            run = new RunRecord(runId, StoredText.ParseTime(reader.GetString(0)),
                reader.IsDBNull(1) ? null : StoredText.ParseTime(reader.GetString(1)), StoredText.ParseStatus(reader.GetString(2)),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetBoolean(6), environment, []);
        }
        var samples = LoadGrouped(transaction, "SELECT test_index, bytes, nanoseconds, wall_nanoseconds FROM samples WHERE run_id = @run ORDER BY test_index, sample_index",
            runId, reader => new BandwidthSample(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        var results = new List<TestResult>();
        using (var query = Command(transaction, """
            SELECT test_index, memory_kind, direction, copy_method, bytes, device, bidirectional, verified, method_note, link_efficiency
            FROM tests WHERE run_id = @run ORDER BY test_index
            """))
        {
            Add(query, "@run", runId);
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
        var operations = LoadOperations(transaction, runId);
        transaction.Commit();
        return run with { Results = results, Operations = operations };
    });

    private List<OperationResult> LoadOperations(DbTransaction transaction, string runId)
    {
        var samples = LoadGrouped(transaction, "SELECT operation_index, bytes, nanoseconds FROM operation_samples WHERE run_id = @run ORDER BY operation_index, sample_index",
            runId, reader => new OperationSample(reader.GetInt64(1), reader.GetInt64(2)));
        var operations = new List<OperationResult>();
        using (var query = Command(transaction, """
            SELECT operation_index, operation, variant, bytes, threads, device, verified, method_note
            FROM operations WHERE run_id = @run ORDER BY operation_index
            """))
        {
            Add(query, "@run", runId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                if (!samples.TryGetValue(reader.GetInt32(0), out var list))
                {
                    throw new StoreException($"{Location} is damaged: operation {reader.GetInt32(0)} of run {runId} has no samples");
                }
                if (!OperationNames.TryParse(reader.GetString(1), out var operation))
                {
                    throw new StoreException($"{Location} is damaged: operation {reader.GetInt32(0)} of run {runId} is '{reader.GetString(1)}', which is not an operation");
                }
                var test = new OperationTest(operation, reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5));
                operations.Add(new OperationResult(test, list, reader.GetBoolean(6), reader.GetString(7)));
            }
        }
        return operations;
    }

    public string ResolveRunId(string idOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        string prefix = idOrPrefix.Trim().ToLowerInvariant();
        return Read(() =>
        {
            // LOWER on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
            using var query = _connection.CreateCommand();
            query.CommandText = "SELECT id FROM runs WHERE LOWER(id) LIKE @prefix ESCAPE '\\' ORDER BY id LIMIT 50";
            Add(query, "@prefix", EscapeLike(prefix) + "%");
            using var reader = query.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
            var exact = ids.Where(id => id.Equals(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            return exact.Count == 1 ? exact[0] : ids.Count switch
            {
                0 => throw new StoreException($"no run matches '{idOrPrefix}' in {Location} (see cvmbench runs)"),
                1 => ids[0],
                _ => throw new StoreException($"'{idOrPrefix}' matches {ids.Count} runs ({string.Join(", ", ids.Take(3))}{(ids.Count > 3 ? ", ..." : "")}); give more of the id"),
            };
        });
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Brings the schema up to date inside <paramref name="transaction"/>: the steps the store lacks, in
    /// order, each recorded. The caller holds whatever lock keeps two openers from migrating at once.</summary>
    private protected static void Migrate(DbTransaction transaction, string location)
    {
        Execute(transaction, Migrations.CreateHistory);
        int current;
        using (var version = Command(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        {
            current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        if (current > Migrations.Latest)
        {
            throw new StoreException($"{location} has schema version {current}, newer than this cvmbench understands ({Migrations.Latest}); use a newer cvmbench");
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current))
        {
            Execute(transaction, migration.Sql);
            if (migration.Version == Migrations.MachineFingerprints)
            {
                FillFingerprints(transaction);
            }
            using var record = Command(transaction, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @at)");
            Add(record, "@version", migration.Version);
            Add(record, "@description", migration.Description);
            Add(record, "@at", StoredText.Time(DateTimeOffset.UtcNow));
            record.ExecuteNonQuery();
        }
    }

    private protected static object? Scalar(DbTransaction transaction, string sql)
    {
        using var command = Command(transaction, sql);
        return command.ExecuteScalar();
    }

    private protected static void Execute(DbTransaction transaction, string sql)
    {
        using var command = Command(transaction, sql);
        command.ExecuteNonQuery();
    }

    /// <summary>The runs stored before fingerprints existed get theirs from the probe JSON they kept.</summary>
    private static void FillFingerprints(DbTransaction transaction)
    {
        var probes = new List<(string Run, string Probe)>();
        using (var query = Command(transaction, "SELECT run_id, probe_json FROM environments WHERE probe_json <> ''"))
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                probes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (run, probe) in probes)
        {
            using var update = Command(transaction, "UPDATE environments SET fingerprint = @fingerprint WHERE run_id = @run");
            Add(update, "@fingerprint", MachineFingerprint.Of(probe));
            Add(update, "@run", run);
            update.ExecuteNonQuery();
        }
    }

    private void InsertRun(DbTransaction transaction, RunRecord run, string sourceHash)
    {
        using (var exists = Command(transaction, "SELECT COUNT(*) FROM runs WHERE id = @id"))
        {
            Add(exists, "@id", run.Id);
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
            {
                throw new StoreException($"run {run.Id} is already stored in {Location}");
            }
        }
        using (var insert = Command(transaction, """
            INSERT INTO runs (id, started_at, ended_at, status, tool, tool_version, command_line, simulated, host, source_sha256)
            VALUES (@id, @started, @ended, @status, @tool, @version, @command, @simulated, @host, @source)
            """))
        {
            Add(insert, "@source", sourceHash);
            Add(insert, "@id", run.Id);
            Add(insert, "@started", StoredText.Time(run.Started));
            Add(insert, "@ended", run.Ended is { } ended ? StoredText.Time(ended) : null);
            Add(insert, "@status", StoredText.Status(run.Status));
            Add(insert, "@tool", run.Tool);
            Add(insert, "@version", run.ToolVersion);
            Add(insert, "@command", run.CommandLine);
            Add(insert, "@simulated", run.Simulated);
            Add(insert, "@host", run.Environment.Host);
            insert.ExecuteNonQuery();
        }
        using (var insert = Command(transaction, """
            INSERT INTO environments (run_id, class, summary, probe_json, fingerprint) VALUES (@id, @class, @summary, @probe, @fingerprint)
            """))
        {
            Add(insert, "@id", run.Id);
            Add(insert, "@class", EnvironmentClassNames.ToText(run.Environment.Class));
            Add(insert, "@summary", run.Environment.Summary);
            Add(insert, "@probe", run.Environment.ProbeJson);
            Add(insert, "@fingerprint", run.Environment.Fingerprint);
            insert.ExecuteNonQuery();
        }
    }

    private static void InsertResult(DbTransaction transaction, string runId, int index, TestResult result)
    {
        if (result.Samples.Count == 0)
        {
            throw new ArgumentException($"test {result.Test.Name} has no samples; a result without samples cannot be stored", nameof(result));
        }
        var test = result.Test;
        using (var insert = Command(transaction, """
            INSERT INTO tests (run_id, test_index, memory_kind, direction, copy_method, bytes, device, bidirectional, verified, method_note, link_efficiency)
            VALUES (@run, @index, @memory, @direction, @method, @bytes, @device, @bidirectional, @verified, @note, @efficiency)
            """))
        {
            Add(insert, "@run", runId);
            Add(insert, "@index", index);
            Add(insert, "@memory", HostPathNames.ToText(test.Memory));
            Add(insert, "@direction", DirectionNames.ToText(test.Direction));
            Add(insert, "@method", StoredText.Method(test.Method));
            Add(insert, "@bytes", test.Bytes);
            Add(insert, "@device", test.Device);
            Add(insert, "@bidirectional", test.Bidirectional);
            Add(insert, "@verified", result.Verified);
            Add(insert, "@note", result.Method);
            Add(insert, "@efficiency", result.LinkEfficiency);
            insert.ExecuteNonQuery();
        }
        InsertRows(transaction, "samples (run_id, test_index, sample_index, bytes, nanoseconds, wall_nanoseconds)", runId, index, result.Samples,
            (sample, i) => [i, sample.Bytes, sample.Nanoseconds, sample.WallNanoseconds]);
    }

    private static void InsertOperation(DbTransaction transaction, string runId, int index, OperationResult result)
    {
        if (result.Samples.Count == 0)
        {
            throw new ArgumentException($"operation {result.Test.Name} has no samples; a result without samples cannot be stored", nameof(result));
        }
        var test = result.Test;
        using (var insert = Command(transaction, """
            INSERT INTO operations (run_id, operation_index, operation, variant, bytes, threads, device, verified, method_note)
            VALUES (@run, @index, @operation, @variant, @bytes, @threads, @device, @verified, @note)
            """))
        {
            Add(insert, "@run", runId);
            Add(insert, "@index", index);
            Add(insert, "@operation", OperationNames.ToText(test.Operation));
            Add(insert, "@variant", test.Variant);
            Add(insert, "@bytes", test.Bytes);
            Add(insert, "@threads", test.Threads);
            Add(insert, "@device", test.Device);
            Add(insert, "@verified", result.Verified);
            Add(insert, "@note", result.Method);
            insert.ExecuteNonQuery();
        }
        InsertRows(transaction, "operation_samples (run_id, operation_index, sample_index, bytes, nanoseconds)", runId, index, result.Samples,
            (sample, i) => [i, sample.Bytes, sample.Nanoseconds]);
    }

    private void RequireIncomplete(DbTransaction transaction, string runId)
    {
        using var query = Command(transaction, "SELECT status FROM runs WHERE id = @run" + LockRow);
        Add(query, "@run", runId);
        switch (query.ExecuteScalar())
        {
            case null:
                throw new StoreException($"no run {runId} in {Location}");
            case "complete":
                throw new StoreException($"run {runId} is already complete; results cannot be added to it");
        }
    }

    private void Write(Action<DbTransaction> work) => Read(() =>
    {
        using var transaction = BeginWrite();
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
        catch (DbException e) when (Translate(e) is { } refusal)
        {
            throw refusal;
        }
        catch (FormatException e)
        {
            throw new StoreException($"{Location} is damaged: {e.Message}", e);
        }
    }

    /// <summary>A run's sample rows, grouped by the index (the query's first column) of the test or operation they belong to.</summary>
    private static Dictionary<int, List<T>> LoadGrouped<T>(DbTransaction transaction, string sql, string runId, Func<DbDataReader, T> row)
    {
        var groups = new Dictionary<int, List<T>>();
        using var query = Command(transaction, sql);
        Add(query, "@run", runId);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            int index = reader.GetInt32(0);
            if (!groups.TryGetValue(index, out var list))
            {
                groups[index] = list = [];
            }
            list.Add(row(reader));
        }
        return groups;
    }

    /// <summary>Inserts the rows of one run's item (a test or an operation), up to <see cref="SamplesPerStatement"/> rows
    /// per statement: one round trip per batch on either database. Each row is the run id, the item's index, then
    /// <paramref name="columns"/> of the row and its position.</summary>
    private static void InsertRows<T>(DbTransaction transaction, string table, string runId, int index, IReadOnlyList<T> rows, Func<T, int, object?[]> columns)
    {
        for (int start = 0; start < rows.Count; start += SamplesPerStatement)
        {
            int count = Math.Min(SamplesPerStatement, rows.Count - start);
            var sql = new StringBuilder($"INSERT INTO {table} VALUES ");
            using var insert = Command(transaction, "");
            Add(insert, "@run", runId);
            Add(insert, "@item", index);
            for (int i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? "(@run, @item" : ", (@run, @item");
                object?[] values = columns(rows[start + i], start + i);
                for (int c = 0; c < values.Length; c++)
                {
                    string name = string.Create(CultureInfo.InvariantCulture, $"@v{i}_{c}");
                    sql.Append(", ").Append(name);
                    Add(insert, name, values[c]);
                }
                sql.Append(')');
            }
            insert.CommandText = sql.ToString();
            insert.ExecuteNonQuery();
        }
    }

    private static DbCommand Command(DbTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

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
}
