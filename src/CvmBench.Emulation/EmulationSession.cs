using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>One run of <c>emulate</c> on one device: what the model is calibrated with, then every case of the plan at
/// every size, each result reported to a sink as it is measured.</summary>
public sealed class EmulationSession
{
    private readonly ITransferDevice _device;
    private readonly EmulationPlan _plan;
    private readonly EmulationOptions _options;
    private readonly ModelParameters _parameters;

    /// <param name="device">The GPU (or the simulated device) every case runs on.</param>
    /// <param name="plan">What to measure.</param>
    /// <param name="options">How.</param>
    /// <param name="injected">The parameters whose costs are injected.</param>
    public EmulationSession(ITransferDevice device, EmulationPlan plan, EmulationOptions options, ParameterSet injected)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(injected);
        _device = device;
        _plan = plan;
        _options = options;
        _parameters = ModelParameters.From(injected);
        Wait = BusyWait.Calibrate();
    }

    /// <summary>The busy wait the injected costs are spent in, calibrated for this machine.</summary>
    public BusyWait Wait { get; }

    /// <summary>Why the plan's largest transfer cannot run on <paramref name="device"/> with this machine's memory;
    /// null when it can.</summary>
    public static string? Misfit(ITransferDevice device, EmulationPlan plan, EmulationOptions options, ParameterSet injected)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        long largest = plan.Sizes.Max();
        if (EncryptedBounce.SealedBytes(largest) > device.Description.MemoryBytes / 10 * 9)
        {
            return $"{Units.FormatBytes(largest)} does not fit in {device.Description.Name}'s {Units.FormatBytes(device.Description.MemoryBytes)} of device memory";
        }
        var p = ModelParameters.From(injected);
        long pool = (long)p.Swiotlb.PoolBytes(p.Machine.MemoryBytes);
        long need = Math.Max(largest, 2 * options.Measurement.Host.LastLevelCacheBytes) + pool + largest;
        long available = options.Measurement.Host.MemoryAvailableBytes;
        return available > 0 && need > available
            ? $"{Units.FormatBytes(largest)} transfers with a {Units.FormatBytes(pool)} bounce pool need {Units.FormatBytes(need)} of host memory; {Units.FormatBytes(available)} is available"
            : null;
    }

    /// <summary>Measures the plan as one run and returns it: <paramref name="sink"/> gets its header, then every
    /// result as it is measured, then the run's completion. A failure or cancellation leaves the run incomplete, with
    /// every result that finished reported, and is thrown on.</summary>
    /// <param name="commandLine">The arguments that asked for it, as the run records them.</param>
    /// <param name="simulated">Whether the device is the simulated one.</param>
    /// <param name="environment">The machine, from its one reading.</param>
    /// <param name="sink">Where the run is recorded.</param>
    /// <param name="progress">Who is told of each result.</param>
    /// <param name="cancellation">Stops between samples.</param>
    public RunRecord Run(IReadOnlyList<string> commandLine, bool simulated, RunEnvironment environment, IRunSink sink, IRunProgress? progress,
        CancellationToken cancellation = default)
    {
        var recorder = RunRecorder.Begin(commandLine, simulated, environment, sink, progress);
        try
        {
            Measure(recorder.Add, cancellation);
            return recorder.Complete();
        }
        catch
        {
            recorder.Stop();
            throw;
        }
    }

    private void Measure(Action<OperationResult> add, CancellationToken cancellation)
    {
        var rates = new HostRateRounds(_plan, _options, _parameters, _device.Description.Ordinal, add);
        Calibrate(add, cancellation);
        rates.Measure(cancellation);
        var emulator = new Emulator(_device, _parameters, _options, Wait);
        var measurements = _plan.Measurements();
        for (int i = 0; i < measurements.Count; i++)
        {
            if (_plan.PairsOverhead && measurements[i].Costs == InjectedCosts.Zero)
            {
                emulator.MeasurePaired(measurements[i], _plan.Sizes, add, cancellation);
            }
            else
            {
                emulator.Measure(measurements[i], _plan.Sizes, add, cancellation);
            }
            for (int round = HostRateRounds.DueAfter(i, measurements.Count); round > 0; round--)
            {
                rates.Measure(cancellation);
            }
        }
    }

    /// <summary>The model calibrated from an emulate run: what <see cref="Calibration"/> takes from it, with the
    /// encrypted bounce sealing on one thread as the driver does; the bounce's host threads are each result's own
    /// (<see cref="ModelCheck"/>).</summary>
    public static ParameterSet Calibrated(ParameterSet injected, RunRecord run) =>
        Calibration.Apply(injected, Calibration.FromRun(run, allowSimulated: true))
            .WithSi("cc.cryptoThreads", 1, "emulate: the encrypted bounce seals on one thread, as the driver does");

    /// <summary>What the model is calibrated with besides the host rates (<see cref="HostRateRounds"/>), for the
    /// strategies asked for: registration of touched 4 KiB pages at every size, in bursts as the conversion strategies
    /// make the calls (the calls of one sample, rotating over as many buffers); the submission of each bounce's
    /// staging chunks; then the plain pinned copy at every size, for the DMA rate and latency.</summary>
    private void Calibrate(Action<OperationResult> add, CancellationToken cancellation)
    {
        var strategies = _plan.Cases().Select(c => c.Strategy).ToHashSet();
        if (strategies.Contains(StrategyKind.ConvertPerTransfer) || strategies.Contains(StrategyKind.ConvertOnce))
        {
            var meter = new ConversionMeter(_device, _options.Measurement.Samples);
            foreach (long size in _plan.Sizes)
            {
                int calls = _options.UnitsPerSample(size);
                var (register, unregister) = meter.MeasureRegistrationBurst(size, calls, Math.Min(_options.HostBuffers(size), calls), cancellation);
                add(register);
                add(unregister);
            }
        }
        var chunks = _plan.Cases().Where(c => c.Strategy == StrategyKind.Bounce)
            .Select(c => BounceStaging.Options(c.Platform, _parameters, _options.BounceThreads).ChunkBytes).Distinct();
        foreach (long chunk in chunks)
        {
            add(new SubmissionMeter(_device, _options.Measurement.Samples).MeasureChunkSubmission(chunk, cancellation));
        }
        var pinned = new Emulator(_device, _parameters, _options, BusyWait.Calibrate());
        foreach (var direction in _plan.Directions)
        {
            pinned.Measure(EmulationCase.PinnedBaseline(direction), _plan.Sizes, add, cancellation);
        }
    }
}
