using CvmBench.Cuda;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Runs the same tests on several devices at once: one host thread per device, pinned to the CPUs near it,
/// and a barrier before each test so every device runs the same test at the same time (the aggregate is then a real
/// concurrent figure, not a sum of solo runs).</summary>
public static class ConcurrentSuite
{
    /// <param name="devices">The devices; each gets its own thread.</param>
    /// <param name="tests">The tests, run in this order on every device (their Device field is set per device).</param>
    /// <param name="options">Measurement options.</param>
    /// <param name="onResult">Called from the device's thread as each result is ready (must be thread-safe).</param>
    /// <param name="cancellation">Stops between samples.</param>
    public static IReadOnlyList<DeviceOutcome> Run(
        IReadOnlyList<ITransferDevice> devices,
        IReadOnlyList<TransferTest> tests,
        MeasurementOptions options,
        Action<TestResult>? onResult = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(tests);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var barrier = new Barrier(devices.Count);
        var outcomes = new DeviceOutcome?[devices.Count];
        var errors = new Exception?[devices.Count];
        var threads = devices.Select((device, index) => new Thread(() =>
        {
            try
            {
                outcomes[index] = RunDevice(device, tests, options, barrier, onResult, failed.Token);
            }
            catch (Exception e)
            {
                errors[index] = e;
                failed.Cancel();
            }
        })
        { Name = $"device {device.Description.Ordinal}", IsBackground = true }).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // The first real failure wins over the cancellations it caused in the other threads.
        var error = errors.FirstOrDefault(e => e is not null and not OperationCanceledException) ?? errors.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        return outcomes.Select(o => o!).ToList();
    }

    private static DeviceOutcome RunDevice(ITransferDevice device, IReadOnlyList<TransferTest> tests, MeasurementOptions options,
        Barrier barrier, Action<TestResult>? onResult, CancellationToken cancellation)
    {
        string affinity = PinNearDevice(device.Description);
        device.BindToThread();
        var meter = new BandwidthMeter(device, options);
        var results = new List<TestResult>();
        foreach (var test in tests)
        {
            barrier.SignalAndWait(cancellation);
            foreach (var result in meter.Measure(test with { Device = device.Description.Ordinal }, cancellation))
            {
                results.Add(result);
                onResult?.Invoke(result);
            }
        }
        return new DeviceOutcome(device.Description, affinity, results);
    }

    /// <summary>Pins the thread to the device's CPUs when they are known; says what the thread got either way.</summary>
    private static string PinNearDevice(DeviceDescription device)
    {
        if (string.IsNullOrEmpty(device.CpuAffinity))
        {
            return $"{ThreadAffinity.CurrentThread()} (device affinity unknown: not pinned)";
        }
        try
        {
            return ThreadAffinity.PinCurrentThread(CpuList.Parse(device.CpuAffinity));
        }
        catch (InvalidOperationException e)
        {
            return $"{ThreadAffinity.CurrentThread()} (pinning to {device.CpuAffinity} failed: {e.Message})";
        }
    }
}
