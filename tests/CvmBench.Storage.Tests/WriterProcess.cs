using System.Diagnostics;
using System.Globalization;

namespace CvmBench.Storage.Tests;

/// <summary>Starts CvmBench.Storage.Writer (built beside the tests): a separate process that writes one run into a
/// store, as a measuring command on another machine would.</summary>
internal static class WriterProcess
{
    public static Process Start(string store, string runId, int tests, int samples, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "CvmBench.Storage.Writer"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { store, runId, tests.ToString(CultureInfo.InvariantCulture), samples.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("the writer did not start");
    }

    /// <summary>Waits for a writer that should write its whole run, and fails with its error output if it did not.</summary>
    public static void Finish(Process writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string output = writer.StandardOutput.ReadToEnd(), error = writer.StandardError.ReadToEnd();
        writer.WaitForExit();
        Assert.True(writer.ExitCode == 0, error);
        Assert.EndsWith("complete", output.Trim(), StringComparison.Ordinal);
    }
}
