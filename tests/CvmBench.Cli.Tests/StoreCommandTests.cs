using System.CommandLine;
using System.Security.Cryptography;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Cli.Tests;

public sealed class StoreCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-cli-" + Guid.NewGuid().ToString("N"));

    public StoreCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static (int Code, string Error) Cli(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        using var error = new StringWriter();
        int code = CommandRunner.Run(root, args, error);
        return (code, error.ToString());
    }

    [Fact]
    public void A_file_that_is_not_a_store_gets_one_line_exit_code_2_and_is_left_untouched()
    {
        string path = File("thesis.db");
        System.IO.File.WriteAllText(path, "Chapter 1\n");
        byte[] before = SHA256.HashData(System.IO.File.ReadAllBytes(path));

        foreach (string[] args in new[] { new[] { "runs", "--store", path }, ["import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), "--store", path] })
        {
            var (code, error) = Cli(args);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains("not a CvmBench results store", error, StringComparison.Ordinal);
        }
        Assert.Equal(before, SHA256.HashData(System.IO.File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_damaged_store_gets_one_line_exit_code_2_and_is_left_untouched()
    {
        string path = File("results.db");
        Assert.Equal(0, Cli("import", Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt"), Fixture("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt"), "--store", path).Code);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 4096; // the second page: a table's b-tree
            file.Write(Enumerable.Repeat((byte)0x5A, 4096).ToArray());
        }
        byte[] before = SHA256.HashData(System.IO.File.ReadAllBytes(path));

        var (code, error) = Cli("import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), "--store", path);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("is damaged", error, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(System.IO.File.ReadAllBytes(path)));
    }

    [Fact]
    public void A_malformed_file_names_its_line_and_nothing_is_imported()
    {
        string bad = File("broken.txt");
        var lines = System.IO.File.ReadAllLines(Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt"));
        lines[40] = "bandwidthTest-H2D-Pinned, Bandwidth = 7.1 GB/s, Time";
        System.IO.File.WriteAllLines(bad, lines);
        string store = File("results.db");
        Assert.Equal(0, Cli("import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), "--store", store).Code);

        var (code, error) = Cli("import", Fixture("bandwidthTest/a100-pcie-quick-pinned-and-pageable.txt"), bad, "--store", store);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"cvmbench: {bad}:41: malformed bandwidthTest CSV line", error, StringComparison.Ordinal);
        using var results = SqliteResultStore.Open(store);
        Assert.Single(results.ListRuns());
    }

    [Fact]
    public void Export_then_import_into_another_store_gives_back_the_same_document()
    {
        string first = File("first.db"), second = File("second.db"), json = File("run.json"), again = File("again.json");
        Assert.Equal(0, Cli("import", Fixture("nvbandwidth/dcgm-test-input-v0.5-verbose.json"), "--store", first).Code);
        string id;
        using (var store = SqliteResultStore.Open(first))
        {
            id = store.ListRuns()[0].Id;
        }
        Assert.Equal(0, Cli("export", id[..6], "--format", "json", "--out", json, "--store", first).Code);
        Assert.Equal(0, Cli("import", json, "--store", second).Code);
        Assert.Equal(0, Cli("export", id, "--out", again, "--store", second).Code);
        Assert.Equal(System.IO.File.ReadAllText(json), System.IO.File.ReadAllText(again));
        // Imported again: already there, so nothing is stored and nothing is wrong.
        Assert.Equal(0, Cli("import", json, "--store", second).Code);
        using var results = SqliteResultStore.Open(second, create: false);
        Assert.Single(results.ListRuns());
    }

    [Fact]
    public void A_csv_export_has_a_row_for_every_sample()
    {
        string store = File("results.db"), csv = File("run.csv");
        Assert.Equal(0, Cli("import", Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt"), "--store", store).Code);
        using (var results = SqliteResultStore.Open(store))
        {
            Assert.Equal(0, Cli("export", results.ListRuns()[0].Id, "--format", "csv", "--out", csv, "--store", store).Code);
        }
        Assert.Equal(1 + 81, System.IO.File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void A_report_of_imported_peer_runs_writes_both_pages_and_every_chart()
    {
        string store = File("results.db"), output = File("report");
        Assert.Equal(0, Cli("import", Fixture("bandwidthTest/a100-pcie-quick-pinned-and-pageable.txt"), Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt"),
            Fixture("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt"), "--store", store).Code);
        Assert.Equal(0, Cli("report", "--out", output, "--store", store).Code);

        string markdown = System.IO.File.ReadAllText(Path.Combine(output, "report.md"));
        foreach (string chart in new[] { "bandwidth-by-kind", "bandwidth-by-size-h2d", "bandwidth-by-size-d2h", "pageable-over-pinned" })
        {
            Assert.Contains($"]({chart}.png)", markdown, StringComparison.Ordinal);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, System.IO.File.ReadAllBytes(Path.Combine(output, chart + ".png"))[..4]);
            Assert.Contains("<svg ", System.IO.File.ReadAllText(Path.Combine(output, chart + ".svg")), StringComparison.Ordinal);
        }
        Assert.Contains("Not drawn: no run recorded its PCIe link", markdown, StringComparison.Ordinal);
        Assert.Contains("<img src=\"bandwidth-by-kind.png\"", System.IO.File.ReadAllText(Path.Combine(output, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_or_ambiguous_run_gets_exit_code_2()
    {
        string store = File("results.db");
        Assert.Equal(0, Cli("import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), Fixture("bandwidthTest/p100-pcie-quick-pinned-mbps.txt"), "--store", store).Code);
        Assert.Equal(ExitCodes.BadInput, Cli("export", "nothing-like-this", "--store", store).Code);
        Assert.Equal(ExitCodes.BadInput, Cli("compare", "", "x", "--store", store).Code);
        Assert.Equal(ExitCodes.BadInput, Cli("report", "--out", File("r"), "--store", File("missing.db")).Code);
        Assert.False(System.IO.File.Exists(File("missing.db")));
    }
}
