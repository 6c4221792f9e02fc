using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage.Tests;
using CvmBench.Transfers;
using Npgsql;

namespace CvmBench.Cli.Tests;

/// <summary>The commands on a PostgreSQL store, store copy between kinds of store, and comparisons across machines.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FleetCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-fleet-" + Guid.NewGuid().ToString("N"));
    private PostgresDatabase? _database;

    public FleetCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _database?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>This test's PostgreSQL database, in keywords; skips the test without a server.</summary>
    private NpgsqlConnectionStringBuilder Server => new((_database ??= PostgresDatabase.Create()).ConnectionString);

    /// <summary>The same database as a URI, with the password in it.</summary>
    private string Postgres =>
        $"postgresql://{Server.Username}:{Uri.EscapeDataString(Server.Password!)}@{Server.Host}:{Server.Port}/{Server.Database}";

    private string File(string name) => Path.Combine(_folder, name);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static readonly string[] PeerOutputs =
    [
        Fixture("bandwidthTest/a100-pcie-quick-pinned-and-pageable.txt"),
        Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt"),
        Fixture("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt"),
    ];

    private static void Succeeds(params string[] args)
    {
        var (code, _, stderr) = CliHarness.Run(args);
        Assert.True(code == ExitCodes.Success, $"cvmbench {string.Join(' ', args)}: {stderr}");
    }

    /// <summary>Every run of a store as its JSON export, by id: every sample, in a form two stores can be compared by.</summary>
    private static Dictionary<string, string> Exports(string store)
    {
        var (code, stdout, stderr) = CliHarness.Run("runs", "--store", store);
        Assert.True(code == ExitCodes.Success, stderr);
        var exports = new Dictionary<string, string>();
        using var results = Storage.ResultStore.Open(store, create: false);
        foreach (var run in results.ListRuns())
        {
            Assert.Contains(run.Id[..8], stdout, StringComparison.Ordinal);
            var (exported, json, error) = CliHarness.Run("export", run.Id, "--store", store);
            Assert.True(exported == ExitCodes.Success, error);
            exports[run.Id] = json;
        }
        return exports;
    }

    [Fact]
    public void Store_copy_moves_every_sample_between_sqlite_files_and_skips_the_runs_already_there()
    {
        string first = File("first.db"), second = File("second.db");
        Succeeds(["import", .. PeerOutputs, "--store", first]);
        var (code, stdout, stderr) = CliHarness.Run("store", "copy", first, second);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.StartsWith("Copied 3 run(s), ", stdout, StringComparison.Ordinal);
        Assert.Contains("every sample arrived", stdout, StringComparison.Ordinal);
        Assert.Equal(Exports(first), Exports(second));
        // The copies keep their files' hashes: importing the files again stores nothing.
        (code, stdout, _) = CliHarness.Run(["import", .. PeerOutputs, "--store", second]);
        Assert.Equal((ExitCodes.Success, PeerOutputs.Length), (code, stdout.Split('\n').Count(l => l.Contains(": already stored as run ", StringComparison.Ordinal))));

        (code, stdout, _) = CliHarness.Run("store", "copy", first, second);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Copied 0 run(s)", stdout, StringComparison.Ordinal);
        Assert.Contains($"Skipped 3 run(s) already in {second}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_imported_before_a_copy_is_still_refused_as_a_duplicate_after_it_either_way_between_sqlite_and_postgresql()
    {
        string first = File("first.db"), back = File("back.db");
        Succeeds(["import", .. PeerOutputs, "--store", first]);
        Succeeds("store", "copy", first, Postgres);
        Succeeds("store", "copy", Postgres, back);
        foreach (string store in new[] { Postgres, back })
        {
            var (code, stdout, stderr) = CliHarness.Run(["import", .. PeerOutputs, "--store", store]);
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Equal(PeerOutputs.Length, stdout.Split('\n').Count(l => l.Contains(": already stored as run ", StringComparison.Ordinal)));
            Assert.Equal(3, Exports(store).Count);
        }
    }

    [Fact]
    public void Store_copy_goes_from_sqlite_to_postgresql_and_back_without_loss()
    {
        string first = File("first.db"), back = File("back.db");
        Succeeds(["import", .. PeerOutputs, "--store", first]);
        Succeeds("run", "--simulate", "--size", "64KiB", "--samples", "7", "--store", first);
        Succeeds("store", "copy", first, Postgres);
        Succeeds("store", "copy", Postgres, back);
        var original = Exports(first);
        Assert.Equal(4, original.Count);
        Assert.Equal(original, Exports(Postgres));
        Assert.Equal(original, Exports(back));
    }

    [Fact]
    public void Every_store_command_works_on_a_postgresql_server()
    {
        Succeeds(["import", .. PeerOutputs, "--store", Postgres]);
        Succeeds("run", "--simulate", "--size", "64KiB", "--samples", "3", "--store", Postgres);
        var ids = Exports(Postgres).Keys.ToList();
        Assert.Equal(4, ids.Count);
        Succeeds("compare", ids[0][..8], ids[1][..8], "--store", Postgres);
        Succeeds("compare", "--by-environment", "--baseline", "unknown", "--store", Postgres);
        Succeeds("runs", "--store", Postgres);
        Succeeds("export", ids[0][..8], "--store", Postgres);
        Succeeds("report", "--out", File("report"), "--store", Postgres);
        Assert.Contains("postgresql://", System.IO.File.ReadAllText(Path.Combine(File("report"), "report.md")), StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Password!, System.IO.File.ReadAllText(Path.Combine(File("report"), "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_on_a_store_not_created_yet_lists_nothing_on_a_file_and_on_a_server()
    {
        var (code, stdout, _) = CliHarness.Run("runs", "--store", File("none.db"));
        Assert.Equal((ExitCodes.Success, $"No results store at {File("none.db")} yet (cvmbench run or import creates it).\n"), (code, stdout));
        Assert.False(System.IO.File.Exists(File("none.db")));

        (code, stdout, _) = CliHarness.Run("runs", "--store", Postgres);
        Assert.Equal((ExitCodes.Success, $"No results store in postgresql://{Server.Username}@{Server.Host}:{Server.Port}/{Server.Database} yet (cvmbench run or import creates it).\n"),
            (code, stdout));
        Assert.Equal(ExitCodes.BadInput, CliHarness.Run("export", "abc", "--store", Postgres).Code);
    }

    [Fact]
    public void A_server_that_is_down_is_one_line_and_exit_code_2_for_every_store_command()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        string down = $"postgresql://fleet:s3cret@127.0.0.1:{port}/results";
        foreach (string[] args in new string[][]
        {
            ["runs", "--store", down], ["export", "abc", "--store", down], ["report", "--out", File("r"), "--store", down],
            ["compare", "--by-environment", "--store", down], ["import", PeerOutputs[0], "--store", down], ["store", "copy", down, File("x.db")],
        })
        {
            var (code, _, stderr) = CliHarness.Run(args);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Equal($"cvmbench: cannot connect to the results store postgresql://fleet@127.0.0.1:{port}/results: Failed to connect to 127.0.0.1:{port} (Connection refused)\n", stderr);
        }
    }

    [Fact]
    public void A_wrong_password_or_database_is_one_line_and_exit_code_2_without_the_password()
    {
        var keywords = Server;
        string wrongPassword = $"postgresql://{keywords.Username}:wrong-secret@{keywords.Host}:{keywords.Port}/{keywords.Database}";
        string wrongDatabase = $"Host={keywords.Host};Port={keywords.Port};Username={keywords.Username};Password={keywords.Password};Database=nowhere";
        foreach (var (store, expected) in new[] { (wrongPassword, "password authentication failed"), (wrongDatabase, "database \"nowhere\" does not exist") })
        {
            var (code, _, stderr) = CliHarness.Run("runs", "--store", store);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains(expected, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-secret", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(keywords.Password!, stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compare_by_environment_sets_each_class_against_the_baseline_class()
    {
        string store = File("fleet.db");
        Succeeds(["import", .. Fleet(), "--store", store]);

        var (code, stdout, stderr) = CliHarness.Run("compare", "--by-environment", "--baseline", "bare-metal", "--store", store);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("bare-metal (baseline): 2 run(s) on metal-1, metal-2", stdout, StringComparison.Ordinal);
        Assert.Contains("tdx: 2 run(s) on td-1, td-2", stdout, StringComparison.Ordinal);
        Assert.Contains("0.800 (-20.0%)", stdout, StringComparison.Ordinal);
        // Other spellings of a class name the same baseline, and print as its word.
        var (_, again, _) = CliHarness.Run("compare", "--by-environment", "--baseline", "BareMetal", "--store", store);
        Assert.Equal(stdout, again);

        Assert.Equal(ExitCodes.BadInput, CliHarness.Run("compare", "--by-environment", "--baseline", "snp", "--store", store).Code);
        Assert.Equal(ExitCodes.BadInput, CliHarness.Run("compare", "--baseline", "tdx", "--store", store).Code);
        Assert.Equal(ExitCodes.BadInput, CliHarness.Run("compare", "onlyone", "--store", store).Code);
    }

    [Fact]
    public void A_report_of_several_environments_compares_them_with_the_baseline()
    {
        string store = File("fleet.db"), output = File("report");
        Succeeds(["import", .. Fleet(), "--store", store]);
        Succeeds("report", "--out", output, "--baseline", "bare-metal", "--store", store);
        string markdown = System.IO.File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("## By environment", markdown, StringComparison.Ordinal);
        Assert.Contains("| pinned h2d ce | 64 MiB | tdx | 2 | 40.00 | 40.00 - 40.00 | 0.800 (-20.0%) | n < 6 |", markdown, StringComparison.Ordinal);
    }

    /// <summary>Two bare-metal machines at 50 GB/s and two TDX guests at 40, as JSON exports to import.</summary>
    private string[] Fleet() =>
    [
        .. new[] { ("metal-1", EnvironmentClass.BareMetal, 50.0), ("metal-2", EnvironmentClass.BareMetal, 50.0), ("td-1", EnvironmentClass.Tdx, 40.0), ("td-2", EnvironmentClass.Tdx, 40.0) }.Select(machine =>
        {
            const long Bytes = 1 << 26;
            var samples = Enumerable.Range(0, 8).Select(_ => new BandwidthSample(Bytes, (long)(Bytes / machine.Item3), (long)(Bytes / machine.Item3))).ToList();
            var stats = Statistics.Summarize([.. samples.Select(s => s.GigabytesPerSecond)]);
            var result = new CvmBench.Measurement.TestResult(new TransferTest(HostPath.Pinned, Direction.HostToDevice, CopyMethod.CopyEngine, Bytes, 0),
                samples, stats, stats, null, true, "test");
            var run = new RunRecord(Guid.NewGuid().ToString("N"), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Complete, "cvmbench", "0.1.0",
                "cvmbench run", false, new RunEnvironment(machine.Item1, machine.Item2, "test", "{}"), [result]);
            string path = File(machine.Item1 + ".json");
            System.IO.File.WriteAllText(path, JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
            return path;
        }),
    ];
}
