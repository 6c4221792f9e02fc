using CvmBench.Measurement;
using CvmBench.Storage.Schema;
using CvmBench.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Tests;

public class StoreTests
{
    [Fact]
    public void A_new_store_is_created_with_its_folder_and_the_latest_schema()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "deeper", "results.db");
        using (SqliteResultStore.Open(path)) { }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_migrations";
        Assert.Equal((long)Migrations.Latest, command.ExecuteScalar());
        command.CommandText = "PRAGMA application_id";
        Assert.Equal((long)SqliteResultStore.ApplicationId, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void Reopening_a_store_applies_no_step_twice()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (SqliteResultStore.Open(path)) { }
        using (SqliteResultStore.Open(path)) { }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal((long)Migrations.All.Count, command.ExecuteScalar());
    }

    [Fact]
    public void A_run_is_stored_incomplete_at_once_and_complete_only_when_marked()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var run = Runs.New();
        store.AddRun(run);
        Assert.Equal(RunStatus.Incomplete, store.LoadRun(run.Id).Status);
        Assert.Null(store.LoadRun(run.Id).Ended);

        var ended = new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);
        store.CompleteRun(run.Id, ended);
        var loaded = store.LoadRun(run.Id);
        Assert.Equal(RunStatus.Complete, loaded.Status);
        Assert.Equal(ended, loaded.Ended);
    }

    [Fact]
    public void Appended_results_keep_every_sample_in_order()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var run = Runs.New();
        store.AddRun(run);
        var first = Runs.Result(MemoryKind.Pinned, samples: 7);
        var second = Runs.Result(MemoryKind.Pageable, Direction.DeviceToHost, samples: 3, gigabytesPerSecond: 6);
        store.AppendResult(run.Id, first);
        store.AppendResult(run.Id, second);

        var loaded = store.LoadRun(run.Id);
        Assert.Equal([first.Test, second.Test], loaded.Results.Select(r => r.Test));
        Assert.Equal(first.Samples, loaded.Results[0].Samples);
        Assert.Equal(second.Samples, loaded.Results[1].Samples);
        Assert.Equal(first.Method, loaded.Results[0].Method);
        Assert.Equal(first.LinkEfficiency, loaded.Results[0].LinkEfficiency);
    }

    [Fact]
    public void Statistics_are_derived_again_from_the_stored_samples()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var result = Runs.Result(samples: 12);
        var run = Runs.New(results: [result]);
        store.AddRun(run);
        Assert.Equal(result.Bandwidth, store.LoadRun(run.Id).Results[0].Bandwidth);
        Assert.Equal(result.WallBandwidth, store.LoadRun(run.Id).Results[0].WallBandwidth);
    }

    [Fact]
    public void The_run_list_counts_tests_and_samples()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result(samples: 4), Runs.Result(MemoryKind.Pageable, samples: 6)]);
        store.AddRun(run);
        var summary = Assert.Single(store.ListRuns());
        Assert.Equal((run.Id, 2, 10L, "vm", true), (summary.Id, summary.TestCount, summary.SampleCount, summary.EnvironmentClass, summary.Simulated));
    }

    [Fact]
    public void A_run_id_may_be_given_by_an_unambiguous_prefix()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        store.AddRuns([Runs.New("abc123"), Runs.New("abd456")]);
        Assert.Equal("abc123", store.ResolveRunId("abc"));
        Assert.Equal("abd456", store.ResolveRunId("ABD"));
        Assert.Contains("matches 2 runs", Assert.Throws<StoreException>(() => store.ResolveRunId("ab")).Message, StringComparison.Ordinal);
        Assert.Contains("no run matches", Assert.Throws<StoreException>(() => store.ResolveRunId("zz")).Message, StringComparison.Ordinal);
        Assert.Throws<StoreException>(() => store.ResolveRunId("a%"));
    }

    [Fact]
    public void Storing_runs_is_all_or_nothing()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        store.AddRun(Runs.New("taken"));
        Assert.Throws<StoreException>(() => store.AddRuns([Runs.New("fresh", results: [Runs.Result()]), Runs.New("taken")]));
        Assert.Equal(["taken"], store.ListRuns().Select(r => r.Id));
    }

    [Fact]
    public void Results_cannot_be_added_to_a_complete_or_unknown_run()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        store.AddRun(Runs.New("done", RunStatus.Complete));
        Assert.Throws<StoreException>(() => store.AppendResult("done", Runs.Result()));
        Assert.Throws<StoreException>(() => store.AppendResult("missing", Runs.Result()));
        Assert.Throws<StoreException>(() => store.CompleteRun("done", DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("/data", "/home/u", "/data/cvmbench/results.db")]
    [InlineData("", "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    [InlineData(null, "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    [InlineData("relative/dir", "/home/u", "/home/u/.local/share/cvmbench/results.db")]
    public void The_default_store_follows_the_xdg_data_directory(string? xdgDataHome, string home, string expected) =>
        Assert.Equal(expected, ResultStorePath.Default(xdgDataHome, home));
}
