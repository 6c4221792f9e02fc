using System.Collections.Concurrent;
using System.Text;
using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>The paired overhead measurement on the simulated device: injected and plain alternate sample by sample in
/// ABBA order on one strategy instance, with the injector switched between them, and the ratio comes from the pairs.</summary>
public class PairedMeasurementTests
{
    private static readonly EmulationOptions OneTransferPerSample = new(EmulationOptions.Defaults(TestHost.Facts with { LastLevelCacheBytes = 1L << 20 }) with { Samples = 4, BytesPerSample = 1, MaxCopiesPerSample = 1 });

    [Fact]
    public void Injected_and_plain_samples_alternate_in_abba_order()
    {
        // A bounce of 64 KiB is one swiotlb mapping and one copy: an injected transfer logs "m" (its mapping's wait)
        // then "c" (the copy); a plain one logs "c" alone.
        var log = new StringBuilder();
        using var device = new ObservedDevice(new HostMemoryDevice()) { BeforeCopy = () => log.Append('c') };
        var emulator = new Emulator(device, EmulatorTests.Parameters, OneTransferPerSample, BusyWait.Calibrate(_ => log.Append('m')));
        var results = new List<OperationResult>();
        emulator.MeasurePaired(new EmulationCase(PlatformProfile.Tdx, StrategyKind.Bounce, InjectedCosts.Modeled, Direction.HostToDevice),
            [64 << 10], results.Add);

        Assert.Equal(["tdx bounce modeled h2d", "tdx bounce none h2d"], results.Select(r => r.Test.Variant));
        Assert.All(results, r => Assert.Equal(4, r.Samples.Count));
        Assert.All(results, r => Assert.Contains(OverheadCheck.PairedMark, r.Method, StringComparison.Ordinal));
        string order = log.ToString().Replace("mc", "I", StringComparison.Ordinal).Replace("c", "P", StringComparison.Ordinal);
        // A warm-up of each; the pairs injected-plain | plain-injected | injected-plain | plain-injected; then plain,
        // which ran first in the last pair, once more onto a poisoned destination to be checked.
        Assert.Equal("IP" + "IPPIIPPI" + "P", order);
    }

    [Fact]
    public void Abba_pairs_cancel_a_steady_drift_from_the_ratio_and_show_it_in_the_pair_ratios()
    {
        // Every copy takes 20 ms longer than the one before, from 90 ms: zero-cost copies 2, 5, 6, 9 and plain copies
        // 3, 4, 7, 8 of ABBA pairs have the same median, 160 ms (alternating without the mirror, plain copies 3, 5, 7, 9
        // against 2, 4, 6, 8 would make it 1.13); the pair ratios, 110/90, 130/150, 190/170, 210/230, centre on 1.
        var zeroCase = new EmulationCase(PlatformProfile.Vm, StrategyKind.ConvertPerTransfer, InjectedCosts.Zero, Direction.HostToDevice);
        OperationResult Copies(EmulationCase emulation, params int[] copies) => new(
            new OperationTest(OperationKind.EmulatedTransfer, emulation.Variant.ToString(), 64 << 10, 1, 0),
            [.. copies.Select(k => new OperationSample(64 << 10, (50 + 20L * k) * 1_000_000))], true, OverheadCheck.PairedMark);

        var overhead = OverheadCheck.Compare(zeroCase, Copies(zeroCase, 2, 5, 6, 9), Copies(zeroCase with { Costs = InjectedCosts.None }, 3, 4, 7, 8));

        Assert.Equal(1, overhead.RatioOfMedians, 12);
        Assert.NotNull(overhead.Pairs);
        Assert.Equal((21 / 23.0 + 19 / 17.0) / 2, overhead.Ratio, 12);
        Assert.Equal(110 / 90.0, overhead.Pairs.Max, 12);
        Assert.Equal(130 / 150.0, overhead.Pairs.Min, 12);
    }

    [Fact]
    public void The_injector_is_switched_sample_by_sample_on_one_strategy_instance()
    {
        var requested = new ConcurrentQueue<double>();
        using var device = new ObservedDevice(new HostMemoryDevice());
        var parameters = EmulatorTests.Parameters with { Tdx = EmulatorTests.Parameters.Tdx with { TlbShootdown = 10e-3 } };
        var emulator = new Emulator(device, parameters, OneTransferPerSample, BusyWait.Calibrate(requested.Enqueue));
        var results = new List<OperationResult>();
        var modeled = new EmulationCase(PlatformProfile.Tdx, StrategyKind.ConvertPerTransfer, InjectedCosts.Modeled, Direction.DeviceToHost);
        long[] sizes = [1 << 20, 2 << 20];
        emulator.MeasurePaired(modeled, sizes, results.Add);

        Assert.Equal(4, results.Count);
        // Each injected transfer (a warm-up and 4 samples per size; the last sample of each size is injected, so the
        // extra checked transfer is plain) converts once each way; a plain one asks for nothing.
        double[] expected = [.. sizes.SelectMany(bytes => Enumerable.Repeat(bytes, 1 + 4)).SelectMany(bytes => new[]
        {
            PageConversionModel.ToShared(PlatformProfile.Tdx, bytes, parameters).Total, PageConversionModel.ToPrivate(PlatformProfile.Tdx, bytes, parameters).Total,
        })];
        Assert.Equal(expected, requested);
        foreach (var (injected, plain) in new[] { (results[0], results[1]), (results[2], results[3]) })
        {
            // The waits are spent inside the timed samples: a busy machine can only lengthen them.
            double conversion = PageConversionModel.RoundTrip(PlatformProfile.Tdx, injected.Test.Bytes, parameters).Total;
            Assert.All(injected.Samples, s => Assert.True(s.Nanoseconds * 1e-9 >= conversion * 0.95, $"injected sample {s.Nanoseconds} ns"));
            Assert.True(injected.Verified && plain.Verified);
        }
        // One device buffer and one queue served both variants at both sizes.
        Assert.Equal(1, device.DeviceAllocations);
        Assert.Equal(1, device.Queues);
    }

    [Fact]
    public void A_paired_bounce_uses_one_staging_pool_and_spends_its_mapping_cost_only_when_injecting()
    {
        var requested = new ConcurrentQueue<double>();
        using var device = new ObservedDevice(new HostMemoryDevice());
        // 2 ms per swiotlb mapping: 4 mappings of 256 KiB per 1 MiB transfer.
        var parameters = EmulatorTests.Parameters with { Swiotlb = EmulatorTests.Parameters.Swiotlb with { MappingCost = 2e-3 } };
        var emulator = new Emulator(device, parameters, OneTransferPerSample, BusyWait.Calibrate(requested.Enqueue));
        var results = new List<OperationResult>();
        long[] sizes = [1 << 20, 3 << 20];
        emulator.MeasurePaired(new EmulationCase(PlatformProfile.Tdx, StrategyKind.Bounce, InjectedCosts.Modeled, Direction.HostToDevice),
            sizes, results.Add);

        Assert.Equal(1, device.PinnedAllocations);
        // One 2 ms mapping per 256 KiB of each injected transfer (a warm-up and 4 samples per size) and none for the
        // plain ones: the count would be about twice this if plain transfers mapped too.
        long mappings = sizes.Sum(bytes => (1 + 4) * bytes / BounceStaging.SwiotlbMappingBytes);
        Assert.Equal(mappings, requested.Count);
        Assert.All(requested, seconds => Assert.Equal(2e-3, seconds));
        for (int size = 0; size < 2; size++)
        {
            var (injected, plain) = (results[2 * size], results[2 * size + 1]);
            // The mappings' waits are spent inside the timed samples: a busy machine can only lengthen them.
            double spent = injected.Test.Bytes / (256.0 * 1024) * 2e-3;
            Assert.All(injected.Samples, s => Assert.True(s.Nanoseconds * 1e-9 >= spent * 0.95, $"injected sample {s.Nanoseconds} ns"));
            Assert.Contains("switched off", plain.Method, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_a_case_with_injection_points_can_be_paired()
    {
        var emulator = new Emulator(new HostMemoryDevice(), EmulatorTests.Parameters, OneTransferPerSample, BusyWait.Calibrate());
        Assert.Throws<ArgumentException>(() => emulator.MeasurePaired(EmulationCase.PinnedBaseline(Direction.HostToDevice), [4096], _ => { }));
        Assert.Throws<ArgumentException>(() => emulator.MeasurePaired(
            new EmulationCase(PlatformProfile.Tdx, StrategyKind.Bounce, InjectedCosts.None, Direction.HostToDevice), [4096], _ => { }));
    }
}
