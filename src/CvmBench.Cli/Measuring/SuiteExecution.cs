using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Storage;

namespace CvmBench.Cli.Measuring;

/// <summary>A suite run from the command line: progress on stderr, the run stored in the results store as it is
/// measured (<see cref="SuiteRunner"/>), and the results printed.</summary>
internal static class SuiteExecution
{
    public static SuiteRun Execute(string[] commandLine, DeviceSet devices, IReadOnlyList<TransferTest> tests, MeasurementOptions options,
        MachineReading machine, IResultStore store, CancellationToken cancellation)
    {
        int total = SuiteRunner.ResultCount(tests, devices.Devices.Count);
        var progress = new ConsoleProgress(
            $"{total} results to measure on {devices.Devices.Count} device(s){(devices.Simulated ? " (SIMULATED host-memory devices)" : "")}", total);
        var sink = new StoredRunSink(store);
        return progress.Watch(sink, () => SuiteRunner.Run(commandLine, devices, tests, options, machine, sink, progress, cancellation), suite => suite.Run);
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
