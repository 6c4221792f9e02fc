using System.Diagnostics;
using System.Security.Cryptography;
using CvmBench.Measurement;
using CvmBench.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CvmBench.Storage.Tests;

public class FaultTests
{
    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        using var temp = new TempDirectory();
        string path = temp.File("notes.db");
        File.WriteAllText(path, "these are my notes, not a database\n");
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("not a CvmBench results store", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Hash(path));
        Assert.Equal(["notes.db"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Another_programs_sqlite_database_is_refused_and_gets_no_tables()
    {
        using var temp = new TempDirectory();
        string path = temp.File("other.db");
        Sql(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat');");
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("SQLite database but not a CvmBench results store", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));
        Assert.Equal("photos", Sql(path, "SELECT group_concat(name) FROM sqlite_master"));
    }

    [Fact]
    public void A_damaged_store_is_refused_and_left_untouched()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (IResultStore store = SqliteResultStore.Open(path))
        {
            store.AddRuns([.. Enumerable.Range(0, 20).Select(_ => Runs.New(results: [Runs.Result(samples: 200)]))]);
        }
        // Scribble over the middle of the file, where the sample table's pages are.
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }
        byte[] before = Hash(path);

        var e = Assert.Throws<StoreException>(() => SqliteResultStore.Open(path));
        Assert.Contains("is damaged", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void A_store_written_by_a_newer_version_is_refused()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (SqliteResultStore.Open(path)) { }
        Sql(path, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'from the future', '2030-01-01T00:00:00.0000000Z')");
        Assert.Contains("newer than this cvmbench", Assert.Throws<StoreException>(() => SqliteResultStore.Open(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_killed_mid_run_leaves_the_run_incomplete_and_the_file_intact()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using var writer = Writer(path, "killed", tests: 0, samples: 50);
        int appended = 0;
        while (appended < 5 && writer.StandardOutput.ReadLine() is { } line)
        {
            appended = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        writer.Kill(); // SIGKILL: no handler, no finally, no flush
        writer.WaitForExit();

        Assert.Equal("ok", Sql(path, "PRAGMA integrity_check"));
        using IResultStore store = SqliteResultStore.Open(path);
        var run = store.LoadRun("killed");
        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.Null(run.Ended);
        Assert.True(run.Results.Count >= appended, $"{run.Results.Count} results stored, {appended} reported committed");
        Assert.All(run.Results, r => Assert.Equal(50, r.Samples.Count));
    }

    [Fact]
    public void Two_writers_at_once_lose_no_samples()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (SqliteResultStore.Open(path)) { }
        using var first = Writer(path, "first", tests: 200, samples: 100);
        using var second = Writer(path, "second", tests: 200, samples: 100);
        string firstOutput = first.StandardOutput.ReadToEnd(), secondOutput = second.StandardOutput.ReadToEnd();
        first.WaitForExit();
        second.WaitForExit();
        Assert.True(first.ExitCode == 0, first.StandardError.ReadToEnd());
        Assert.True(second.ExitCode == 0, second.StandardError.ReadToEnd());
        Assert.EndsWith("complete", firstOutput.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("complete", secondOutput.Trim(), StringComparison.Ordinal);

        using IResultStore store = SqliteResultStore.Open(path);
        Assert.All(store.ListRuns(), r => Assert.Equal((RunStatus.Complete, 200, 20000L), (r.Status, r.TestCount, r.SampleCount)));
        Assert.Equal(2, store.ListRuns().Count);
    }

    [Fact]
    public void Two_connections_on_two_threads_interleave_appends_without_loss()
    {
        using var temp = new TempDirectory();
        string path = temp.File("results.db");
        using (SqliteResultStore.Open(path)) { }
        // A store is one connection and, like it, belongs to one thread at a time.
        Parallel.For(0, 2, writer =>
        {
            using IResultStore store = SqliteResultStore.Open(path);
            string id = writer == 0 ? "a" : "b";
            store.AddRun(Runs.New(id));
            for (int i = 0; i < 20; i++)
            {
                store.AppendResult(id, Runs.Result(samples: 25, device: i));
            }
        });
        using IResultStore reader = SqliteResultStore.Open(path);
        Assert.Equal(1000, reader.LoadRun("a").Results.Sum(r => r.Samples.Count) + reader.LoadRun("b").Results.Sum(r => r.Samples.Count));
    }

    private static Process Writer(string path, string runId, int tests, int samples)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "CvmBench.Storage.Writer"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { path, runId, tests.ToString(System.Globalization.CultureInfo.InvariantCulture), samples.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("the writer did not start");
    }

    private static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));

    private static string? Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
