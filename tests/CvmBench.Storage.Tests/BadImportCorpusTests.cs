using System.Diagnostics;
using CvmBench.Storage.Files;
using CvmBench.Storage.Importers;

namespace CvmBench.Storage.Tests;

/// <summary>Files an import must refuse, each with one line that names the file and what is wrong: impossible
/// sizes, device counts and rates, malformed and cut-short outputs, files that are not regular files.</summary>
public class BadImportCorpusTests
{
    private static string BandwidthCsv(string rate = "12.5", string size = "32000000", string devices = "1") =>
        $"bandwidthTest-H2D-Pinned, Bandwidth = {rate} GB/s, Time = 0.00256 s, Size = {size} bytes, NumDevsUsed = {devices}\n";

    private static string Readable(string heading, string row) =>
        $"[CUDA Bandwidth Test] - Starting...\nRunning on...\n\n Device 0: GPU\n Quick Mode\n\n {heading}\n PINNED Memory Transfers\n   Transfer Size (Bytes)\tBandwidth(GB/s)\n   {row}\n\nResult = PASS\n";

    private static string NvbandwidthText(string cell) =>
        $"nvbandwidth Version: v0.8\n\nRunning host_to_device_memcpy_ce.\nmemcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)\n           0\n 0 {cell}\n\nSUM host_to_device_memcpy_ce {cell}\n\n"
        + "NOTE: The reported results may not reflect the full capabilities of the platform.\n";

    private static string NvbandwidthJson(string cell) =>
        "{\"nvbandwidth\": {\"version\": \"v0.8\", \"testcases\": [{\"name\": \"host_to_device_memcpy_ce\", \"status\": \"Passed\", \"bandwidth_matrix\": [[\"" + cell + "\"]]}]}}";

    /// <summary>A run export whose one sample has these bytes and nanoseconds.</summary>
    private static string Export(long bytes, long nanoseconds)
    {
        using var writer = new StringWriter();
        new Exchange.JsonRunExporter().Write(Runs.New(status: Measurement.RunStatus.Complete, results: [Runs.Result(samples: 1)]), writer);
        var root = System.Text.Json.Nodes.JsonNode.Parse(writer.ToString())!;
        var sample = root["results"]![0]!["samples"]![0]!;
        sample["bytes"] = bytes;
        sample["nanoseconds"] = nanoseconds;
        return root.ToJsonString();
    }

    public static TheoryData<string, string, string> Corpus() => new()
    {
        { "csv-zero-bytes", BandwidthCsv(size: "0"), "must be positive" },
        { "csv-negative-bytes", BandwidthCsv(size: "-4096"), "must be positive" },
        { "csv-bytes-overflow", BandwidthCsv(size: "99999999999999999999999"), "fits in 64 bits" },
        { "csv-no-devices", BandwidthCsv(devices: "0"), "at least one GPU" },
        { "csv-negative-devices", BandwidthCsv(devices: "-2"), "at least one GPU" },
        { "csv-devices-overflow", BandwidthCsv(devices: "99999999999"), "at least one GPU" },
        { "csv-zero-rate", BandwidthCsv(rate: "0.0"), "not positive" },
        { "csv-negative-rate", BandwidthCsv(rate: "-3.5"), "not positive" },
        { "csv-absurd-rate", BandwidthCsv(rate: "12000.0"), "above what any host-to-GPU link moves" },
        { "csv-absurd-device-rate", "bandwidthTest-D2D, Bandwidth = 25000.0 GB/s, Time = 0.00001 s, Size = 32000000 bytes, NumDevsUsed = 1\n", "above what any GPU's memory moves" },
        { "csv-infinite-rate", BandwidthCsv(rate: "inf"), "not a number that can be stored" },
        { "csv-nan-rate", BandwidthCsv(rate: "-nan"), "not a number that can be stored" },
        { "csv-cut-mid-line", "bandwidthTest-H2D-Pinned, Bandwidth = 12.5 GB/s, Ti", "malformed bandwidthTest CSV line" },
        { "csv-unknown-memory", "bandwidthTest-H2D-Cached, Bandwidth = 12.5 GB/s, Time = 0.00256 s, Size = 32000000 bytes, NumDevsUsed = 1\n", "malformed" },
        { "readable-no-devices", Readable("Host to Device Bandwidth, 0 Device(s)", "32000000\t\t\t12.5"), "at least one GPU" },
        { "readable-zero-bytes", Readable("Host to Device Bandwidth, 1 Device(s)", "0\t\t\t12.5"), "must be positive" },
        { "readable-negative-rate", Readable("Host to Device Bandwidth, 1 Device(s)", "32000000\t\t\t-1.0"), "not positive" },
        { "readable-absurd-rate", Readable("Host to Device Bandwidth, 1 Device(s)", "32000000\t\t\t99999.0"), "above what any" },
        { "readable-failed", Readable("Host to Device Bandwidth, 1 Device(s)", "32000000\t\t\t12.5").Replace("PASS", "FAIL", StringComparison.Ordinal), "Result = FAIL" },
        { "readable-no-table", "[CUDA Bandwidth Test] - Starting...\nRunning on...\n", "no results" },
        { "nvbandwidth-negative-cell", NvbandwidthText("-3.00"), "not a positive rate" },
        { "nvbandwidth-absurd-cell", NvbandwidthText("99999.00"), "above what any" },
        { "nvbandwidth-text-cell", NvbandwidthText("fast"), "not a positive rate" },
        { "nvbandwidth-no-sum", NvbandwidthText("25.00")[..NvbandwidthText("25.00").IndexOf("SUM", StringComparison.Ordinal)], "cut short" },
        { "nvbandwidth-no-note", NvbandwidthText("25.00")[..NvbandwidthText("25.00").IndexOf("NOTE", StringComparison.Ordinal)], "cut short" },
        { "nvbandwidth-running-only", "nvbandwidth Version: v0.8\n\nRunning host_to_device_memcpy_ce.\n", "cut short" },
        { "nvbandwidth-second-cpu-row", NvbandwidthText("25.00").Replace(" 0 25.00\n", " 0 25.00\n 1 25.00\n", StringComparison.Ordinal), "one CPU row" },
        { "nvbandwidth-json-negative", NvbandwidthJson("-1"), "not a positive rate" },
        { "nvbandwidth-json-absurd", NvbandwidthJson("1e9"), "above what any" },
        { "nvbandwidth-json-text", NvbandwidthJson("abc"), "not a positive rate" },
        { "nvbandwidth-json-cut", NvbandwidthJson("25.0")[..40], "not valid JSON" },
        { "nvbandwidth-json-no-testcases", "{\"nvbandwidth\": {\"error\": \"cuInit failed\"}}", "\"testcases\" is missing" },
        { "export-zero-bytes", Export(0, 1000), "must be positive" },
        { "export-negative-time", Export(1024, -5), "must be positive" },
        { "export-absurd-rate", Export(1L << 30, 1), "above what any" },
        { "json-empty-object", "{}", "neither nvbandwidth's nor a cvmbench run export" },
        { "json-deep", new string('{', 1) + string.Concat(Enumerable.Repeat("\"a\":{", 5000)) + new string('}', 5001), "not valid JSON" },
        { "empty", "", "not bandwidthTest or nvbandwidth output" },
        { "prose", "GPU went fast today\n", "not bandwidthTest or nvbandwidth output" },
        { "binary", "\u0000\u0001\u00ff\ufffd garbage \u0007", "not bandwidthTest or nvbandwidth output" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_bad_file_is_refused_with_one_line_naming_it(string name, string content, string complaint)
    {
        using var temp = new TempDirectory();
        string path = temp.File(name + ".txt");
        File.WriteAllText(path, content);
        var e = Assert.ThrowsAny<FormatException>(() => ResultImporter.Read(path, new ImportOptions()));
        Assert.True(e is ImportException or InputFileException, $"{e.GetType().Name}: {e.Message}");
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(complaint, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/urandom", "a character device")]
    [InlineData("/dev/null", "a character device")]
    public void A_device_is_refused_before_it_is_read(string path, string kind)
    {
        var e = Assert.Throws<InputFileException>(() => ResultImporter.Read(path, new ImportOptions()));
        Assert.Equal($"cannot read import file {path}: it is {kind}, not a regular file; only regular files are read", e.Message);
    }

    [Fact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        using var temp = new TempDirectory();
        string path = temp.File("pipe");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        Assert.Contains("is a FIFO, not a regular file", Assert.Throws<InputFileException>(() => InputFile.ReadAllText(path, "parameters file")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_device_is_refused_as_the_device()
    {
        using var temp = new TempDirectory();
        string path = temp.File("zeros.txt");
        File.CreateSymbolicLink(path, "/dev/zero");
        Assert.Contains("is a character device", Assert.Throws<InputFileException>(() => ResultImporter.Read(path, new ImportOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_and_a_missing_file_are_refused_by_name()
    {
        using var temp = new TempDirectory();
        Assert.Equal($"cannot read import file {temp.Path}: it is a directory, not a file", Assert.Throws<InputFileException>(() => ResultImporter.Read(temp.Path, new ImportOptions())).Message);
        string missing = temp.File("nothing.txt");
        Assert.Equal($"cannot read import file {missing}: it does not exist", Assert.Throws<InputFileException>(() => ResultImporter.Read(missing, new ImportOptions())).Message);
    }

    [Fact]
    public void A_file_above_the_cap_is_refused_before_it_is_read()
    {
        using var temp = new TempDirectory();
        string path = temp.File("huge.txt");
        using (var file = File.Create(path))
        {
            file.SetLength(InputFile.MaxBytes + 1); // sparse: nothing is written
        }
        Assert.Contains("is larger than 256 MiB", Assert.Throws<InputFileException>(() => ResultImporter.Read(path, new ImportOptions())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_content_gives_the_same_source_hash_and_other_content_another()
    {
        using var temp = new TempDirectory();
        string fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bandwidthTest", "tesla-t4-quick-pinned.txt");
        File.Copy(fixture, temp.File("copy.txt"));
        File.WriteAllText(temp.File("edited.txt"), File.ReadAllText(fixture).Replace("9.7", "9.8", StringComparison.Ordinal));
        string hash = ResultImporter.Read(fixture, new ImportOptions()).SourceHash;
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, ResultImporter.Read(temp.File("copy.txt"), new ImportOptions()).SourceHash);
        Assert.NotEqual(hash, ResultImporter.Read(temp.File("edited.txt"), new ImportOptions()).SourceHash);
    }
}
