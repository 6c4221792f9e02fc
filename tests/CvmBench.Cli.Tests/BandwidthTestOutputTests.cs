using System.Globalization;
using System.Text.RegularExpressions;
using CvmBench.Cli.BandwidthTest;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

/// <summary>The output formats against real bandwidthTest output (fixtures: see Fixtures/README.md).</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class BandwidthTestOutputTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"cvmbench-bwt-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_store + suffix);
        }
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bandwidthTest", name));

    [Fact]
    public void The_text_format_reproduces_a_real_quick_run_byte_for_byte()
    {
        // The A100 session's first invocation: pinned, H2D 17.3 and D2H 24.6 GB/s at 32,000,000 bytes.
        string real = Fixture("a100-pcie-quick-pinned-and-pageable.txt");
        string first = real[real.IndexOf("[CUDA Bandwidth Test]", StringComparison.Ordinal)..real.IndexOf("Result = PASS", StringComparison.Ordinal)];

        string ours = BandwidthTestReport.Header([(0, "NVIDIA A100 80GB PCIe")], all: false, BandwidthTestMode.Quick)
            + BandwidthTestReport.Readable([(32_000_000, 17.3)], Direction.HostToDevice, HostPath.Pinned, devices: 1, wc: false)
            + BandwidthTestReport.Readable([(32_000_000, 24.6)], Direction.DeviceToHost, HostPath.Pinned, devices: 1, wc: false);

        Assert.Equal(first, ours);
    }

    [Fact]
    public void The_csv_format_reproduces_a_real_shmoo_run()
    {
        // Every line but Time is exact; the original computed Time from the unrounded bandwidth, which the file does
        // not keep, so ours (from the printed one) may differ by that rounding.
        string real = Fixture("v100-pcie-shmoo-h2d-pinned-csv.txt");
        var lines = CsvLine().Matches(real).ToList();
        Assert.Equal(81, lines.Count);
        var rows = lines.Select(m => (long.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(BandwidthTestOptions.ShmooSizes(), rows.Select(r => r.Item1));

        var ours = CsvLine().Matches(BandwidthTestReport.Csv(rows, Direction.HostToDevice, HostPath.Pinned, devices: 1, wc: false)).ToList();
        Assert.Equal(lines.Count, ours.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            Assert.Equal(lines[i].Value.Replace(lines[i].Groups["time"].Value, "", StringComparison.Ordinal), ours[i].Value.Replace(ours[i].Groups["time"].Value, "", StringComparison.Ordinal));
            double theirs = double.Parse(lines[i].Groups["time"].Value, CultureInfo.InvariantCulture);
            double mine = double.Parse(ours[i].Groups["time"].Value, CultureInfo.InvariantCulture);
            double rounding = rows[i].Item1 / 1e9 * (0.05 / (rows[i].Item2 * (rows[i].Item2 - 0.05)));
            Assert.True(Math.Abs(theirs - mine) <= rounding + 1e-5, $"line {i}: {theirs} vs {mine}");
        }
        Assert.Contains(".................................................................................\n", real, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Direction.HostToDevice, HostPath.Pinned, false, "bandwidthTest-H2D-Pinned,")]
    [InlineData(Direction.DeviceToHost, HostPath.Pageable, false, "bandwidthTest-D2H-Paged,")]
    [InlineData(Direction.HostToDevice, HostPath.WriteCombined, true, "bandwidthTest-H2D-Pinned-WriteCombined,")]
    [InlineData(Direction.DeviceToDevice, HostPath.Pinned, false, "bandwidthTest-D2D,")]
    [InlineData(Direction.HostToDevice, HostPath.Staged, false, "bandwidthTest-H2D-Staged,")]
    [InlineData(Direction.DeviceToHost, HostPath.Sealed, false, "bandwidthTest-D2H-Sealed,")]
    public void Csv_names_the_configuration_as_the_original(Direction direction, HostPath memory, bool wc, string prefix) =>
        Assert.StartsWith(prefix, BandwidthTestReport.Csv([(1000, 1.0)], direction, memory, 1, wc), StringComparison.Ordinal);

    [Fact]
    public void A_range_run_on_simulated_devices_prints_every_size_in_both_formats()
    {
        string[] range = ["--mode=range", "--start=4096", "--end=12288", "--increment=4096", "--htod", "--dtod", $"--store={_store}"];
        foreach (bool csv in new[] { false, true })
        {
            var (code, stdout, stderr) = Run([.. range, .. csv ? new[] { "--csv" } : []]);
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.StartsWith("[CUDA Bandwidth Test] - Starting...\nRunning on...\n\n Device 0: simulated host-memory device 0\n Range Mode\n\n", stdout, StringComparison.Ordinal);
            Assert.Contains("Result = PASS\n\nNOTE: SIMULATED (host memory, not a GPU): measured by CvmBench", stdout, StringComparison.Ordinal);
            if (csv)
            {
                Assert.Equal(6, CsvLine().Count(stdout));
                Assert.Contains("Size = 8192 bytes, NumDevsUsed = 1", stdout, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(" Host to Device Bandwidth, 1 Device(s)\n PINNED Memory Transfers\n   Transfer Size (Bytes)\tBandwidth(GB/s)\n   4096\t\t\t\t", stdout, StringComparison.Ordinal);
                Assert.Contains(" Device to Device Bandwidth, 1 Device(s)\n", stdout, StringComparison.Ordinal);
            }
            Assert.Contains("stored in", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void All_devices_run_together_and_are_summed()
    {
        var (code, stdout, stderr) = Run(["--device=all", "--htod", "--mode=range", "--start=65536", "--end=65536", "--increment=1", "--csv", $"--store={_store}"]);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("\n!!!!!Cumulative Bandwidth to be computed from all the devices !!!!!!\n\nRunning on...\n\n Device 0: simulated host-memory device 0\n Device 1: simulated host-memory device 1\n", stdout, StringComparison.Ordinal);
        Assert.Contains("NumDevsUsed = 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_departure_from_the_original()
    {
        var (code, stdout, _) = CliHarness.Run("bandwidthtest", "--help");
        Assert.Equal(ExitCodes.Success, code);
        foreach (string departure in new[] { "Warm-up", "median", "held stream", "Verification", "--device=all runs every GPU at the same time", "Bad input is an error" })
        {
            Assert.Contains(departure, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--memory=nothing")]
    [InlineData("--mode=range")]
    [InlineData("--whatever")]
    public void Bad_input_is_one_line_and_exit_code_2(string arg)
    {
        CliHarness.RunBadInput("bandwidthtest", arg);
    }

    [Theory]
    [InlineData("--staging-threads=0", "must be between 1 and this machine's")]
    [InlineData("--staging-threads=two", "is not a whole number")]
    public void A_bad_staging_thread_budget_is_one_line_and_exit_code_2(string arg, string message)
    {
        Assert.Contains(message, CliHarness.RunBadInput("bandwidthtest", "--memory=staged", arg), StringComparison.Ordinal);
        Assert.Contains("applies to --memory=staged or sealed only", CliHarness.RunBadInput("bandwidthtest", "--staging-threads=1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sealed-segment=3KiB", "must be a power of two from 4KiB to 16MiB")]
    [InlineData("--sealed-segment=32MiB", "must be a power of two from 4KiB to 16MiB")]
    [InlineData("--sealed-segment=big", "is not a size")]
    public void A_bad_sealed_segment_is_one_line_and_exit_code_2(string arg, string message)
    {
        Assert.Contains(message, CliHarness.RunBadInput("bandwidthtest", "--memory=sealed", arg), StringComparison.Ordinal);
        Assert.Contains("applies to --memory=sealed only", CliHarness.RunBadInput("bandwidthtest", "--memory=staged", "--sealed-segment=4KiB"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sealed_memory_takes_its_segment_size_and_says_it()
    {
        var (code, stdout, stderr) = Run(["--memory=sealed", "--sealed-segment=4KiB", "--staging-threads=2", "--htod", $"--store={_store}"]);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("Result = PASS", stdout, StringComparison.Ordinal);

        // The stored test's method names the segment it was measured with.
        string run = RunId().Match(stderr).Groups["id"].Value;
        var (exported, json, exportErrors) = CliHarness.Run(["export", run, $"--store={_store}"]);
        Assert.True(exported == ExitCodes.Success, exportErrors);
        Assert.Contains("(4 KiB per tag)", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_staging_thread_budget_is_accepted_with_staged_memory()
    {
        var (code, stdout, stderr) = Run(["--memory=staged", "--staging-threads=1", "--htod", $"--store={_store}"]);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("Result = PASS", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sealed_memory_runs_both_directions_and_says_so()
    {
        var (code, stdout, stderr) = Run(["--memory=sealed", "--staging-threads=2", "--htod", "--dtoh", $"--store={_store}"]);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains(" SEALED Memory Transfers", stdout, StringComparison.Ordinal);
        Assert.Contains("Result = PASS", stdout, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] args) => CliHarness.Run(["bandwidthtest", "--simulate", .. args]);

    [GeneratedRegex(@"run (?<id>[0-9a-f]{8}) stored")]
    private static partial Regex RunId();

    [GeneratedRegex(@"bandwidthTest-[A-Za-z0-9-]+, Bandwidth = (?<rate>[0-9.]+) GB/s, Time = (?<time>[0-9.]+) s, Size = (?<size>[0-9]+) bytes, NumDevsUsed = [0-9]+")]
    private static partial Regex CsvLine();
}
