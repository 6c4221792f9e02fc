using System.Diagnostics;
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
public sealed unsafe class Emulator(ITransferDevice device, ModelParameters parameters, EmulationOptions options, BusyWait wait)
{
    private const byte Poison = 0xA5;

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
        ArgumentNullException.ThrowIfNull(emulation);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(measured);
        if (sizes.Count == 0 || sizes.Any(s => s <= 0))
        {
            throw new ArgumentException("sizes must be positive, and there must be one at least", nameof(sizes));
        }
        device.BindToThread();
        var injector = emulation.Costs == InjectedCosts.None ? null
            : new CostInjector(emulation.Platform, parameters, zero: emulation.Costs == InjectedCosts.Zero, wait);
        long largest = sizes.Max();
        using var deviceBuffer = device.AllocateDevice(emulation.Strategy == EmulatedStrategy.EncryptedBounce ? EncryptedBounce.SealedBytes(largest) : largest);
        using var transfer = Create(emulation, deviceBuffer, injector, emulation.Reuses);
        foreach (long bytes in sizes.Order())
        {
            cancellation.ThrowIfCancellationRequested();
            measured(Measure(emulation, bytes, transfer, injector, deviceBuffer, cancellation));
        }
    }

    private OperationResult Measure(EmulationCase emulation, long bytes, IEmulatedTransfer transfer, CostInjector? injector, IDeviceBuffer deviceBuffer,
        CancellationToken cancellation)
    {
        bool encrypted = emulation.Strategy == EmulatedStrategy.EncryptedBounce;
        bool toDevice = emulation.Direction == Direction.HostToDevice;
        int units = options.UnitsPerSample(bytes * emulation.Reuses);
        long stride = PerTransferConversion.PageRound(bytes);
        int slots = (int)Math.Clamp((2 * options.CacheBytes + bytes - 1) / bytes, 1, units);
        long deviceBytes = encrypted ? EncryptedBounce.SealedBytes(bytes) : bytes;

        using var host = emulation.Strategy == EmulatedStrategy.Pinned
            ? device.AllocateHost(MemoryKind.Pinned, stride * slots)
            : new PageableHostBuffer(stride * slots);

        if (toDevice)
        {
            for (int slot = 0; slot < slots; slot++)
            {
                DataPattern.Fill(host.Pointer + (nint)(slot * stride), bytes, options.Seed);
            }
        }
        else if (transfer is EncryptedCopy sealedCopy)
        {
            sealedCopy.Bounce.SealPatternOnDevice(device, deviceBuffer, bytes, options.Seed, EncryptedCopy.PreparedTransfer);
        }
        else
        {
            DevicePattern.Fill(device, deviceBuffer, bytes, options.Seed);
        }
        int next = 0;
        for (int w = 0; w < options.WarmupTransfers; w++)
        {
            transfer.Run(host, next * stride, bytes);
            next = (next + 1) % slots;
        }
        // Poisoned after the warm-up, so the check below proves the timed transfers wrote the destination.
        PoisonDestination(toDevice, host, deviceBuffer, deviceBytes, slots, stride, bytes);

        var samples = new List<OperationSample>(options.Samples);
        int last = 0;
        for (int s = 0; s < options.Samples; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            long moved = 0;
            long start = Stopwatch.GetTimestamp();
            for (int u = 0; u < units; u++)
            {
                moved += transfer.Run(host, next * stride, bytes);
                last = next;
                next = (next + 1) % slots;
            }
            long elapsed = Stopwatch.GetTimestamp() - start;
            samples.Add(new OperationSample(moved, Math.Max(1, (long)Math.Round(elapsed * 1e9 / Stopwatch.Frequency))));
        }
        if (options.Verify)
        {
            long mismatch = toDevice
                ? transfer is EncryptedCopy encryptedCopy
                    ? encryptedCopy.Bounce.FindPatternMismatchOnDevice(device, deviceBuffer, bytes, options.Seed, encryptedCopy.Bounce.LastTransfer)
                    : DevicePattern.FindMismatch(device, deviceBuffer, bytes, options.Seed)
                : DataPattern.FindMismatch(host.Pointer + (nint)(last * stride), bytes, options.Seed);
            if (mismatch >= 0)
            {
                throw new VerificationException($"emulated {emulation.Variant}, {bytes} bytes: byte {mismatch} of the last transfer differs from what was sent");
            }
        }
        int threads = emulation.Strategy == EmulatedStrategy.Bounce ? options.BounceThreads : 1;
        var test = new OperationTest(OperationNames.EmulatedTransfer, emulation.Variant.ToString(), bytes, threads, device.Description.Ordinal);
        return new OperationResult(test, samples, options.Verify, Describe(transfer, injector, emulation, bytes, units, slots));
    }

    private IEmulatedTransfer Create(EmulationCase emulation, IDeviceBuffer deviceBuffer, CostInjector? injector, int reuses) => emulation.Strategy switch
    {
        EmulatedStrategy.Pinned => new PinnedCopy(device, deviceBuffer, emulation.Direction),
        EmulatedStrategy.Bounce => new StagedBounce(device, deviceBuffer, emulation.Direction, injector, emulation.Platform,
            StagedBounce.Options(emulation.Platform, parameters, options.BounceThreads)),
        EmulatedStrategy.ConvertPerTransfer => new PerTransferConversion(device, deviceBuffer, emulation.Direction, injector),
        EmulatedStrategy.ConvertOnce => new ConvertOnceReuse(device, deviceBuffer, emulation.Direction, injector, reuses),
        EmulatedStrategy.EncryptedBounce => new EncryptedCopy(device, deviceBuffer, emulation.Direction, injector),
        _ => throw new ArgumentException($"unknown strategy {emulation.Strategy}", nameof(emulation)),
    };

    private void PoisonDestination(bool toDevice, IHostBuffer host, IDeviceBuffer deviceBuffer, long deviceBytes, int slots, long stride, long bytes)
    {
        if (toDevice)
        {
            DevicePattern.Poison(device, deviceBuffer, deviceBytes, Poison);
            return;
        }
        for (int slot = 0; slot < slots; slot++)
        {
            for (long offset = 0; offset < bytes; offset += int.MaxValue)
            {
                new Span<byte>((byte*)host.Pointer + slot * stride + offset, (int)Math.Min(int.MaxValue, bytes - offset)).Fill(Poison);
            }
        }
    }

    private string Describe(IEmulatedTransfer transfer, CostInjector? injector, EmulationCase emulation, long bytes, int units, int slots)
    {
        string costs = injector is null
            ? "plain: no injection points"
            : emulation.Costs == InjectedCosts.Zero
                ? "injection points kept, every injected cost zero"
                : $"{PlatformProfileNames.Title(emulation.Platform)} costs injected as busy waits: {InjectedAmounts(injector, emulation.Strategy, bytes)}";
        string unit = emulation.Strategy == EmulatedStrategy.ConvertOnce ? $"cycles of {emulation.Reuses} transfers" : "transfers";
        string verified = options.Verify ? "last transfer verified byte for byte" : "not verified";
        return string.Create(CultureInfo.InvariantCulture,
            $"{transfer.Describe()}; {costs}; {options.WarmupTransfers} warm-up; {options.Samples} samples x {units} {unit}, one at a time, host clock; "
            + $"host buffers rotate over {slots} x {Units.FormatBytes(bytes)}; {verified}");
    }

    private static string InjectedAmounts(CostInjector injector, EmulatedStrategy strategy, long bytes) => strategy switch
    {
        EmulatedStrategy.Bounce => string.Create(CultureInfo.InvariantCulture, $"{injector.MappingSeconds * 1e6:0.###} us per swiotlb mapping"),
        EmulatedStrategy.EncryptedBounce => string.Create(CultureInfo.InvariantCulture, $"{injector.ChunkSeconds * 1e6:0.###} us per staging chunk"),
        EmulatedStrategy.ConvertPerTransfer or EmulatedStrategy.ConvertOnce => string.Create(CultureInfo.InvariantCulture,
            $"{injector.ToSharedSeconds(bytes) * 1e6:0.###} us to shared and {injector.ToPrivateSeconds(bytes) * 1e6:0.###} us to private per conversion"),
        _ => "nothing to inject",
    };
}
