using CvmBench.Measurement;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Storage.Tests;

/// <summary>A run kept in the store as it is measured: incomplete from its start, each result as it arrives.</summary>
public class StoredRunSinkTests
{
    [Fact]
    public void A_run_is_stored_incomplete_before_its_first_result_and_complete_at_its_end()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var sink = new StoredRunSink(store);
        var header = Runs.New();

        sink.Begin(header);
        Assert.Equal(RunStatus.Incomplete, store.LoadRun(header.Id).Status);
        Assert.Empty(store.LoadRun(header.Id).Results);

        sink.Append(Runs.Result());
        sink.Append(Runs.Operation(OperationKind.HostCopy, "into 1 GiB", 1 << 26, 4));
        var stored = store.LoadRun(header.Id);
        Assert.Single(stored.Results);
        Assert.Single(stored.Operations);
        Assert.Equal(RunStatus.Incomplete, stored.Status);

        // The end stored is the one the run's record holds, so the store and the record agree.
        var ended = new DateTimeOffset(2026, 12, 6, 12, 30, 0, TimeSpan.Zero);
        sink.Complete(RunStatus.Complete, ended);
        Assert.Equal(RunStatus.Complete, store.LoadRun(header.Id).Status);
        Assert.Equal(ended, store.LoadRun(header.Id).Ended);
    }

    [Fact]
    public void A_run_that_stops_early_stays_incomplete_with_what_finished()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        var sink = new StoredRunSink(store);
        var header = Runs.New();
        sink.Begin(header);
        sink.Append(Runs.Result());

        sink.Complete(RunStatus.Incomplete, DateTimeOffset.Now);

        var stored = store.LoadRun(header.Id);
        Assert.Equal(RunStatus.Incomplete, stored.Status);
        Assert.Null(stored.Ended);
        Assert.Single(stored.Results);
    }

    [Fact]
    public void A_result_before_the_run_begins_is_refused()
    {
        using var temp = new TempDirectory();
        using IResultStore store = SqliteResultStore.Open(temp.File("results.db"));
        Assert.Throws<InvalidOperationException>(() => new StoredRunSink(store).Append(Runs.Result()));
    }
}
