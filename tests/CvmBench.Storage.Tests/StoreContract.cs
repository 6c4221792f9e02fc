using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage.Schema;
using CvmBench.Transfers;

namespace CvmBench.Storage.Tests;

/// <summary>What every store does, whatever it keeps its runs in: each kind runs these against a store of its own.</summary>
public abstract class StoreContract
{
    /// <summary>The store as <c>--store</c> names it: a file path or a connection string.</summary>
    private protected abstract string Location { get; }

    /// <summary>Runs SQL on the store's tables directly, behind the store's back.</summary>
    private protected abstract object? Scalar(string sql);

    /// <summary>Checks, after a writer was killed, what only this kind of store can check (a file's integrity).</summary>
    private protected virtual void AssertIntact() { }

    private IResultStore Open(bool create = true) => ResultStore.Open(Location, create);

    [Fact]
    public void A_new_store_has_every_schema_step_and_reopening_applies_none_twice()
    {
        using (Open()) { }
        using (Open()) { }
        Assert.Equal((long)Migrations.Latest, Convert.ToInt64(Scalar("SELECT MAX(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)Migrations.All.Count, Convert.ToInt64(Scalar("SELECT COUNT(*) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_command_that_only_reads_never_creates_a_store()
    {
        Assert.Contains("no results store", Assert.Throws<StoreNotFoundException>(() => Open(create: false)).Message, StringComparison.Ordinal);
        using (Open()) { }
        using (Open(create: false)) { }
    }

    [Fact]
    public void A_run_is_stored_incomplete_at_once_and_complete_only_when_marked()
    {
        using var store = Open();
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
    public void Operations_are_stored_with_every_sample_beside_the_runs_copies()
    {
        using var store = Open();
        var run = Runs.New(results: [Runs.Result()]) with
        {
            Operations = [Runs.Operation(OperationKind.Register, "4KiB touched", 1 << 20, 7), Runs.Operation(OperationKind.AesGcmSeal, "tag/4KiB", 64 << 20, 5, threads: 4)],
        };
        store.AddRun(run);
        store.AppendOperation(run.Id, Runs.Operation(OperationKind.EmulatedTransfer, "tdx bounce modeled h2d", 4096, 3));

        var loaded = store.LoadRun(run.Id);
        Assert.Single(loaded.Results);
        Assert.Equal(3, loaded.Operations.Count);
        Assert.Equal(run.Operations[1].Test, loaded.Operations[1].Test);
        Assert.Equal(run.Operations[0].Samples, loaded.Operations[0].Samples);
        Assert.True(loaded.Operations[2].Verified);
        Assert.Equal("one call each, host clock", loaded.Operations[2].Method);

        var summary = Assert.Single(store.ListRuns(), r => r.Id == run.Id);
        Assert.Equal((1, 3), (summary.TestCount, summary.OperationCount));
        Assert.Equal(run.Results[0].Samples.Count + 7 + 5 + 3, summary.SampleCount);
    }

    [Fact]
    public void Operations_cannot_be_added_to_a_complete_run()
    {
        using var store = Open();
        var run = Runs.New(status: RunStatus.Complete);
        store.AddRun(run);
        Assert.Throws<StoreException>(() => store.AppendOperation(run.Id, Runs.Operation(OperationKind.Register, "4KiB touched", 4096, 1)));
    }

    [Fact]
    public void Appended_results_keep_every_sample_in_order()
    {
        using var store = Open();
        var run = Runs.New();
        store.AddRun(run);
        var first = Runs.Result(HostPath.Pinned, samples: 7);
        var second = Runs.Result(HostPath.Pageable, Direction.DeviceToHost, samples: 3, gigabytesPerSecond: 6);
        var many = Runs.Result(HostPath.Registered, samples: 2500);
        store.AppendResult(run.Id, first);
        store.AppendResult(run.Id, second);
        store.AppendResult(run.Id, many);

        var loaded = store.LoadRun(run.Id);
        Assert.Equal([first.Test, second.Test, many.Test], loaded.Results.Select(r => r.Test));
        Assert.Equal(first.Samples, loaded.Results[0].Samples);
        Assert.Equal(second.Samples, loaded.Results[1].Samples);
        Assert.Equal(many.Samples, loaded.Results[2].Samples);
        Assert.Equal(first.Method, loaded.Results[0].Method);
        Assert.Equal(first.LinkEfficiency, loaded.Results[0].LinkEfficiency);
    }

    [Fact]
    public void A_run_comes_back_as_it_was_stored()
    {
        using var store = Open();
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result(samples: 12), Runs.Result(HostPath.Pageable, bidirectional: true, efficiency: null)]);
        store.AddRun(run);
        var back = store.LoadRun(run.Id);
        Assert.Equal((run.Started, run.Ended, run.Status, run.Tool, run.ToolVersion, run.CommandLine, run.Simulated, run.Environment),
            (back.Started, back.Ended, back.Status, back.Tool, back.ToolVersion, back.CommandLine, back.Simulated, back.Environment));
        Assert.Equal(run.Results.Select(r => (r.Test, r.Bandwidth, r.WallBandwidth, r.LinkEfficiency, r.Verified, r.Method)),
            back.Results.Select(r => (r.Test, r.Bandwidth, r.WallBandwidth, r.LinkEfficiency, r.Verified, r.Method)));
    }

    [Fact]
    public void The_run_list_counts_tests_and_samples_and_names_the_machine()
    {
        using var store = Open();
        var run = Runs.New(status: RunStatus.Complete, results: [Runs.Result(samples: 4), Runs.Result(HostPath.Pageable, samples: 6)]);
        store.AddRun(run);
        var summary = Assert.Single(store.ListRuns());
        Assert.Equal((run.Id, 2, 10L, EnvironmentClass.Vm, true), (summary.Id, summary.TestCount, summary.SampleCount, summary.EnvironmentClass, summary.Simulated));
        Assert.Equal(("test-host", run.Environment.Fingerprint), (summary.Host, summary.Fingerprint));
        Assert.Equal(12, summary.Fingerprint.Length);
    }

    [Fact]
    public void A_run_id_may_be_given_by_an_unambiguous_prefix()
    {
        using var store = Open();
        store.AddRuns([Runs.New("abc123"), Runs.New("abd456"), Runs.New("Mixed9")]);
        Assert.Equal("abc123", store.ResolveRunId("abc"));
        Assert.Equal("abd456", store.ResolveRunId("ABD"));
        Assert.Equal("Mixed9", store.ResolveRunId("mixed"));
        Assert.Contains("matches 2 runs", Assert.Throws<StoreException>(() => store.ResolveRunId("ab")).Message, StringComparison.Ordinal);
        Assert.Contains("no run matches", Assert.Throws<StoreException>(() => store.ResolveRunId("zz")).Message, StringComparison.Ordinal);
        Assert.Throws<StoreException>(() => store.ResolveRunId("a%"));
    }

    [Fact]
    public void Storing_runs_is_all_or_nothing()
    {
        using var store = Open();
        store.AddRun(Runs.New("taken"));
        Assert.Throws<StoreException>(() => store.AddRuns([Runs.New("fresh", results: [Runs.Result()]), Runs.New("taken")]));
        Assert.Equal(["taken"], store.ListRuns().Select(r => r.Id));
    }

    [Fact]
    public void Results_cannot_be_added_to_a_complete_or_unknown_run()
    {
        using var store = Open();
        store.AddRun(Runs.New("done", RunStatus.Complete));
        Assert.Throws<StoreException>(() => store.AppendResult("done", Runs.Result()));
        Assert.Throws<StoreException>(() => store.AppendResult("missing", Runs.Result()));
        Assert.Throws<StoreException>(() => store.CompleteRun("done", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void An_import_is_stored_once_by_its_file_content_and_an_export_once_by_its_run_id()
    {
        using var store = Open();
        var first = new Importers.ImportedRun(Runs.New(status: RunStatus.Complete, results: [Runs.Result()]), "test", [], SourceHash: new string('a', 64));
        var again = first with { Run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]) };
        var other = again with { Run = Runs.New(status: RunStatus.Complete, results: [Runs.Result()]), SourceHash = new string('b', 64) };
        var export = new Importers.ImportedRun(first.Run, "cvmbench JSON export", [], SourceHash: new string('c', 64));

        Assert.Equal([null], store.AddImports([first]));
        Assert.Equal([first.Run.Id, null, first.Run.Id], store.AddImports([again, other, export]));
        Assert.Equal((first.SourceHash, other.SourceHash), (store.ListRuns().Single(r => r.Id == first.Run.Id).SourceHash, store.ListRuns().Single(r => r.Id == other.Run.Id).SourceHash));
        Assert.Equal(new[] { first.Run.Id, other.Run.Id }.Order(StringComparer.Ordinal), store.ListRuns().Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Runs_stored_without_a_file_never_match_an_import()
    {
        using var store = Open();
        store.AddRun(Runs.New(status: RunStatus.Complete, results: [Runs.Result()]));
        var import = new Importers.ImportedRun(Runs.New(status: RunStatus.Complete, results: [Runs.Result()]), "test", []);
        Assert.Equal([null], store.AddImports([import]));
        Assert.Equal(2, store.ListRuns().Count);
    }

    [Fact]
    public void A_store_written_by_a_newer_version_is_refused()
    {
        using (Open()) { }
        Scalar("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'from the future', '2030-01-01T00:00:00.0000000Z')");
        Assert.Contains("newer than this cvmbench", Assert.Throws<StoreException>(() => Open()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_killed_mid_run_leaves_the_run_incomplete_with_what_it_committed()
    {
        using var writer = WriterProcess.Start(Location, "killed", tests: 0, samples: 50);
        int appended = 0;
        while (appended < 5 && writer.StandardOutput.ReadLine() is { } line)
        {
            appended = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        writer.Kill(); // SIGKILL: no handler, no finally, no flush
        writer.WaitForExit();

        AssertIntact();
        using var store = Open();
        var run = store.LoadRun("killed");
        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.Null(run.Ended);
        Assert.True(run.Results.Count >= appended, $"{run.Results.Count} results stored, {appended} reported committed");
        Assert.All(run.Results, r => Assert.Equal(50, r.Samples.Count));
    }

    [Fact]
    public void Several_writing_processes_at_once_lose_no_sample()
    {
        using (Open()) { }
        var writers = Enumerable.Range(0, 4).Select(i => WriterProcess.Start(Location, $"writer{i}", tests: 100, samples: 100)).ToList();
        foreach (var writer in writers)
        {
            WriterProcess.Finish(writer);
            writer.Dispose();
        }

        using var store = Open();
        var runs = store.ListRuns();
        Assert.Equal(["writer0", "writer1", "writer2", "writer3"], runs.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.Equal((RunStatus.Complete, 100, 10_000L), (r.Status, r.TestCount, r.SampleCount)));
        Assert.All(runs, r => Assert.Equal(Enumerable.Range(0, 100), store.LoadRun(r.Id).Results.Select(t => t.Test.Device)));
    }

    [Fact]
    public void Two_connections_on_two_threads_interleave_appends_without_loss()
    {
        using (Open()) { }
        // A store is one connection and, like it, belongs to one thread at a time.
        Parallel.For(0, 2, writer =>
        {
            using var store = Open();
            string id = writer == 0 ? "a" : "b";
            store.AddRun(Runs.New(id));
            for (int i = 0; i < 20; i++)
            {
                store.AppendResult(id, Runs.Result(samples: 25, device: i));
            }
        });
        using var reader = Open();
        Assert.Equal(1000, reader.LoadRun("a").Results.Sum(r => r.Samples.Count) + reader.LoadRun("b").Results.Sum(r => r.Samples.Count));
    }
}
