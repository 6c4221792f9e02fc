using System.Diagnostics;
using CvmBench.Cli.BandwidthTest;
using CvmBench.Measurement;
using CvmBench.Storage.Importers;
using CvmBench.Storage.Sqlite;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

/// <summary>import, and the files and stores every command reads: bad values and odd files are one line and exit
/// code 2, a file imported twice is stored once, and what our own bandwidthtest prints imports again.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-import-" + Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Store => Path.Combine(_folder, "results.db");

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("2147483648")]
    [InlineData("0")]
    [InlineData("99999999")]
    public void A_buffer_size_that_is_not_a_whole_number_of_mebibytes_is_one_line(string value)
    {
        string error = CliHarness.RunBadInput("import", Fixture("nvbandwidth/a100-sxm4-h2d-sm-v0.8.txt"), "--nvbandwidth-buffer-mib", value, "--store", Store);
        // Text that is no whole number is refused by the command line's own check; a whole number out of range by the import.
        Assert.Contains("--nvbandwidth-buffer-mib", error, StringComparison.Ordinal);
        Assert.Contains(value.Length == 0 ? "empty value" : $"{value}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public void The_same_file_imported_twice_is_stored_once_and_the_second_import_says_so()
    {
        string file = Fixture("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt");
        string copy = Path.Combine(_folder, "same-bytes.txt");
        File.Copy(file, copy);
        Assert.Equal(0, CliHarness.Run("import", file, "--store", Store).Code);

        var (code, stdout, stderr) = CliHarness.Run("import", file, copy, "--store", Store);
        Assert.Equal(0, code);
        using var store = SqliteResultStore.Open(Store, create: false);
        string id = Assert.Single(store.ListRuns()).Id;
        Assert.Contains($"{file}: already stored as run {id}; not stored again", stdout, StringComparison.Ordinal);
        Assert.Contains($"{copy}: already stored as run {id}; not stored again", stdout, StringComparison.Ordinal);
        Assert.Contains("stored 0 run(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_imported_into_the_store_it_came_from_is_not_stored_again()
    {
        Assert.Equal(0, CliHarness.Run("import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), "--store", Store).Code);
        string id;
        using (var store = SqliteResultStore.Open(Store, create: false))
        {
            id = Assert.Single(store.ListRuns()).Id;
        }
        string export = Path.Combine(_folder, "run.json");
        Assert.Equal(0, CliHarness.Run("export", id, "--out", export, "--store", Store).Code);
        var (code, stdout, _) = CliHarness.Run("import", export, "--store", Store);
        Assert.Equal(0, code);
        Assert.Contains($"already stored as run {id}", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bandwidthTest-H2D-Pinned, Bandwidth = 12.5 GB/s, Time = 0.00256 s, Size = 0 bytes, NumDevsUsed = 1\n", ":1: bandwidthTest printed a transfer size of 0 bytes")]
    [InlineData("bandwidthTest-H2D-Pinned, Bandwidth = 12.5 GB/s, Time = 0.00256 s, Size = 32000000 bytes, NumDevsUsed = 0\n", ":1: bandwidthTest printed 0 device(s) used")]
    [InlineData("bandwidthTest-H2D-Paged, Bandwidth = 40000.0 GB/s, Time = 0.00000 s, Size = 32000000 bytes, NumDevsUsed = 1\n", ":1: a rate of 40000 GB/s is above what any host-to-GPU link moves")]
    [InlineData("bandwidthTest-D2H-Pinned, Bandwidth = -7.0 GB/s, Time = 0.00256 s, Size = 32000000 bytes, NumDevsUsed = 1\n", ":1: a rate of -7 GB/s is not positive")]
    [InlineData("nvbandwidth Version: v0.8\n\nRunning host_to_device_memcpy_ce.\nmemcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)\n           0\n 0     25.1", "cut short")]
    public void A_bad_import_is_one_line_exit_code_2_and_stores_nothing(string content, string complaint)
    {
        string good = Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), bad = Path.Combine(_folder, "bad.txt");
        File.WriteAllText(bad, content);
        Assert.Contains(complaint, CliHarness.RunBadInput("import", good, bad, "--store", Store), StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/urandom", "is a character device, not a regular file")]
    [InlineData("/tmp", "is a directory, not a file")]
    public void A_file_that_is_not_a_regular_file_is_refused_before_it_is_read(string path, string complaint)
    {
        Assert.Contains($"cannot read import file {path}: it {complaint}", CliHarness.RunBadInput("import", path, "--store", Store), StringComparison.Ordinal);
        Assert.Contains($"cannot read parameters file {path}: it {complaint}", CliHarness.RunBadInput("model", "--parameters", path), StringComparison.Ordinal);
        Assert.False(File.Exists(Store));
    }

    [Fact]
    public void A_fifo_is_refused_wherever_a_file_is_read()
    {
        string fifo = Path.Combine(_folder, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }
        Assert.Contains("is a FIFO, not a regular file", CliHarness.RunBadInput("import", fifo, "--store", Store), StringComparison.Ordinal);
        Assert.Contains("is a FIFO, not a regular file", CliHarness.RunBadInput("model", "--parameters", fifo), StringComparison.Ordinal);
        Assert.Contains("is a FIFO, not a regular file", CliHarness.RunBadInput("model", "--calibrate-from", fifo), StringComparison.Ordinal);
        Assert.Contains("is a FIFO, not a regular file", CliHarness.RunBadInput("emulate", "--from-run", fifo), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs")]
    [InlineData("import")]
    public void A_device_as_the_store_is_one_line_and_leaves_no_journal(string command)
    {
        bool before = File.Exists("/dev/null-journal");
        string[] args = command == "import" ? ["import", Fixture("bandwidthTest/tesla-t4-quick-pinned.txt"), "--store", "/dev/null"] : [command, "--store", "/dev/null"];
        Assert.Contains("/dev/null is a character device, not a regular file", CliHarness.RunBadInput(args), StringComparison.Ordinal);
        Assert.Equal(before, File.Exists("/dev/null-journal"));
    }

    public static TheoryData<HostPath, bool, bool> OwnOutputs() => new()
    {
        { HostPath.Pinned, false, false }, { HostPath.Pinned, false, true }, { HostPath.Pageable, false, false }, { HostPath.Pageable, false, true },
        { HostPath.Staged, false, false }, { HostPath.Staged, false, true }, { HostPath.Pinned, true, false }, { HostPath.Pinned, true, true },
    };

    [Theory]
    [MemberData(nameof(OwnOutputs))]
    public void What_our_bandwidthtest_prints_imports_again_with_its_numbers(HostPath memory, bool writeCombined, bool csv)
    {
        var rows = new List<(long Size, double GigabytesPerSecond)> { (1024, 1.5), (32_000_000, 25.3) };
        var text = new System.Text.StringBuilder(BandwidthTestReport.Header([(0, "NVIDIA H100 80GB HBM3")], all: false, BandwidthTestMode.Range));
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost, Direction.DeviceToDevice })
        {
            text.Append(csv ? BandwidthTestReport.Csv(rows, direction, memory, 1, writeCombined) : BandwidthTestReport.Readable(rows, direction, memory, 1, writeCombined));
        }
        text.Append(BandwidthTestReport.Footer(passed: true, simulated: false));
        string path = Path.Combine(_folder, "ours.txt");
        File.WriteAllText(path, text.ToString());

        var imported = ResultImporter.Read(path, new ImportOptions()).Run.Results;
        Assert.Equal(6, imported.Count);
        var expected = writeCombined ? HostPath.WriteCombined : memory;
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            var result = imported.Single(r => r.Test.Direction == direction && r.Test.Bytes == 32_000_000);
            Assert.Equal(expected, result.Test.Memory);
            Assert.Equal(25.3, result.Bandwidth.Median, 3);
        }
        Assert.Equal(2, imported.Count(r => r.Test.Direction == Direction.DeviceToDevice));
    }
}
