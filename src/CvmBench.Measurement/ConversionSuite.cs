using System.Security.Cryptography;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>The entry point of <c>convert</c>: what making host memory DMA-able costs on one device, and the host
/// rates the cost model takes, as one recorded run.</summary>
public static class ConversionSuite
{
    /// <summary>Measures <paramref name="plan"/> on <paramref name="device"/> as one run recorded in
    /// <paramref name="sink"/>; a failure or cancellation leaves it incomplete and is thrown on.</summary>
    /// <param name="commandLine">The arguments that asked for it, as the run records them.</param>
    /// <param name="device">The device.</param>
    /// <param name="plan">What to measure.</param>
    /// <param name="machine">The machine's one reading: the run's environment, and the cache the rates rotate over.</param>
    /// <param name="sink">Where the run is recorded.</param>
    /// <param name="progress">Who is told of each operation and of what is skipped.</param>
    /// <param name="cancellation">Stops between samples.</param>
    public static RunRecord Run(IReadOnlyList<string> commandLine, ITransferDevice device, ConversionPlan plan, MachineReading machine,
        IRunSink sink, IRunProgress? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(machine);
        var recorder = RunRecorder.Begin(commandLine, device.Description.Simulated, RunEnvironment.Of(machine.Profile), sink, progress);
        try
        {
            Measure(device, plan, machine.Host, recorder, cancellation);
            return recorder.Complete();
        }
        catch
        {
            recorder.Stop();
            throw;
        }
    }

    /// <summary>Registration on each page size, touched then untouched, at every size; host allocation; the rates.</summary>
    private static void Measure(ITransferDevice device, ConversionPlan plan, HostFacts host, RunRecorder recorder, CancellationToken cancellation)
    {
        var meter = new ConversionMeter(device, plan.Samples);
        foreach (bool huge in plan.HugePages)
        {
            foreach (bool touched in new[] { true, false })
            {
                if (!MeasureRegistrations(meter, plan.Sizes, huge, touched, recorder, cancellation))
                {
                    recorder.Skip("2 MiB pages: no hugetlb pool has room and transparent huge pages are disabled");
                    break;
                }
            }
        }
        foreach (long size in plan.Sizes)
        {
            var (allocate, free) = meter.MeasureHostAlloc(size, cancellation);
            recorder.Add(allocate);
            recorder.Add(free);
        }
        var rates = new HostRateMeter(samples: 5, host.LastLevelCacheBytes, device.Description.Ordinal);
        if (!AesGcm.IsSupported)
        {
            recorder.Skip("the AES-GCM rates: AES-GCM is not available on this machine (System.Security.Cryptography needs OpenSSL)");
        }
        foreach (int count in plan.Threads)
        {
            cancellation.ThrowIfCancellationRequested();
            if (AesGcm.IsSupported)
            {
                recorder.Add(rates.AesGcmSeal(count, 4096));
                recorder.Add(rates.AesGcmSeal(count, HostRateMeter.StagingChunkBytes));
            }
            recorder.Add(rates.HostCopy(count, plan.HostCopyBytes));
            recorder.Add(rates.StagingCopy(count, plan.StagingCopyBytes));
        }
    }

    /// <summary>False when the pages asked for cannot be had.</summary>
    private static bool MeasureRegistrations(ConversionMeter meter, IReadOnlyList<long> sizes, bool huge, bool touched, RunRecorder recorder, CancellationToken cancellation)
    {
        foreach (long size in sizes)
        {
            if (meter.MeasureRegistration(size, huge, touched, cancellation) is not var (register, unregister))
            {
                return false;
            }
            recorder.Add(register);
            recorder.Add(unregister);
        }
        return true;
    }
}
