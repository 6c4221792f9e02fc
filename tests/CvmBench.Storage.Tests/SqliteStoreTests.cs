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
