using System.Globalization;
using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Storage;
using CvmBench.Transfers;

namespace CvmBench.Cli.Measuring;

/// <summary>Runs tests on a device set as one stored run: progress on stderr, every result stored as it arrives, and
/// the results returned. An interrupted or failed run stays stored, marked incomplete.</summary>
internal static class SuiteExecution
{
    public static (RunRecord Run, IReadOnlyList<DeviceOutcome> Outcomes) Execute(
        string[] commandLine, DeviceSet devices, IReadOnlyList<TransferTest> tests, MeasurementOptions options, IResultStore store, CancellationToken cancellation)
    {
        var session = new RunSession(commandLine, devices.Simulated, store);
        int total = tests.Sum(t => t.Bidirectional ? 2 : 1) * devices.Devices.Count;
        int done = 0;
        var progress = new object();
        Console.Error.WriteLine($"cvmbench: run {session.Id[..8]}: {total} results to measure on {devices.Devices.Count} device(s){(devices.Simulated ? " (SIMULATED host-memory devices)" : "")}");
        try
        {
            var outcomes = ConcurrentSuite.Run(devices.Devices, tests, options, result =>
            {
                session.Add(result);
                lock (progress)
                {
                    done++;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{done}/{total}] device {result.Test.Device} {result.Test.Name} {Units.FormatBytes(result.Test.Bytes)}: {result.Bandwidth.Median:F2} GB/s (CV {result.Bandwidth.CoefficientOfVariation * 100:F1}%)"));
                }
            }, cancellation);
            var run = session.Complete();
            Console.Error.WriteLine($"cvmbench: run {run.Id[..8]} stored in {session.Location}");
            return (run, outcomes);
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            throw session.Interrupted(e);
        }
        catch
        {
            session.ReportStopped();
            throw;
        }
    }

    public static void Print(RunRecord run, IReadOnlyList<DeviceOutcome> outcomes, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
        }
        else
        {
            ResultTable.Render(Terminal.Out, outcomes, run.Simulated);
        }
    }
}
