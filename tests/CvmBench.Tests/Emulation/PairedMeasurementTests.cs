using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>The paired overhead measurement on the simulated device: injected and plain alternate sample by sample in
/// ABBA order on one strategy instance, with the injector switched between them, and the ratio comes from the pairs.</summary>
[Collection(TimingCollection.Name)]
public class PairedMeasurementTests
{
    private static readonly EmulationOptions OneTransferPerSample = new(Samples: 4, BytesPerSample: 1, MaxTransfersPerSample: 1, Host: TestHost.Facts with { LastLevelCacheBytes = 1L << 20 });

    [Fact]
    public void Injected_and_plain_samples_alternate_in_abba_order_so_a_steady_drift_cancels()
    {
        // Every copy takes 20 ms longer than the one before. Copies 0 and 1 are the two warm-ups; then the pairs run
        // zero, plain | plain, zero | zero, plain | plain, zero: copies 2-3, 4-5, 6-7, 8-9.
        using var device = new ObservedDevice(new HostMemoryDevice()) { DriftBase = TimeSpan.FromMilliseconds(50), DriftStep = TimeSpan.FromMilliseconds(20) };
        var emulator = new Emulator(device, EmulatorTests.Parameters, OneTransferPerSample, BusyWait.Calibrate());
        var results = new List<OperationResult>();
        emulator.MeasurePaired(new EmulationCase(PlatformProfile.Vm, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.Zero, Direction.HostToDevice),
            [64 << 10], results.Add);

        Assert.Equal(["vm per-transfer zero h2d", "vm per-transfer none h2d"], results.Select(r => r.Test.Variant));
        var (zero, plain) = (results[0], results[1]);
        Assert.All(results, r => Assert.Equal(4, r.Samples.Count));
        Assert.All(results, r => Assert.Contains(OverheadCheck.PairedMark, r.Method, StringComparison.Ordinal));
        // Whichever of a pair ran second ran later, so took longer: plain in even pairs, zero-cost in odd ones. (One
        // pair may be upset by the scheduler on a busy machine; in any other order at least two would be wrong.)
        int inOrder = Enumerable.Range(0, 4).Count(k => k % 2 == 0 == plain.Samples[k].Nanoseconds > zero.Samples[k].Nanoseconds);
        Assert.True(inOrder >= 3, $"zero-cost {string.Join(", ", zero.Samples.Select(s => s.Nanoseconds))} ns; plain {string.Join(", ", plain.Samples.Select(s => s.Nanoseconds))} ns");
        // Zero-cost copies 2, 5, 6, 9 and plain copies 3, 4, 7, 8 have the same median, 160 ms: the drift is gone from
        // the ratio (alternating without the mirror, plain copies 3, 5, 7, 9 against 2, 4, 6, 8 would make it 1.13).
        var overhead = OverheadCheck.Compare(new EmulationCase(PlatformProfile.Vm, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.Zero, Direction.HostToDevice), zero, plain);
        Assert.InRange(overhead.Ratio, 0.93, 1.07);
        Assert.NotNull(overhead.Pairs);
        Assert.True(overhead.Pairs.Max > 1.08 && overhead.Pairs.Min < 0.93, $"pair ratios {overhead.Pairs.Min} to {overhead.Pairs.Max}");
    }

    [Fact]
    public void The_injector_is_switched_sample_by_sample_on_one_strategy_instance()
    {
        // A 10 ms TLB shootdown each way makes TDX's conversion far longer than a memcpy of 1 or 2 MiB.
        using var device = new ObservedDevice(new HostMemoryDevice());
        var parameters = EmulatorTests.Parameters with { Tdx = EmulatorTests.Parameters.Tdx with { TlbShootdown = 10e-3 } };
        var emulator = new Emulator(device, parameters, OneTransferPerSample, BusyWait.Calibrate());
        var results = new List<OperationResult>();
        var modeled = new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.Modeled, Direction.DeviceToHost);
        emulator.MeasurePaired(modeled, [1 << 20, 2 << 20], results.Add);

        Assert.Equal(4, results.Count);
        foreach (var (injected, plain) in new[] { (results[0], results[1]), (results[2], results[3]) })
        {
            double conversion = PageConversionModel.RoundTrip(PlatformProfile.Tdx, injected.Test.Bytes, parameters).Total;
            Assert.All(injected.Samples, s => Assert.True(s.Nanoseconds * 1e-9 >= conversion * 0.95, $"injected sample {s.Nanoseconds} ns"));
            Assert.True(plain.MedianSeconds < conversion / 2, $"plain median {plain.MedianSeconds * 1e6:F0} us");
            Assert.True(injected.Verified && plain.Verified);
        }
        // One device buffer and one queue served both variants at both sizes.
        Assert.Equal(1, device.DeviceAllocations);
        Assert.Equal(1, device.Queues);
    }

    [Fact]
    public void A_paired_bounce_uses_one_staging_pool_and_spends_its_mapping_cost_only_when_injecting()
    {
        using var device = new ObservedDevice(new HostMemoryDevice());
        // 2 ms per swiotlb mapping: 4 mappings of 256 KiB per 1 MiB transfer.
        var parameters = EmulatorTests.Parameters with { Swiotlb = EmulatorTests.Parameters.Swiotlb with { MappingCost = 2e-3 } };
        var emulator = new Emulator(device, parameters, OneTransferPerSample, BusyWait.Calibrate());
        var results = new List<OperationResult>();
        emulator.MeasurePaired(new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.Bounce, InjectedCosts.Modeled, Direction.HostToDevice),
            [1 << 20, 3 << 20], results.Add);

        Assert.Equal(1, device.PinnedAllocations);
        for (int size = 0; size < 2; size++)
        {
            var (injected, plain) = (results[2 * size], results[2 * size + 1]);
            double mappings = injected.Test.Bytes / (256.0 * 1024) * 2e-3;
            Assert.All(injected.Samples, s => Assert.True(s.Nanoseconds * 1e-9 >= mappings * 0.95, $"injected sample {s.Nanoseconds} ns"));
            Assert.True(plain.MedianSeconds < mappings / 2, $"plain median {plain.MedianSeconds * 1e6:F0} us");
            Assert.Contains("switched off", plain.Method, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_a_case_with_injection_points_can_be_paired()
    {
        var emulator = new Emulator(new HostMemoryDevice(), EmulatorTests.Parameters, OneTransferPerSample, BusyWait.Calibrate());
        Assert.Throws<ArgumentException>(() => emulator.MeasurePaired(EmulationCase.PinnedBaseline(Direction.HostToDevice), [4096], _ => { }));
        Assert.Throws<ArgumentException>(() => emulator.MeasurePaired(
            new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.Bounce, InjectedCosts.None, Direction.HostToDevice), [4096], _ => { }));
    }
}
