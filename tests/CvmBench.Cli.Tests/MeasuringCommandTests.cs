using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Storage.Sqlite;
using CvmBench.Transfers;

namespace CvmBench.Cli.Tests;

/// <summary>run and sweep end to end on the simulated device, and their bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class MeasuringCommandTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"cvmbench-measure-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_store + suffix);
        }
    }

    [Fact]
    public void Run_measures_the_standard_suite_stores_it_and_prints_it_as_json()
    {
        var (code, stdout, stderr) = CliHarness.Run("run", "--simulate", "--size", "1MiB", "--samples", "3", "--json", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);

        var run = JsonSerializer.Deserialize(stdout, MeasurementJson.Default.RunRecord)!;
        Assert.True(run.Simulated);
        Assert.Equal(RunStatus.Complete, run.Status);
        Assert.Equal(18, run.Results.Count);
        Assert.All(run.Results, r => Assert.True(r.Verified && r.Samples.Count == 3));
        foreach (var kind in new[] { HostPath.Pageable, HostPath.Staged, HostPath.Sealed, HostPath.Pinned, HostPath.WriteCombined, HostPath.Registered })
        {
            Assert.Contains(run.Results, r => r.Test.Memory == kind && r.Test.Direction == Direction.HostToDevice);
            Assert.Contains(run.Results, r => r.Test.Memory == kind && r.Test.Direction == Direction.DeviceToHost);
        }
        Assert.Contains(run.Results, r => r.Test.Direction == Direction.DeviceToDevice);
        Assert.Equal(2, run.Results.Count(r => r.Test.Bidirectional));
        Assert.Contains("[18/18]", stderr, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(_store, create: false);
        var stored = store.LoadRun(run.Id);
        Assert.Equal(RunStatus.Complete, stored.Status);
        Assert.Equal(run.Results.Sum(r => r.Samples.Count), stored.Results.Sum(r => r.Samples.Count));
    }

    [Fact]
    public void The_table_says_the_numbers_are_simulated()
    {
        var (code, stdout, _) = CliHarness.Run("run", "--simulate", "--size", "64KiB", "--samples", "2", "--store", _store);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("SIMULATED (host memory, not a GPU)", stdout, StringComparison.Ordinal);
        Assert.Contains("pinned h2d ce", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_gives_one_row_per_size_and_skips_combinations_that_cannot_run()
    {
        var (code, stdout, stderr) = CliHarness.Run("sweep", "--simulate", "--sizes", "4KiB..16KiB", "--memory", "pinned,pageable", "--method", "ce,sm",
            "--direction", "h2d", "--samples", "2", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("skipped pageable h2d sm", stderr, StringComparison.Ordinal);
        foreach (string size in new[] { "4 KiB", "8 KiB", "16 KiB" })
        {
            Assert.Contains(size, stdout, StringComparison.Ordinal);
        }
        Assert.Contains("pinned h2d sm", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_staging_thread_budget_reaches_the_tuner()
    {
        var (code, stdout, stderr) = CliHarness.Run("sweep", "--simulate", "--sizes", "1MiB", "--memory", "staged", "--direction", "h2d", "--samples", "2",
            "--staging-threads", "1", "--store", _store, "--json");
        Assert.True(code == ExitCodes.Success, stderr);
        var run = JsonSerializer.Deserialize(stdout, MeasurementJson.Default.RunRecord)!;
        Assert.Contains("with 1 host thread (", Assert.Single(run.Results).Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Sealed_memory_is_swept_with_the_segment_size_asked_for()
    {
        var (code, stdout, stderr) = CliHarness.Run("sweep", "--simulate", "--sizes", "64KiB,1MiB", "--memory", "sealed", "--direction", "h2d,d2h",
            "--samples", "2", "--staging-threads", "2", "--sealed-segment", "4KiB", "--store", _store, "--json");
        Assert.True(code == ExitCodes.Success, stderr);
        var run = JsonSerializer.Deserialize(stdout, MeasurementJson.Default.RunRecord)!;
        Assert.Equal(4, run.Results.Count);
        Assert.All(run.Results, r => Assert.True(r.Test.Memory == HostPath.Sealed && r.Verified));
        Assert.All(run.Results, r => Assert.Contains("AES-256-GCM (4 KiB per tag)", r.Method, StringComparison.Ordinal));
    }

    [Fact]
    public void All_devices_are_measured_and_aggregated()
    {
        var (code, stdout, stderr) = CliHarness.Run("sweep", "--simulate", "--device", "all", "--sizes", "64KiB", "--memory", "pinned", "--direction", "h2d", "--samples", "2", "--store", _store, "--json");
        Assert.True(code == ExitCodes.Success, stderr);
        var run = JsonSerializer.Deserialize(stdout, MeasurementJson.Default.RunRecord)!;
        Assert.Equal([0, 1], run.Results.Select(r => r.Test.Device).Order());
    }

    [Theory]
    [InlineData(new[] { "run", "--simulate", "--size", "0" }, "must be positive")]
    [InlineData(new[] { "run", "--simulate", "--size", "-5" }, "must be positive")]
    [InlineData(new[] { "run", "--simulate", "--size", "lots" }, "is not a size")]
    [InlineData(new[] { "run", "--simulate", "--size", "1TiB" }, "does not fit")]
    [InlineData(new[] { "run", "--simulate", "--device", "first" }, "--device must be a device number or 'all'")]
    [InlineData(new[] { "run", "--simulate", "--samples", "0" }, "--samples must be at least 1")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--memory", "shiny" }, "unknown memory kind 'shiny'")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--direction", "sideways" }, "unknown direction 'sideways'")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--memory", "sealed", "--sealed-segment", "3000" }, "--sealed-segment must be a power of two")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--memory", "sealed", "--method", "sm" }, "no combination of these options can run")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--method", "dma" }, "unknown method 'dma'")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--memory", "mapped", "--method", "ce" }, "no combination of these options can run")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "8KiB..4KiB" }, "runs backwards")]
    [InlineData(new[] { "sweep", "--simulate" }, "--sizes")]
    [InlineData(new[] { "run", "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "run", "--simulate", "--staging-threads", "0" }, "--staging-threads must be between 1 and this machine's")]
    [InlineData(new[] { "sweep", "--simulate", "--sizes", "4KiB", "--staging-threads", "100000" }, "--staging-threads must be between 1 and this machine's")]
    public void Bad_input_is_one_line_and_exit_code_2(string[] args, string message)
    {
        string stderr = CliHarness.RunBadInput([.. args, "--store", _store]);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_no_driver_line_names_the_simulate_option_of_every_command_that_has_one()
    {
        using var error = new StringWriter();
        Assert.Equal(ExitCodes.NoDriver, CommandRunner.Report(new CvmBench.Cuda.DriverNotFoundException(), error));
        string line = Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));

        var simulating = CommandCatalog.All().Where(c => c.Options.Any(o => o.Name == "--simulate")).Select(c => c.Name).ToList();
        Assert.True(BandwidthTest.BandwidthTestOptions.Parse(["--simulate"]).Simulate);
        simulating.Add("bandwidthtest");
        Assert.Equal(["bandwidthtest", "convert", "emulate", "run", "sweep"], simulating.Order());
        foreach (string command in simulating)
        {
            Assert.Contains($"'{command} --simulate'", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bandwidthtest_simulate_measures_the_simulated_device_and_marks_the_run()
    {
        var (code, stdout, stderr) = CliHarness.Run("bandwidthtest", "--simulate", "--htod", "--mode=range", "--start=4096", "--end=4096", "--increment=1", $"--store={_store}");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains(" Device 0: simulated host-memory device 0\n", stdout, StringComparison.Ordinal);
        Assert.Contains("NOTE: SIMULATED (host memory, not a GPU)", stdout, StringComparison.Ordinal);
        Assert.Contains("(SIMULATED host-memory devices)", stderr, StringComparison.Ordinal);
        using var store = SqliteResultStore.Open(_store, create: false);
        Assert.True(Assert.Single(store.ListRuns()).Simulated);
    }

    [Fact]
    public void Without_a_driver_the_gpu_commands_say_so_and_exit_3()
    {
        Assert.SkipWhen(CvmBench.Cuda.CudaDriver.IsInstalled(), "this machine has the NVIDIA driver");
        foreach (string[] args in new[] { new[] { "run", "--store", _store }, ["devices"], ["bandwidthtest", $"--store={_store}"] })
        {
            var (code, stdout, stderr) = CliHarness.Run(args);
            Assert.Equal(ExitCodes.NoDriver, code);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("cvmbench: no NVIDIA driver found (libcuda.so.1)", stderr, StringComparison.Ordinal);
        }
    }
}
