using System.Net;
using System.Net.Sockets;
using CvmBench.Measurement;
using Npgsql;

namespace CvmBench.Storage.Tests;

/// <summary>The store contract on a PostgreSQL server, and what only a server has: logins, databases, schemas and
/// the standard places a password comes from.</summary>
public sealed class PostgresStoreTests : StoreContract, IDisposable
{
    private PostgresDatabase? _database;

    /// <summary>Created on first use, inside the test, so that a machine without a server skips it.</summary>
    private PostgresDatabase Database => _database ??= PostgresDatabase.Create();

    private protected override string Location => Database.ConnectionString;

    private protected override object? Scalar(string sql) => Database.Scalar(sql);

    public void Dispose() => _database?.Dispose();

    [Fact]
    public void The_tables_live_in_their_own_schema_beside_other_programs_tables()
    {
        Database.Scalar("CREATE TABLE public.runs (id INTEGER PRIMARY KEY, name TEXT)");
        using (var store = ResultStore.Open(Location, create: true))
        {
            store.AddRun(Runs.New("ours", results: [Runs.Result()]));
        }
        Assert.Equal("ours", Database.Scalar("SELECT id FROM cvmbench.runs"));
        Assert.Equal(0L, Database.Scalar("SELECT COUNT(*) FROM public.runs"));
    }

    [Fact]
    public void A_store_named_by_uri_and_by_keywords_is_the_same_store()
    {
        var keywords = new NpgsqlConnectionStringBuilder(Location);
        string uri = $"postgresql://{keywords.Username}:{Uri.EscapeDataString(keywords.Password!)}@{keywords.Host}:{keywords.Port}/{keywords.Database}?application_name=cvmbench-tests";
        using (var store = ResultStore.Open(uri, create: true))
        {
            store.AddRun(Runs.New("by-uri"));
            Assert.Equal($"postgresql://{keywords.Username}@{keywords.Host}:{keywords.Port}/{keywords.Database}", store.Location);
        }
        using var again = ResultStore.Open(Location, create: false);
        Assert.Equal(["by-uri"], again.ListRuns().Select(r => r.Id));
    }

    [Fact]
    public void A_server_that_is_down_is_one_line_that_names_it_without_the_password()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var e = Assert.Throws<StoreException>(() => ResultStore.Open($"postgresql://fleet:s3cret-pw@127.0.0.1:{port}/results", create: true));
        Assert.Equal($"cannot connect to the results store postgresql://fleet@127.0.0.1:{port}/results: Failed to connect to 127.0.0.1:{port} (Connection refused)", e.Message);
    }

    [Fact]
    public void A_wrong_password_is_one_line_that_does_not_repeat_it()
    {
        var wrong = new NpgsqlConnectionStringBuilder(Location) { Password = "not-the-password" };
        var e = Assert.Throws<StoreException>(() => ResultStore.Open(wrong.ConnectionString, create: true));
        Assert.Contains($"password authentication failed for user \"{wrong.Username}\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_database_that_does_not_exist_is_one_line_that_names_it()
    {
        var missing = new NpgsqlConnectionStringBuilder(Location) { Database = "no_such_database" };
        var e = Assert.Throws<StoreException>(() => ResultStore.Open(missing.ConnectionString, create: true));
        Assert.EndsWith("/no_such_database: database \"no_such_database\" does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_may_come_from_PGPASSWORD()
    {
        var withoutPassword = new NpgsqlConnectionStringBuilder(Location);
        string password = withoutPassword.Password!;
        withoutPassword.Password = null;
        using var writer = WriterProcess.Start(withoutPassword.ConnectionString, "from-env", tests: 2, samples: 5,
            new Dictionary<string, string?> { ["PGPASSWORD"] = password, ["PGPASSFILE"] = null });
        WriterProcess.Finish(writer);
        using var store = ResultStore.Open(Location, create: false);
        Assert.Equal(10, store.LoadRun("from-env").Results.Sum(r => r.Samples.Count));
    }

    [Fact]
    public void The_password_may_come_from_the_pgpass_file_in_home()
    {
        var withoutPassword = new NpgsqlConnectionStringBuilder(Location);
        string password = withoutPassword.Password!;
        withoutPassword.Password = null;
        using var home = new TempDirectory();
        string pgpass = home.File(".pgpass");
        File.WriteAllText(pgpass, $"# host:port:database:user:password\n{withoutPassword.Host}:{withoutPassword.Port}:*:{withoutPassword.Username}:{password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite); // as libpq wants it
        }
        using var writer = WriterProcess.Start($"postgresql://{withoutPassword.Username}@{withoutPassword.Host}:{withoutPassword.Port}/{withoutPassword.Database}",
            "from-pgpass", tests: 1, samples: 3, new Dictionary<string, string?> { ["HOME"] = home.Path, ["PGPASSWORD"] = null, ["PGPASSFILE"] = null });
        WriterProcess.Finish(writer);
        using var store = ResultStore.Open(Location, create: false);
        Assert.Equal("from-pgpass", Assert.Single(store.ListRuns()).Id);
    }

    [Fact]
    public void One_file_imported_from_many_machines_at_once_is_stored_once()
    {
        using (ResultStore.Open(Location, create: true)) { }
        const int Machines = 8;
        string hash = new('d', 64);
        using var start = new Barrier(Machines);
        var found = new string?[Machines];
        // Each machine its own connection, each with a run of its own (an import's run id is fresh), the same file.
        Parallel.For(0, Machines, new ParallelOptions { MaxDegreeOfParallelism = Machines }, machine =>
        {
            using var store = ResultStore.Open(Location, create: true);
            var import = new Importers.ImportedRun(Runs.New($"machine-{machine}", RunStatus.Complete, results: [Runs.Result()]), "test", [], hash);
            start.SignalAndWait();
            found[machine] = store.AddImports([import])[0];
        });

        using var read = ResultStore.Open(Location, create: false);
        string stored = Assert.Single(read.ListRuns()).Id;
        Assert.Equal(hash, read.ListRuns()[0].SourceHash);
        Assert.Equal(Machines - 1, found.Count(id => id == stored));
        Assert.Single(found, id => id is null);
    }

    [Fact]
    public void A_store_opened_to_read_reads_and_refuses_every_write()
    {
        using (var writer = ResultStore.Open(Location, create: true))
        {
            writer.AddRun(Runs.New("stored", results: [Runs.Result()]));
        }
        using var store = ResultStore.Open(Location, create: false);

        Assert.Equal("stored", Assert.Single(store.ListRuns()).Id);
        Assert.Single(store.LoadRun("stored").Results);
        Assert.ThrowsAny<Exception>(() => store.AddRun(Runs.New("written")));
        Assert.ThrowsAny<Exception>(() => store.AppendResult("stored", Runs.Result()));
        Assert.ThrowsAny<Exception>(() => store.AddImports([new Importers.ImportedRun(Runs.New("imported"), "test", [], new string('e', 64))]));
        Assert.Equal(0L, Database.Scalar("SELECT COUNT(*) FROM runs WHERE id <> 'stored'"));
        Assert.Equal(1L, Database.Scalar("SELECT COUNT(*) FROM tests"));
    }
}
