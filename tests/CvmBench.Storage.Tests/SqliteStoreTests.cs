using CvmBench.Measurement;
using CvmBench.Storage.Schema;
using CvmBench.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Tests;

/// <summary>The store contract on an SQLite file, and what only a file has: its folder, its header, its journal.</summary>
public sealed class SqliteStoreTests : StoreContract, IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Path => _temp.File("results.db");

    private protected override string Location => Path;

    private protected override object? Scalar(string sql) => Sql(Path, sql);

    private protected override void AssertIntact() => Assert.Equal("ok", Sql(Path, "PRAGMA integrity_check"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_new_store_is_created_with_its_folder_our_application_id_and_a_write_ahead_log()
    {
        string path = _temp.File(System.IO.Path.Combine("deeper", "results.db"));
        using (SqliteResultStore.Open(path)) { }
        Assert.Equal((long)SqliteResultStore.ApplicationId, Sql(path, "PRAGMA application_id"));
        Assert.Equal("wal", Sql(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public void A_store_from_before_fingerprints_gets_them_from_the_probes_it_kept()
    {
        // Version 1 of the schema, with one run from a probed machine and one imported peer run that has no probe.
        Sql(Path, $"PRAGMA application_id = {SqliteResultStore.ApplicationId};" + Migrations.CreateHistory + Migrations.All[0].Sql + $"""
            INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO runs VALUES ('probed', '2026-01-01T00:00:00.0000000Z', NULL, 'incomplete', 'cvmbench', '0.1.0', 'run', 0, 'h1');
            INSERT INTO environments VALUES ('probed', 'tdx', 'a TDX guest', '{Runs.Probe.Replace("\n", " ", StringComparison.Ordinal)}');
            INSERT INTO runs VALUES ('peer', '2026-01-01T00:00:00.0000000Z', NULL, 'complete', 'nvbandwidth', 'v0.8', 'import', 0, 'unknown');
            INSERT INTO environments VALUES ('peer', 'unknown', 'A100', '');
            """);
        using var store = SqliteResultStore.Open(Path);
        var runs = store.ListRuns().ToDictionary(r => r.Id);
        Assert.Equal(Runs.New().Environment.Fingerprint, runs["probed"].Fingerprint);
        Assert.Equal("", runs["peer"].Fingerprint);
        Assert.Equal((long)Migrations.Latest, Sql(Path, "SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public void A_store_from_before_source_hashes_migrates_and_keeps_its_runs()
    {
        // Version 3 of the schema, as the build before file hashes left it, with one run.
        Sql(Path, $"PRAGMA application_id = {SqliteResultStore.ApplicationId};" + Migrations.CreateHistory
            + string.Concat(Migrations.All.Where(m => m.Version <= 3).Select(m => m.Sql)) + """
            INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00.0000000Z'), (2, 'v2', '2026-01-01T00:00:00.0000000Z'), (3, 'v3', '2026-01-01T00:00:00.0000000Z');
            INSERT INTO runs VALUES ('old', '2026-01-01T00:00:00.0000000Z', NULL, 'complete', 'bandwidthTest', 'unknown', 'import', 0, 'unknown');
            INSERT INTO environments VALUES ('old', 'unknown', 'T4', '', '');
            """);
        using (var store = SqliteResultStore.Open(Path))
        {
            Assert.Equal("old", Assert.Single(store.ListRuns()).Id);
            var import = new Importers.ImportedRun(Runs.New(status: RunStatus.Complete, results: [Runs.Result()]), "test", [], SourceHash: new string('f', 64));
            Assert.Equal([null], store.AddImports([import]));
            Assert.Equal([import.Run.Id], store.AddImports([import with { Run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]) }]));
        }
        Assert.Equal((long)Migrations.Latest, Sql(Path, "SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal("", Sql(Path, "SELECT source_sha256 FROM runs WHERE id = 'old'"));
    }

    [Theory]
    [InlineData("CREATE TABLE runs (id TEXT PRIMARY KEY, notes TEXT);", "no schema history")]
    [InlineData("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT); INSERT INTO schema_migrations VALUES (1, 'v1', 'x'); CREATE TABLE runs (id TEXT);", "lacks the column")]
    [InlineData("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT); INSERT INTO schema_migrations VALUES (3, 'v3', 'x');", "records 1 step(s) up to version 3")]
    public void A_file_with_our_application_id_but_another_schema_is_refused_and_left_untouched(string schema, string complaint)
    {
        Sql(Path, $"PRAGMA application_id = {SqliteResultStore.ApplicationId}; {schema}");
        byte[] before = File.ReadAllBytes(Path);
        foreach (bool create in new[] { false, true })
        {
            var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(Path, create));
            Assert.Contains(complaint, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("already exists", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, File.ReadAllBytes(Path));
        Assert.False(File.Exists(Path + "-wal"));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_store_in_a_read_only_folder_can_be_read()
    {
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]);
        using (IResultStore store = SqliteResultStore.Open(Path))
        {
            store.AddRun(run);
        }
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_temp.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            byte[] before = File.ReadAllBytes(Path);
            using (var store = SqliteResultStore.Open(Path, create: false))
            {
                Assert.Equal(run.Id, Assert.Single(store.ListRuns()).Id);
                Assert.Equal(run.Results[0].Samples, store.LoadRun(store.ResolveRunId(run.Id[..8])).Results[0].Samples);
            }
            Assert.Equal(before, File.ReadAllBytes(Path));
        }
        finally
        {
            File.SetUnixFileMode(_temp.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("/dev/null", "a character device")]
    [InlineData("/dev/zero", "a character device")]
    public void A_device_as_the_store_is_refused_and_gets_no_journal(string path, string kind)
    {
        bool journalBefore = File.Exists(path + "-journal") || File.Exists(path + "-wal");
        foreach (bool create in new[] { false, true })
        {
            Assert.Equal($"{path} is {kind}, not a regular file; a results store is an SQLite file",
                Assert.Throws<StoreException>(() => SqliteResultStore.Open(path, create)).Message);
        }
        Assert.Equal(journalBefore, File.Exists(path + "-journal") || File.Exists(path + "-wal"));
    }

    [Fact]
    public void An_empty_file_is_no_store_to_a_command_that_only_reads_and_stays_empty()
    {
        File.WriteAllBytes(Path, []);
        Assert.Throws<StoreNotFoundException>(() => SqliteResultStore.Open(Path, create: false));
        Assert.Equal(0, new FileInfo(Path).Length);
    }

    [Fact]
    public void A_directory_as_the_store_is_refused()
    {
        Assert.Contains("is a directory", Assert.Throws<StoreException>(() => SqliteResultStore.Open(_temp.Path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data", "/home/u", "/data/cvmbench/results.db")]
    [InlineData("", "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    [InlineData(null, "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    [InlineData("relative/dir", "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    public void The_default_store_follows_the_xdg_data_directory(string? xdgDataHome, string home, string expected) =>
        Assert.Equal(expected, ResultStorePath.Default(xdgDataHome, home));

    [Theory]
    [InlineData("results.db")]
    [InlineData("/srv/host=a/results.db")]
    [InlineData("runs;v2 (hostname=gpu1).db")]
    public void A_path_is_an_sqlite_file_however_it_is_spelled(string path) =>
        Assert.False(Postgres.PostgresResultStore.Recognises(path));

    internal static object? Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
