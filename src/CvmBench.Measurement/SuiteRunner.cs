using CvmBench.Platform;

namespace CvmBench.Measurement;

/// <summary>The entry point of every measuring command that copies: a suite of tests run as one recorded run, on
/// every device at once, each result handed to the sink as it arrives.</summary>
public static class SuiteRunner
{
    /// <summary>How many results <paramref name="tests"/> give on <paramref name="devices"/> devices (a
    /// bidirectional test gives one per direction).</summary>
    public static int ResultCount(IReadOnlyList<TransferTest> tests, int devices)
    {
        ArgumentNullException.ThrowIfNull(tests);
        return tests.Sum(t => t.Bidirectional ? 2 : 1) * devices;
    }

    /// <summary>Runs <paramref name="tests"/> on <paramref name="devices"/> as one run, recorded in
    /// <paramref name="sink"/>; a failure or cancellation leaves it incomplete and is thrown on.</summary>
    /// <param name="commandLine">The arguments that asked for it, as the run records them.</param>
    /// <param name="devices">The devices, opened and checked (<see cref="DeviceSet.CheckFits"/>).</param>
    /// <param name="tests">The tests, in order.</param>
    /// <param name="options">How each test is measured.</param>
    /// <param name="machine">The machine's one reading: the run's environment.</param>
    /// <param name="sink">Where the run is recorded.</param>
    /// <param name="progress">Who is told of each result.</param>
    /// <param name="cancellation">Stops between samples.</param>
    public static SuiteRun Run(IReadOnlyList<string> commandLine, DeviceSet devices, IReadOnlyList<TransferTest> tests, MeasurementOptions options,
        MachineReading machine, IRunSink sink, IRunProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(machine);
        var recorder = RunRecorder.Begin(commandLine, devices.Simulated, RunEnvironment.Of(machine.Profile), sink, progress);
        try
        {
            var outcomes = ConcurrentSuite.Run(devices.Devices, tests, options, recorder.Add, cancellation);
            return new SuiteRun(recorder.Complete(), outcomes);
        }
        catch
        {
            recorder.Stop();
            throw;
        }
    }
}
