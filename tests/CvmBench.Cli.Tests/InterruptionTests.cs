using System.Diagnostics;
using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Storage.Sqlite;

namespace CvmBench.Cli.Tests;

/// <summary>SIGINT, SIGTERM and SIGHUP sent with kill to the cvmbench executable while it measures on the simulated
/// device: the measurement stops, one line says the run was kept, marked incomplete, the exit code is 130, and the
/// stored run is incomplete.</summary>
public sealed class InterruptionTests : IDisposable
{
    // Generous bounds that only keep a broken build from hanging the test run; nothing here is timed.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-signal-" + Guid.NewGuid().ToString("N"));

    public InterruptionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("INT", new[] { "run", "--simulate", "--size", "64KiB", "--samples", "10000", "--warmup", "0" })]
    [InlineData("TERM", new[] { "run", "--simulate", "--size", "64KiB", "--samples", "10000", "--warmup", "0" })]
    [InlineData("HUP", new[] { "run", "--simulate", "--size", "64KiB", "--samples", "10000", "--warmup", "0" })]
    [InlineData("TERM", new[] { "sweep", "--simulate", "--sizes", "64KiB..1MiB", "--samples", "10000" })]
    [InlineData("INT", new[] { "convert", "--simulate", "--sizes", "64KiB..1MiB", "--samples", "10000", "--threads", "1" })]
    public void A_signal_stops_the_measurement_keeps_the_run_incomplete_and_exits_130(string signal, string[] command)
    {
        string store = Path.Combine(_folder, "results.db");
        var (code, stderr) = RunAndSignal([.. command, "--store", store], "cvmbench: run ", signal);

        Assert.Equal(ExitCodes.Interrupted, code);
        var lines = stderr.TrimEnd('\n').Split('\n');
        var said = Assert.Single(lines, l => l.Contains("interrupted", StringComparison.Ordinal));
        Assert.Matches($"^cvmbench: interrupted; run [0-9a-f]{{8}} stopped, [0-9]+ result\\(s\\) kept in {System.Text.RegularExpressions.Regex.Escape(store)}, marked incomplete", said);
        Assert.Equal(said, lines[^1]);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        using var results = SqliteResultStore.Open(store, create: false);
        var run = Assert.Single(results.ListRuns());
        Assert.Equal(RunStatus.Incomplete, run.Status);
        Assert.True(run.Simulated);
        Assert.Contains(run.Id[..8], said, StringComparison.Ordinal);
    }

    [Fact]
    public void Bandwidthtest_stops_on_a_signal_as_the_other_measuring_commands_do()
    {
        string store = Path.Combine(_folder, "results.db");
        var (code, stderr) = RunAndSignal(["bandwidthtest", "--simulate", "--mode=shmoo", $"--store={store}"], "cvmbench: run ", "INT");

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.StartsWith("cvmbench: interrupted; run ", stderr.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
        using var results = SqliteResultStore.Open(store, create: false);
        Assert.Equal(RunStatus.Incomplete, Assert.Single(results.ListRuns()).Status);
    }

    /// <summary>Starts the executable, waits until stderr shows <paramref name="ready"/> (the run is stored and being
    /// measured), sends the signal with kill, and returns the exit code and all of stderr.</summary>
    private static (int Code, string Stderr) RunAndSignal(string[] args, string ready, string signal)
    {
        // A signal ignored when the tests started (nohup ignores SIGHUP; a shell without job control ignores SIGINT in
        // its background jobs) stays ignored in every process they start, and cvmbench rightly keeps it ignored.
        Assert.SkipWhen(IgnoredByParent(signal), $"SIG{signal} is ignored by whoever started the tests, so cvmbench inherits it ignored");
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "cvmbench"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cvmbench did not start");
        var stderr = new System.Text.StringBuilder();
        using var measuring = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (stderr)
            {
                stderr.Append(e.Data).Append('\n');
            }
            if (e.Data.StartsWith(ready, StringComparison.Ordinal))
            {
                measuring.Set();
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.True(measuring.Wait(Patience), $"cvmbench never started measuring: {stderr}");
            Assert.False(process.HasExited, $"cvmbench finished before the signal: {stderr}");
            using (var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
                Assert.Equal(0, kill.ExitCode);
            }
            Assert.True(process.WaitForExit(Patience), $"cvmbench did not stop after SIG{signal}: {stderr}");
            process.WaitForExit();
            _ = stdout.Result;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        lock (stderr)
        {
            return (process.ExitCode, stderr.ToString());
        }
    }

    /// <summary>Whether this process ignores <paramref name="signal"/> (the SigIgn mask of /proc/self/status), which its
    /// children inherit across exec.</summary>
    private static bool IgnoredByParent(string signal)
    {
        int number = signal switch { "HUP" => 1, "INT" => 2, "TERM" => 15, _ => throw new ArgumentException($"no signal number for {signal}", nameof(signal)) };
        string mask = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))["SigIgn:".Length..].Trim();
        return (ulong.Parse(mask, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (number - 1))) != 0;
    }
}
