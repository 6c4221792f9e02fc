using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

/// <summary>The model command end to end, through the process's console.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cvmbench-model-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(new[] { "--set", "tdx.nope=1" }, "cvmbench: unknown model parameter 'tdx.nope'")]
    [InlineData(new[] { "--set", "dma.h2dRate=0" }, "cvmbench: model parameter dma.h2dRate must be above zero (got 0 GB/s)")]
    [InlineData(new[] { "--size", "lots" }, "cvmbench: 'lots' is not a size")]
    [InlineData(new[] { "--batch", "0" }, "cvmbench: --batch must be at least 1 page")]
    [InlineData(new[] { "--parameters", "/no/such/file.json" }, "cvmbench: cannot read parameters file /no/such/file.json")]
    public void Bad_input_gets_one_line_and_exit_code_2(string[] arguments, string message)
    {
        var (code, stdout, stderr) = Run(["model", .. arguments]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_pinned_results_cannot_calibrate()
    {
        string run = WriteRun(simulated: false, withPinned: false);
        var (code, _, stderr) = Run(["model", "--calibrate-from", run]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("measured nothing the model takes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_run_is_refused()
    {
        string path = Path.Combine(directory, "nonsense.json");
        File.WriteAllText(path, "[1, 2, 3]");
        var (code, _, stderr) = Run(["model", "--calibrate-from", path]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"cvmbench: {path}: not a run record", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Directions_that_cost_the_same_share_one_table_which_says_why_and_split_when_they_differ()
    {
        var (code, stdout, _) = Run(["model"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Host to device and device to host (the same here): throughput", stdout, StringComparison.Ordinal);
        Assert.Contains("One table for both directions: under these parameters they cost the same (dma.h2dRate = dma.d2hRate", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Device to host: throughput", stdout, StringComparison.Ordinal);

        (code, stdout, _) = Run(["model", "--set", "dma.d2hRate=20"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Host to device: throughput", stdout, StringComparison.Ordinal);
        Assert.Contains("Device to host: throughput", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("One table for both directions", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Printed_parameters_show_what_was_set_and_where_it_came_from()
    {
        var (code, stdout, _) = Run(["model", "--print-parameters", "--set", "snp.pscExit=4"]);
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(stdout);
        var exit = json.RootElement.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "snp.pscExit");
        Assert.Equal(4, exit.GetProperty("value").GetDouble());
        Assert.Equal("us", exit.GetProperty("unit").GetString());
        Assert.Equal("set on the command line", exit.GetProperty("source").GetString());
    }

    [Fact]
    public void A_calibrated_report_prints_as_json_and_writes_every_plot_as_png_and_svg()
    {
        string run = WriteRun(simulated: false, withPinned: true);
        string plots = Path.Combine(directory, "plots");
        var (code, stdout, stderr) = Run(["model", "--calibrate-from", run, "--json", "--out", plots, "--size", "32MB"]);
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(stdout);
        var rate = json.RootElement.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "dma.h2dRate");
        Assert.Equal(54.25, rate.GetProperty("value").GetDouble(), 9);
        Assert.Equal("measured: run run1", rate.GetProperty("source").GetString());
        Assert.Equal(32e6, json.RootElement.GetProperty("query").GetProperty("referenceBytes").GetDouble());
        string[] files = Directory.GetFiles(plots);
        Assert.Equal(16, files.Length); // six size plots, batch, reuse; PNG and SVG each
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000, f));
        Assert.Contains("wrote 16 plot files", stderr, StringComparison.Ordinal);
    }

    private string WriteRun(bool simulated, bool withPinned)
    {
        var statistics = new BandwidthStatistics(1, 54.25, 54.25, 54.25, 54.25, 0, 54.25, 54.25);
        var memory = withPinned ? HostPath.Pinned : HostPath.Pageable;
        var result = new CvmBench.Measurement.TestResult(new TransferTest(memory, Direction.HostToDevice, CopyMethod.CopyEngine, 1 << 29, 0),
            [new BandwidthSample(1 << 29, 9_896_000, 9_896_000)], statistics, statistics, null, true, "test");
        var record = new RunRecord("run1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunStatus.Complete, "cvmbench", "0.1.0",
            "cvmbench run", simulated, new RunEnvironment("host", EnvironmentClass.Vm, "test", "{}"), [result]);
        string path = Path.Combine(directory, "run.json");
        File.WriteAllText(path, JsonSerializer.Serialize(record, MeasurementJson.Default.RunRecord));
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(string[] arguments) => CliHarness.Run(arguments);
}
