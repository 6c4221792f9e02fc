using CvmBench.Measurement;

namespace CvmBench.Model;

/// <summary>Calibrates the model to a machine: measured values replace parameters, and their source says which run
/// measured them.</summary>
public static class Calibration
{
    /// <summary>A copy of <paramref name="parameters"/> with every measured value in place, marked
    /// <c>measured: run ID</c>. Values the run did not measure keep their value and source.</summary>
    public static ParameterSet Apply(ParameterSet parameters, MeasuredParameters measured)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(measured);
        string source = $"measured: run {measured.RunId}";
        var result = parameters;
        foreach (var (name, value) in new (string, double?)[]
        {
            ("dma.h2dRate", measured.H2DDmaRate),
            ("dma.d2hRate", measured.D2HDmaRate),
            ("host.copyRatePerThread", measured.CopyRatePerThread),
            ("register.perPage", measured.RegistrationPerPage),
            ("cc.aesGcmRatePerCore", measured.AesGcmRatePerCore),
        })
        {
            if (value is double si)
            {
                result = result.WithSi(name, si, source);
            }
        }
        return result;
    }

    /// <summary>What a run measured that the model can use: the pinned copy-engine medians (one direction at a time)
    /// at the largest size give the DMA rates. Results carry bandwidths only, so the host copy rate, the
    /// registration cost and the AES-GCM rate stay null until runs record them.</summary>
    public static MeasuredParameters FromRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Simulated)
        {
            throw new ArgumentException($"run {run.Id} was measured on the simulated device, not a GPU: it cannot calibrate the model");
        }
        return new MeasuredParameters(run.Id,
            H2DDmaRate: PinnedRateAtLargestSize(run, Direction.HostToDevice),
            D2HDmaRate: PinnedRateAtLargestSize(run, Direction.DeviceToHost));
    }

    /// <summary>Median GB/s of the pinned, copy-engine, one-direction result at the largest size, in bytes/s; when
    /// several GPUs were measured at that size, the fastest (the model describes one link).</summary>
    private static double? PinnedRateAtLargestSize(RunRecord run, Direction direction)
    {
        var pinned = run.Results
            .Where(r => r.Test.Memory == MemoryKind.Pinned && r.Test.Direction == direction
                && r.Test.Method == CopyMethod.CopyEngine && !r.Test.Bidirectional && r.Bandwidth.Median > 0)
            .ToList();
        if (pinned.Count == 0)
        {
            return null;
        }
        long largest = pinned.Max(r => r.Test.Bytes);
        return pinned.Where(r => r.Test.Bytes == largest).Max(r => r.Bandwidth.Median) * 1e9;
    }
}
