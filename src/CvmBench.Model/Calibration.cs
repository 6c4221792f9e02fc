using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>Calibrates the model to a machine: measured values replace parameters, and their source says which run
/// measured them.</summary>
public static class Calibration
{
    private const double PageBytes = PageConversionModel.PageBytes;
    private const int StagingChunkBytes = HostRateMeter.StagingChunkBytes;

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
            ("dma.h2dLatency", measured.H2DDmaLatency),
            ("dma.d2hLatency", measured.D2HDmaLatency),
            ("host.copyRatePerThread", measured.CopyRatePerThread),
            ("staging.copyRatePerThread", measured.StagingCopyRatePerThread),
            ("staging.submitCost", measured.StagingSubmitCost),
            ("register.perPage", measured.RegistrationPerPage),
            ("register.perCall", measured.RegistrationPerCall),
            ("cc.aesGcmRatePerCore", measured.AesGcmRatePerCore),
            ("cc.tagCost", measured.AesGcmTagCost),
        })
        {
            if (value is double si)
            {
                result = result.WithSi(name, si, source);
            }
        }
        return result;
    }

    /// <summary>What a run measured that the model can use:
    /// <list type="bullet">
    /// <item>the DMA rates: the pinned copy-engine medians (one direction at a time) at the largest size, or, in a run
    /// of <c>emulate</c>, the median over its plain pinned transfers of at least a sixteenth of the largest size;</item>
    /// <item>the DMA latency of each direction: the fixed part of a line fitted to <c>emulate</c>'s plain pinned
    /// transfers of that direction (one at a time, so each pays its launch and completion) against size; a run that
    /// measured one direction gives its latency to both;</item>
    /// <item>the host copy rates per thread, into an area larger than the cache and into a staging pool that stays in
    /// it: the memcpy rate at the fewest threads measured, over their number (measured several times in a run: the
    /// median); a run without the second gives the first for both;</item>
    /// <item>the staging submission: queuing a chunk's DMA and recording its event, per chunk (<c>emulate</c>);</item>
    /// <item>the registration cost, per page and per call, both calls together: in a run of <c>emulate</c> with convert
    /// per transfer where nothing is injected (the plain VM, or zero or no costs), from those cycles less their DMA,
    /// as the converter pays it; else lines fitted to cuMemHostRegister and cuMemHostUnregister latencies of touched
    /// memory on 4 KiB pages against pages (two sizes at least), from calls in bursts where the run has them, else
    /// from one call per sample;</item>
    /// <item>the AES-GCM rate per core and the cost per tag: AES-GCM with one tag per 2 MiB chunk gives the bulk rate;
    /// the extra time with a tag per 4 KiB, over the extra tags, the cost of a tag (at the fewest threads measured;
    /// measured in several rounds, each its own pair: the median over the rounds).</item>
    /// </list></summary>
    /// <param name="run">The run.</param>
    /// <param name="allowSimulated">Accept a run of the simulated device (only <c>emulate --simulate</c> does, to
    /// compare the model with a simulated run of itself).</param>
    public static MeasuredParameters FromRun(RunRecord run, bool allowSimulated = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Simulated && !allowSimulated)
        {
            throw new ArgumentException($"run {run.Id} was measured on the simulated device, not a GPU: it cannot calibrate the model");
        }
        double? h2dRate = PinnedRateAtLargestSize(run, Direction.HostToDevice) ?? EmulatedPinnedRate(run, Direction.HostToDevice);
        double? d2hRate = PinnedRateAtLargestSize(run, Direction.DeviceToHost) ?? EmulatedPinnedRate(run, Direction.DeviceToHost);
        double? h2dLatency = DmaLatency(run, Direction.HostToDevice);
        double? d2hLatency = DmaLatency(run, Direction.DeviceToHost);
        h2dLatency ??= d2hLatency;
        d2hLatency ??= h2dLatency;
        var (registrationPerPage, registrationPerCall) = ConverterRegistration(run, h2dRate, d2hRate, h2dLatency, d2hLatency) ?? Registration(run);
        var (aesRate, tagCost) = AesGcm(run);
        return new MeasuredParameters(run.Id,
            H2DDmaRate: h2dRate,
            D2HDmaRate: d2hRate,
            CopyRatePerThread: CopyRatePerThread(run, OperationKind.HostCopy),
            RegistrationPerPage: registrationPerPage,
            AesGcmRatePerCore: aesRate,
            H2DDmaLatency: h2dLatency,
            D2HDmaLatency: d2hLatency,
            RegistrationPerCall: registrationPerCall,
            AesGcmTagCost: tagCost,
            // A run that copied only into a large area (before the staging copy was measured) gives that rate for both,
            // as the model then had one rate: a lower bound for the copy into a pool that stays in cache.
            StagingCopyRatePerThread: CopyRatePerThread(run, OperationKind.StagingCopy) ?? CopyRatePerThread(run, OperationKind.HostCopy),
            StagingSubmitCost: SubmitCost(run));
    }

    /// <summary>Median GB/s of the pinned, copy-engine, one-direction result at the largest size, in bytes/s; when
    /// several GPUs were measured at that size, the fastest (the model describes one link).</summary>
    private static double? PinnedRateAtLargestSize(RunRecord run, Direction direction)
    {
        var pinned = run.Results
            .Where(r => r.Test.Memory == HostPath.Pinned && r.Test.Direction == direction
                && r.Test.Method == CopyMethod.CopyEngine && !r.Test.Bidirectional && r.Bandwidth.Median > 0)
            .ToList();
        if (pinned.Count == 0)
        {
            return null;
        }
        long largest = pinned.Max(r => r.Test.Bytes);
        return pinned.Where(r => r.Test.Bytes == largest).Max(r => r.Bandwidth.Median) * 1e9;
    }

    /// <summary>emulate's plain pinned transfers of one direction, one GPU (the lowest-numbered).</summary>
    private static List<OperationResult> EmulatedPinned(RunRecord run, Direction direction)
    {
        var pinned = run.Operations.Where(o => EmulationCase.Of(o.Test) is { Strategy: StrategyKind.Pinned } c && c.Direction == direction).ToList();
        return pinned.Count == 0 ? pinned : [.. pinned.Where(o => o.Test.Device == pinned.Min(p => p.Test.Device))];
    }

    /// <summary>The median, over the sizes of at least a sixteenth of the largest, of each size's median rate: the
    /// rate the link settles at, which one size disturbed by something else on the machine does not move (the lent
    /// H100 VM once gave 42 GB/s at 1 GiB device to host against 54 to 55 at 16 to 256 MiB).</summary>
    private static double? EmulatedPinnedRate(RunRecord run, Direction direction)
    {
        var pinned = EmulatedPinned(run, direction);
        if (pinned.Count == 0)
        {
            return null;
        }
        long largest = pinned.Max(o => o.Test.Bytes);
        double[] rates = [.. pinned.Where(o => o.Test.Bytes >= largest / LargeSizeFraction).Select(o => o.MedianBytesPerSecond).Order()];
        int middle = rates.Length / 2;
        return rates.Length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    // emulate's plain pinned transfers this close to the largest size calibrate the DMA rates.
    private const long LargeSizeFraction = 16;

    /// <summary>The fixed part of time against size for single pinned transfers of one direction. Each direction has
    /// its own: on the lent H100 VM small copies device to host took 1 to 2 us less than host to device in every GPU
    /// run, and the mean of the two was wrong both ways.</summary>
    private static double? DmaLatency(RunRecord run, Direction direction)
    {
        var points = EmulatedPinned(run, direction).Select(o => ((double)o.Test.Bytes, o.MedianSeconds)).ToList();
        return points.Select(p => p.Item1).Distinct().Count() >= 2 ? Math.Max(0, LinearFit.Relative(points).Intercept) : null;
    }

    /// <summary>The median over the run's memcpy results of one kind at the fewest threads, per thread.</summary>
    private static double? CopyRatePerThread(RunRecord run, OperationKind operation)
    {
        var copies = run.Operations.Where(o => o.Test.Operation == operation).ToList();
        if (copies.Count == 0)
        {
            return null;
        }
        int fewest = copies.Min(o => o.Test.Threads);
        return Median(copies.Where(o => o.Test.Threads == fewest).Select(o => o.MedianBytesPerSecond / fewest));
    }

    /// <summary>The median over the run's staging submissions (one per chunk size a bounce used) of the time per chunk.</summary>
    private static double? SubmitCost(RunRecord run)
    {
        var submissions = run.Operations.Where(o => o.Test.Operation == OperationKind.StagingSubmit).ToList();
        return submissions.Count == 0 ? null : Median(submissions.Select(o => o.MedianSeconds));
    }

    /// <summary>Registration as a converter per transfer pays it, from <c>emulate</c>'s convert-per-transfer results
    /// with nothing injected (the plain VM, or any platform with zero or no costs): each is register, one DMA, unregister,
    /// so its median less the model's DMA (its direction's latency and rate, from the same run) is the registration of
    /// its size. A line fitted to those against 4 KiB pages, both directions together, gives the per-page and per-call
    /// costs. Null where the run has no such results at two sizes, or no DMA rate and latency to subtract.</summary>
    private static (double? PerPage, double? PerCall)? ConverterRegistration(RunRecord run, double? h2dRate, double? d2hRate,
        double? h2dLatency, double? d2hLatency)
    {
        var points = new List<(double Pages, double Seconds)>();
        foreach (var result in run.Operations)
        {
            if (EmulationCase.Of(result.Test) is not { Strategy: StrategyKind.ConvertPerTransfer, InjectsNothing: true } emulation
                || (emulation.Direction == Direction.HostToDevice ? h2dRate : d2hRate) is not double rate
                || (emulation.Direction == Direction.HostToDevice ? h2dLatency : d2hLatency) is not double t0)
            {
                continue;
            }
            double registration = result.MedianSeconds - t0 - result.Test.Bytes / rate;
            // Where the DMA alone takes longer than the cycle (a disturbed size, or a device where registering costs
            // nothing), the size says nothing about registration.
            if (registration > 0)
            {
                points.Add((result.Test.Bytes / PageBytes, registration));
            }
        }
        if (points.Select(p => p.Pages).Distinct().Count() < 2)
        {
            return null;
        }
        var fit = LinearFit.Relative(points);
        return (Math.Max(0, fit.Slope), Math.Max(0, fit.Intercept));
    }

    private static (double? PerPage, double? PerCall) Registration(RunRecord run)
    {
        var register = Fit(run, OperationKind.Register);
        var unregister = Fit(run, OperationKind.Unregister);
        if (register is null || unregister is null)
        {
            return (null, null);
        }
        // A fixed part below zero is noise around nothing: the calls are then all per page.
        return (Math.Max(0, register.Slope) + Math.Max(0, unregister.Slope), Math.Max(0, register.Intercept) + Math.Max(0, unregister.Intercept));
    }

    /// <summary>Latency against 4 KiB pages of one conversion call on touched 4 KiB-page memory: from calls in bursts
    /// where the run has two sizes of them, else from calls one per sample.</summary>
    private static LinearFit? Fit(RunRecord run, OperationKind operation) =>
        Fit(run, operation, ConversionVariant.BaseTouchedBurst) ?? Fit(run, operation, ConversionVariant.BaseTouched);

    private static LinearFit? Fit(RunRecord run, OperationKind operation, string variant)
    {
        var points = run.Operations
            .Where(o => o.Test.Operation == operation && o.Test.Variant == variant)
            .Select(o => (o.Test.Bytes / PageBytes, o.MedianSeconds))
            .ToList();
        return points.Select(p => p.Item1).Distinct().Count() >= 2 ? LinearFit.Relative(points) : null;
    }

    /// <summary>The median over the run's rounds of AES-GCM (the n-th result with a tag per chunk and the n-th with a tag
    /// per page, at the fewest threads, are one round): a single-thread rate that drifts between measurements (by half,
    /// on the lent H100 VM) is taken from the middle of the run's, not from one moment.</summary>
    private static (double? RatePerCore, double? TagCost) AesGcm(RunRecord run)
    {
        var seals = run.Operations.Where(o => o.Test.Operation == OperationKind.AesGcmSeal).ToList();
        if (seals.Count == 0)
        {
            return (null, null);
        }
        int threads = seals.Min(o => o.Test.Threads);
        var fewest = seals.Where(o => o.Test.Threads == threads).ToList();
        var perChunk = fewest.Where(o => o.Test.Variant == HostRateMeter.TagVariant(StagingChunkBytes)).ToList();
        var perPage = fewest.Where(o => o.Test.Variant == HostRateMeter.TagVariant((int)PageBytes)).ToList();
        if (perChunk.Count == 0)
        {
            return (Median((perPage.Count > 0 ? perPage : fewest).Select(o => o.MedianBytesPerSecond / threads)), null);
        }
        double rate = Median(perChunk.Select(o => o.MedianBytesPerSecond / threads));
        if (perPage.Count == 0)
        {
            return (rate, null);
        }
        return (rate, Median(perChunk.Zip(perPage, (chunk, page) => TagCost(chunk, page, threads))));
    }

    /// <summary>Per thread: each thread sealed Bytes / threads, with one tag per page or one per chunk; the extra time
    /// of the tags per page over their number.</summary>
    private static double TagCost(OperationResult perChunk, OperationResult perPage, int threads)
    {
        double bytesPerThread = (double)perPage.Test.Bytes / threads;
        double extraTags = bytesPerThread / PageBytes - bytesPerThread / StagingChunkBytes;
        double extraSeconds = perPage.MedianSeconds - perChunk.MedianSeconds * perPage.Test.Bytes / perChunk.Test.Bytes;
        return Math.Max(0, extraSeconds / extraTags);
    }

    private static double Median(IEnumerable<double> values) => Statistics.Summarize([.. values]).Median;
}
