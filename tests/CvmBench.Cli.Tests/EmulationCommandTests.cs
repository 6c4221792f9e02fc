using System.Text.Json;
using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Cli.Tests;

/// <summary>convert and emulate end to end on the simulated device, and their bad input.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EmulationCommandTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"cvmbench-emulate-{Guid.NewGuid():N}.db");
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"cvmbench-emulate-{Guid.NewGuid():N}");

    public void Dispose()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_store + suffix);
        }
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public void Convert_stores_conversion_latencies_and_host_rates_and_fits_each_operation()
    {
        var (code, stdout, stderr) = CliHarness.Run("convert", "--simulate", "--sizes", "4KiB,64KiB,1MiB", "--pages", "4KiB", "--samples", "3",
            "--threads", "1", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("SIMULATED", stdout, StringComparison.Ordinal);
        Assert.Contains("fixed cost + cost per 4 KiB page", stdout, StringComparison.Ordinal);
        Assert.Contains("aes-gcm-seal tag/4KiB", stdout, StringComparison.Ordinal);
        Assert.Contains("A simulated run does not calibrate the model.", stdout, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(_store, create: false);
        var run = store.LoadRun(Assert.Single(store.ListRuns()).Id);
        Assert.Equal(RunStatus.Complete, run.Status);
        // register and unregister, touched and untouched, at 3 sizes; host-alloc and free at 3 sizes; 4 rates.
        Assert.Equal(12 + 6 + 4, run.Operations.Count);
        Assert.Equal(6, run.Operations.Count(o => o.Test.Operation == OperationKind.Register));
        Assert.Contains(run.Operations, o => o.Test.Operation == OperationKind.HostCopy);
        // The copy into the plain VM's staging pool (16 chunks of 2 MiB), beside the copy into a swiotlb-sized area.
        Assert.Contains(run.Operations, o => o.Test.Operation == OperationKind.StagingCopy && o.Test.Variant == "into 32 MiB");
        Assert.Contains("staging-copy into 32 MiB", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Emulate_runs_every_strategy_beside_the_model_stores_it_and_writes_the_plots()
    {
        var (code, stdout, stderr) = CliHarness.Run("emulate", "--simulate", "--platform", "tdx,cc", "--costs", "modeled,zero,none",
            "--sizes", "64KiB,1MiB", "--direction", "h2d", "--samples", "2", "--reuse", "2", "--set", "host.memory=1",
            "--out", _out, "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("TDX emulated, h2d", stdout, StringComparison.Ordinal);
        Assert.Contains("H100 CC mode emulated, h2d", stdout, StringComparison.Ordinal);
        Assert.Contains("emulation overhead", stdout, StringComparison.Ordinal);
        Assert.Contains("model calibrated from run", stdout, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(_store, create: false);
        var run = store.LoadRun(Assert.Single(store.ListRuns()).Id);
        var emulated = run.Operations.Where(o => o.Test.Operation == OperationKind.EmulatedTransfer).ToList();
        // The pinned baseline, then tdx's three strategies and cc's two (encrypted, sealed), each with three costs, at two sizes.
        Assert.Equal(2 + (3 + 2) * 3 * 2, emulated.Count);
        Assert.Contains(emulated, o => o.Test.Variant == "h100-cc sealed none h2d");
        Assert.All(emulated, o => Assert.True(o.Verified));
        Assert.Contains(emulated, o => o.Test.Variant == "tdx once-2 modeled h2d");
        // The host rates in three rounds spread over the run; registration in bursts.
        Assert.Equal(3 * 2, run.Operations.Count(o => o.Test.Operation == OperationKind.AesGcmSeal));
        Assert.Equal(3, run.Operations.Count(o => o.Test.Operation == OperationKind.HostCopy));
        Assert.Contains("round 3 of 3", run.Operations.Last(o => o.Test.Operation == OperationKind.AesGcmSeal).Method, StringComparison.Ordinal);
        Assert.All(run.Operations.Where(o => o.Test.Operation == OperationKind.Register), o => Assert.Equal(ConversionVariant.BaseTouchedBurst, o.Test.Variant));

        foreach (string name in new[] { "emulate-tdx-h2d.png", "emulate-tdx-h2d.svg", "emulate-h100-cc-h2d.png", "emulate-error-h2d.svg",
            "model-vs-emulated.csv", "calibrated-parameters.json" })
        {
            Assert.True(File.Exists(Path.Combine(_out, name)), name);
        }
        string[] csv = File.ReadAllLines(Path.Combine(_out, "model-vs-emulated.csv"));
        Assert.Equal(1 + emulated.Count, csv.Length);
        Assert.Contains("\"measured: run", File.ReadAllText(Path.Combine(_out, "calibrated-parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_cost_and_plain_are_measured_paired_and_judged_against_3_percent_again_from_the_stored_run()
    {
        var (code, stdout, stderr) = CliHarness.Run("emulate", "--simulate", "--platform", "tdx", "--costs", "zero,none",
            "--sizes", "64KiB,1MiB", "--direction", "h2d", "--samples", "4", "--set", "host.memory=1", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("median of pair ratios", stdout, StringComparison.Ordinal);
        string worst = Assert.Single(stdout.Split('\n'), l => l.StartsWith("Worst zero-cost emulation against its plain strategy: ", StringComparison.Ordinal));
        Assert.Contains("median of its 4 pair ratios", worst, StringComparison.Ordinal);
        // Four pairs give no 95% interval: every line that shows one says what it is instead.
        Assert.EndsWith("; too few pairs for a 95% interval, 6 give one).", worst.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("its 95% interval", stdout, StringComparison.Ordinal);
        Assert.Contains("its interval (95% from 6 pairs)", stdout, StringComparison.Ordinal);
        Assert.Contains(" (all 4)", stdout, StringComparison.Ordinal);
        string verdict = Assert.Single(stdout.Split('\n'), l => l.StartsWith("Zero-cost emulation within 3% of the plain strategy: ", StringComparison.Ordinal));
        Assert.Contains("6 cases and sizes", verdict, StringComparison.Ordinal);
        Assert.EndsWith("(paired: the median of the pair ratios).", verdict.TrimEnd(), StringComparison.Ordinal);
        string resolved = Assert.Single(stdout.Split('\n'), l => l.StartsWith("Resolved to 3% (the median's 95% interval within it; below 6 pairs, every pair ratio): ", StringComparison.Ordinal));
        Assert.Contains(" of 6 paired cases and sizes", resolved, StringComparison.Ordinal);

        using (var store = SqliteResultStore.Open(_store, create: false))
        {
            var run = store.LoadRun(Assert.Single(store.ListRuns()).Id);
            var emulated = run.Operations.Where(o => o.Test.Operation == OperationKind.EmulatedTransfer && !o.Test.Variant.Contains(" pinned ", StringComparison.Ordinal)).ToList();
            // Three strategies at two sizes, zero-cost and plain, each size's pair stored together.
            Assert.Equal(12, emulated.Count);
            for (int i = 0; i < emulated.Count; i += 2)
            {
                Assert.Equal(emulated[i].Test.Variant.Replace(" zero ", " none ", StringComparison.Ordinal), emulated[i + 1].Test.Variant);
                Assert.All(emulated.Skip(i).Take(2), o => Assert.Contains(OverheadCheck.PairedMark, o.Method, StringComparison.Ordinal));
                Assert.Equal(4, emulated[i].Samples.Count);
                Assert.Equal(4, emulated[i + 1].Samples.Count);
            }
            (code, var again, stderr) = CliHarness.Run("emulate", "--from-run", run.Id[..8], "--store", _store);
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Contains(worst, again, StringComparison.Ordinal);
            Assert.Contains(verdict, again, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_stored_emulate_run_is_compared_with_the_model_again_without_measuring()
    {
        var (code, _, stderr) = CliHarness.Run("emulate", "--simulate", "--platform", "snp", "--sizes", "64KiB", "--direction", "h2d",
            "--samples", "1", "--set", "host.memory=1", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        using (var store = SqliteResultStore.Open(_store, create: false))
        {
            string id = Assert.Single(store.ListRuns()).Id;
            (code, var stdout, stderr) = CliHarness.Run("emulate", "--from-run", id[..8], "--set", "snp.pscExit=50", "--out", _out, "--store", _store);
            Assert.True(code == ExitCodes.Success, stderr);
            Assert.Contains("SEV-SNP (Linux) emulated, h2d", stdout, StringComparison.Ordinal);
        }
        using var again = SqliteResultStore.Open(_store, create: false);
        Assert.Single(again.ListRuns());
        Assert.True(File.Exists(Path.Combine(_out, "emulate-snp-h2d.png")));
        Assert.Contains("set on the command line", File.ReadAllText(Path.Combine(_out, "calibrated-parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Emulate_prints_its_run_as_json()
    {
        var (code, stdout, stderr) = CliHarness.Run("emulate", "--simulate", "--platform", "vm", "--sizes", "64KiB", "--direction", "d2h",
            "--samples", "1", "--json", "--set", "host.memory=1", "--store", _store);
        Assert.True(code == ExitCodes.Success, stderr);
        var run = JsonSerializer.Deserialize(stdout, MeasurementJson.Default.RunRecord)!;
        Assert.True(run.Simulated);
        Assert.StartsWith("cvmbench emulate --simulate --platform vm", run.CommandLine, StringComparison.Ordinal);
        Assert.Contains(run.Operations, o => o.Test.Variant == "vm bounce modeled d2h");
    }

    [Theory]
    [InlineData(new[] { "emulate", "--simulate", "--platform", "sgx" }, "unknown platform 'sgx'")]
    [InlineData(new[] { "emulate", "--simulate", "--costs", "some" }, "unknown costs 'some'")]
    [InlineData(new[] { "emulate", "--simulate", "--direction", "d2d" }, "unknown direction 'd2d'")]
    [InlineData(new[] { "emulate", "--simulate", "--reuse", "0" }, "--reuse must be at least 1")]
    [InlineData(new[] { "emulate", "--simulate", "--threads", "0" }, "--threads must be at least 1")]
    [InlineData(new[] { "emulate", "--simulate", "--device", "all" }, "emulate drives one GPU")]
    [InlineData(new[] { "emulate", "--simulate", "--set", "tdx.acceptPiece=-1" }, "tdx.acceptPiece")]
    [InlineData(new[] { "convert", "--simulate", "--pages", "8KiB" }, "--pages takes 4KiB and 2MiB")]
    [InlineData(new[] { "convert", "--simulate", "--threads", "0" }, "--threads takes thread counts")]
    [InlineData(new[] { "convert", "--simulate", "--samples", "0" }, "--samples must be at least 1")]
    public void Bad_input_is_one_line_and_exit_code_2(string[] args, string message)
    {
        string stderr = CliHarness.RunBadInput([.. args, "--store", _store]);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_store), "bad input stores nothing");
    }
}
