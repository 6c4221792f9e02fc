using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>Runs emulated transfers on a device: each strategy's real work (registration, copies, encryption, DMA)
/// really done, with a platform's other costs injected by a <see cref="CostInjector"/> where they occur. Each case and
/// size: warm-up, samples of transfers one at a time timed on the host clock, and the bytes that arrived verified.</summary>
/// <param name="device">The device (a GPU, or the simulated one).</param>
/// <param name="parameters">The model's parameters: the amounts injected, the swiotlb pool's size.</param>
/// <param name="options">How to measure.</param>
/// <param name="wait">The calibrated busy wait.</param>
public sealed class Emulator(ITransferDevice device, ModelParameters parameters, EmulationOptions options, BusyWait wait)
{
    private static readonly bool[] InjectedFirst = [true, false];
    private static readonly bool[] PlainFirst = [false, true];

    /// <summary>Measures one case at one size.</summary>
    /// <exception cref="VerificationException">The data that arrived was wrong.</exception>
    public OperationResult Measure(EmulationCase emulation, long bytes, CancellationToken cancellation = default)
    {
        OperationResult? result = null;
        Measure(emulation, [bytes], r => result = r, cancellation);
        return result!;
    }

    /// <summary>Measures one case at every size, smallest to largest, handing each result over as it is done. The
    /// strategy (with its pinned pool or staging chunks, allocated once, as a platform would) serves every size.</summary>
    /// <exception cref="VerificationException">The data that arrived was wrong.</exception>
    public void Measure(EmulationCase emulation, IReadOnlyList<long> sizes, Action<OperationResult> measured, CancellationToken cancellation = default)
    {
        CheckArguments(emulation, sizes, measured);
        device.BindToThread();
        var injector = emulation.Costs == InjectedCosts.None ? null
            : new CostInjector(emulation.Platform, parameters, zero: emulation.Costs == InjectedCosts.Zero, wait);
        using var deviceBuffer = AllocateDevice(emulation, sizes);
        using var transfer = Create(emulation, deviceBuffer, injector);
        using var arena = Arena(sizes);
        foreach (long bytes in sizes.Order())
        {
            cancellation.ThrowIfCancellationRequested();
            using var loop = new TransferLoop(device, options, emulation, bytes, transfer, deviceBuffer, arena);
            loop.WarmUp();
            // Poisoned after the warm-up, so the check below proves the timed transfers wrote the destination.
            loop.PoisonDestination();
            var samples = new List<OperationSample>(options.Measurement.Samples);
            for (int s = 0; s < options.Measurement.Samples; s++)
            {
                cancellation.ThrowIfCancellationRequested();
                samples.Add(loop.Sample());
            }
            Verify(loop, emulation, bytes);
            measured(Result(emulation, bytes, samples, Describe(transfer, Costs(injector, emulation, bytes), emulation, bytes, loop)));
        }
    }

    /// <summary>An injected case and the plain strategy, paired: for one platform, strategy and direction, one strategy
    /// instance (its pool, queues and device buffer) and, per size, one set of host buffers serve both, which alternate
    /// sample by sample in ABBA order (injected first in even pairs, plain first in odd ones, so a drift in time weighs
    /// on both alike), the injector switched between them, not rebuilt. Each size hands over the injected result,
    /// then the plain one, with <see cref="MeasurementOptions.Samples"/> samples each; sample k of one and sample k of the
    /// other are pair k. With zero costs this is the emulation's own overhead (<see cref="OverheadCheck"/>).</summary>
    /// <exception cref="VerificationException">The data that arrived was wrong, in either variant.</exception>
    public void MeasurePaired(EmulationCase injected, IReadOnlyList<long> sizes, Action<OperationResult> measured, CancellationToken cancellation = default)
    {
        CheckArguments(injected, sizes, measured);
        if (injected.Strategy == StrategyKind.Pinned || injected.Costs == InjectedCosts.None)
        {
            throw new ArgumentException("a pair is a case with injection points and its plain strategy", nameof(injected));
        }
        var plain = injected with { Costs = InjectedCosts.None };
        device.BindToThread();
        var injector = new CostInjector(injected.Platform, parameters, zero: injected.Costs == InjectedCosts.Zero, wait);
        using var deviceBuffer = AllocateDevice(injected, sizes);
        using var transfer = Create(injected, deviceBuffer, injector);
        using var arena = Arena(sizes);
        foreach (long bytes in sizes.Order())
        {
            cancellation.ThrowIfCancellationRequested();
            using var loop = new TransferLoop(device, options, injected, bytes, transfer, deviceBuffer, arena);
            transfer.Injector = injector;
            loop.WarmUp();
            transfer.Injector = null;
            loop.WarmUp();
            loop.PoisonDestination();
            var injectedSamples = new List<OperationSample>(options.Measurement.Samples);
            var plainSamples = new List<OperationSample>(options.Measurement.Samples);
            for (int pair = 0; pair < options.Measurement.Samples; pair++)
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (bool injecting in pair % 2 == 0 ? InjectedFirst : PlainFirst)
                {
                    transfer.Injector = injecting ? injector : null;
                    (injecting ? injectedSamples : plainSamples).Add(loop.Sample());
                }
            }
            // The variant that ran last is checked as it left the destination; the other moves the data once more,
            // untimed, onto a poisoned destination, and is checked too.
            bool lastInjecting = transfer.Injector is not null;
            Verify(loop, lastInjecting ? injected : plain, bytes);
            transfer.Injector = lastInjecting ? null : injector;
            if (options.Measurement.Verify)
            {
                loop.PoisonDestination();
                loop.Run();
                Verify(loop, lastInjecting ? plain : injected, bytes);
            }
            string injectedNote = Describe(transfer, Costs(injector, injected, bytes), injected, bytes, loop);
            string plainNote = Describe(transfer, injected.Strategy == StrategyKind.Bounce
                ? "plain: the injection point switched off (the device wrapper that holds it forwards each copy alone)"
                : "plain: the injection points switched off, calling nothing", plain, bytes, loop);
            measured(Result(injected, bytes, injectedSamples, $"{injectedNote}; {Pairing(plain)}"));
            measured(Result(plain, bytes, plainSamples, $"{plainNote}; {Pairing(injected)}"));
        }
    }

    private static void CheckArguments(EmulationCase emulation, IReadOnlyList<long> sizes, Action<OperationResult> measured)
    {
        ArgumentNullException.ThrowIfNull(emulation);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(measured);
        if (sizes.Count == 0 || sizes.Any(s => s <= 0))
        {
            throw new ArgumentException("sizes must be positive, and there must be one at least", nameof(sizes));
        }
    }

    /// <summary>The pageable memory every size's loop rotates over: one arena for all, since faulting in twice the
    /// cache afresh per size would cost more than the samples.</summary>
    private PageableHostBuffer Arena(IReadOnlyList<long> sizes) => new(sizes.Max(b => TransferLoop.HostBytes(options, b)));

    private IDeviceBuffer AllocateDevice(EmulationCase emulation, IReadOnlyList<long> sizes)
    {
        long largest = sizes.Max();
        return device.AllocateDevice(emulation.Strategy == StrategyKind.EncryptedBounce ? EncryptedBounce.SealedBytes(largest) : largest);
    }

    private void Verify(TransferLoop loop, EmulationCase emulation, long bytes)
    {
        if (options.Measurement.Verify && loop.FindMismatch() is var mismatch and >= 0)
        {
            throw new VerificationException($"emulated {emulation.Variant}, {bytes} bytes: byte {mismatch} of the last transfer differs from what was sent");
        }
    }

    private OperationResult Result(EmulationCase emulation, long bytes, List<OperationSample> samples, string method)
    {
        int threads = emulation.Strategy is StrategyKind.Bounce or StrategyKind.SealedBounce ? options.BounceThreads : 1;
        var test = new OperationTest(OperationKind.EmulatedTransfer, emulation.Variant, bytes, threads, device.Description.Ordinal);
        return new OperationResult(test, samples, options.Measurement.Verify, method);
    }

    private IEmulatedTransfer Create(EmulationCase emulation, IDeviceBuffer deviceBuffer, CostInjector? injector) => emulation.Strategy switch
    {
        StrategyKind.Pinned => new PinnedCopy(device, deviceBuffer, emulation.Direction),
        StrategyKind.Bounce => new StagedBounce(device, deviceBuffer, emulation.Direction, injector, emulation.Platform,
            BounceStaging.Options(emulation.Platform, parameters, options.BounceThreads)),
        StrategyKind.ConvertPerTransfer => new PerTransferConversion(device, deviceBuffer, emulation.Direction, injector),
        StrategyKind.ConvertOnce => new ConvertOnceReuse(device, deviceBuffer, emulation.Direction, injector, emulation.Reuses),
        StrategyKind.EncryptedBounce => new EncryptedCopy(device, deviceBuffer, emulation.Direction, injector),
        StrategyKind.SealedBounce => new SealedCopy(device, deviceBuffer, emulation.Direction,
            BounceStaging.Options(PlatformProfile.Vm, parameters, options.BounceThreads) with { ChunkBytes = SealedCopy.ChunkBytes }),
        _ => throw new ArgumentException($"unknown strategy {emulation.Strategy}", nameof(emulation)),
    };

    private static string Pairing(EmulationCase other) =>
        $"{OverheadCheck.PairedMark} with {other.Variant}: one instance (the same pool, queues and host buffers), the injector switched between samples, in ABBA order";

    /// <summary>What a case injects, in words.</summary>
    private static string Costs(CostInjector? injector, EmulationCase emulation, long bytes) => injector is null
        ? "plain: no injection points"
        : emulation.Costs == InjectedCosts.Zero
            ? "injection points kept, every injected cost zero"
            : $"{PlatformProfileNames.Title(emulation.Platform)} costs injected as busy waits: {InjectedAmounts(injector, emulation.Strategy, bytes)}";

    private string Describe(IEmulatedTransfer transfer, string costs, EmulationCase emulation, long bytes, TransferLoop loop)
    {
        string unit = emulation.Strategy == StrategyKind.ConvertOnce ? $"cycles of {emulation.Reuses} transfers" : "transfers";
        string verified = options.Measurement.Verify ? "last transfer verified byte for byte" : "not verified";
        return string.Create(CultureInfo.InvariantCulture,
            $"{transfer.Describe()}; {costs}; {options.Measurement.WarmupCopies} warm-up; {options.Measurement.Samples} samples x {loop.Units} {unit}, one at a time, host clock; "
            + $"host buffers rotate over {loop.Slots} x {Units.FormatBytes(bytes)}; {verified}");
    }

    private static string InjectedAmounts(CostInjector injector, StrategyKind strategy, long bytes) => strategy switch
    {
        StrategyKind.Bounce => string.Create(CultureInfo.InvariantCulture, $"{injector.MappingSeconds * 1e6:0.###} us per swiotlb mapping"),
        StrategyKind.EncryptedBounce => string.Create(CultureInfo.InvariantCulture, $"{injector.ChunkSeconds * 1e6:0.###} us per staging chunk"),
        StrategyKind.ConvertPerTransfer or StrategyKind.ConvertOnce => string.Create(CultureInfo.InvariantCulture,
            $"{injector.ToSharedSeconds(bytes) * 1e6:0.###} us to shared and {injector.ToPrivateSeconds(bytes) * 1e6:0.###} us to private per conversion"),
        _ => "nothing to inject",
    };
}
