using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>The emulator end to end on the simulated device: every strategy moves the right bytes, injected costs are
/// really spent, and the results are what the model is compared with.</summary>
public class EmulatorTests
{
    private static readonly EmulationOptions Quick = new(EmulationOptions.Defaults(TestHost.Facts with { LastLevelCacheBytes = 1L << 20 }) with { Samples = 3, BytesPerSample = 1L << 20, MaxCopiesPerSample = 4 });

    /// <summary>The defaults with a small machine, so the swiotlb pool is its 64 MiB minimum.</summary>
    internal static ModelParameters Parameters { get; } =
        ModelParameters.From(ParameterSet.Defaults.WithSi("host.memory", 1L << 30, "test"));

    public static TheoryData<PlatformProfile, StrategyKind, InjectedCosts, Direction> EveryCase()
    {
        var data = new TheoryData<PlatformProfile, StrategyKind, InjectedCosts, Direction>();
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            data.Add(PlatformProfile.Vm, StrategyKind.Pinned, InjectedCosts.None, direction);
            foreach (var platform in new[] { PlatformProfile.Vm, PlatformProfile.Tdx, PlatformProfile.SevSnp, PlatformProfile.SnpPageFlip, PlatformProfile.H100Cc })
            {
                foreach (var strategy in EmulationCase.StrategiesOf(platform))
                {
                    foreach (var costs in Enum.GetValues<InjectedCosts>())
                    {
                        data.Add(platform, strategy, costs, direction);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Every_strategy_moves_exactly_the_bytes_sent(PlatformProfile platform, StrategyKind strategy, InjectedCosts costs, Direction direction)
    {
        using var device = new HostMemoryDevice();
        var emulator = new Emulator(device, Parameters, Quick, BusyWait.Calibrate());
        // Not a multiple of a page, a swiotlb mapping or a staging chunk: every tail is exercised.
        long bytes = (3L << 20) + 4097;
        var emulation = new EmulationCase(platform, strategy, costs, direction, strategy == StrategyKind.ConvertOnce ? 3 : 1);
        var result = emulator.Measure(emulation, bytes);

        Assert.True(result.Verified);
        Assert.Equal(OperationKind.EmulatedTransfer, result.Test.Operation);
        Assert.Equal(emulation, EmulationCase.Of(result.Test));
        Assert.Equal(bytes, result.Test.Bytes);
        Assert.Equal(Quick.Measurement.Samples, result.Samples.Count);
        Assert.All(result.Samples, s => Assert.True(s.Bytes % (bytes * emulation.Reuses) == 0 && s.Nanoseconds > 0));
        Assert.Contains("verified", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Injected_conversion_costs_are_really_spent_once_each_way_per_transfer()
    {
        using var device = new HostMemoryDevice();
        var options = Quick with { Measurement = Quick.Measurement with { MaxCopiesPerSample = 1 } };
        var emulator = new Emulator(device, Parameters, options, BusyWait.Calibrate());
        long bytes = 1L << 20;
        var injected = PageConversionModel.RoundTrip(PlatformProfile.Tdx, bytes, Parameters).Total; // about 1.7 ms
        var result = emulator.Measure(new EmulationCase(PlatformProfile.Tdx, StrategyKind.ConvertPerTransfer, InjectedCosts.Modeled, Direction.HostToDevice), bytes);
        Assert.True(result.MedianSeconds >= injected * 0.95, $"{result.MedianSeconds * 1e6:F0} us per transfer, {injected * 1e6:F0} us injected");
        Assert.Contains("TDX costs injected as busy waits", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_costs_keep_the_injection_points_and_spend_nothing()
    {
        var requested = new List<double>();
        var wait = BusyWait.Calibrate(requested.Add);
        var injector = new CostInjector(PlatformProfile.Tdx, Parameters, zero: true, wait);
        Assert.Equal(0, injector.ToSharedSeconds(1L << 30));
        Assert.Equal(0, injector.ToPrivateSeconds(1L << 30));
        Assert.Equal(0, injector.MappingSeconds);
        Assert.Equal(0, injector.ChunkSeconds);
        injector.ToShared(1L << 30);
        injector.ToPrivate(1L << 30);
        injector.Mapping();
        injector.Chunk();
        Assert.Empty(requested);
        // The same calls with the modeled costs wait, each for what the model gives.
        var modeled = new CostInjector(PlatformProfile.Tdx, Parameters, zero: false, wait);
        modeled.ToShared(4096);
        modeled.Mapping();
        Assert.Equal([modeled.ToSharedSeconds(4096), Parameters.Swiotlb.MappingCost], requested);
    }

    [Fact]
    public void Only_confidential_vms_pay_a_swiotlb_mapping()
    {
        var wait = BusyWait.Calibrate();
        Assert.Equal(Parameters.Swiotlb.MappingCost, new CostInjector(PlatformProfile.Tdx, Parameters, false, wait).MappingSeconds);
        Assert.Equal(0, new CostInjector(PlatformProfile.Vm, Parameters, false, wait).MappingSeconds);
    }

    [Fact]
    public void Data_changed_on_the_device_fails_the_encrypted_transfer_back()
    {
        using var device = new HostMemoryDevice();
        using var bounce = new EncryptedBounce(device, AesGcmStaging.NewKey(), injector: null);
        long bytes = (2L << 20) + 100;
        using var buffer = device.AllocateDevice(EncryptedBounce.SealedBytes(bytes));
        bounce.SealPatternOnDevice(device, buffer, bytes, 5, transfer: 0);
        using var host = new PageableHostBuffer(bytes);
        bounce.ToHost(host.Pointer, buffer, bytes, 0);
        Assert.Equal(-1, DataPattern.FindMismatch(host.Pointer, bytes, 5));

        byte[] one = new byte[1];
        device.Download(one, buffer, 3000);
        one[0] ^= 1;
        device.Upload(buffer, 3000, one);
        Assert.Equal(0, bounce.FindPatternMismatchOnDevice(device, buffer, bytes, 5, 0));
        Assert.Throws<VerificationException>(() => bounce.ToHost(host.Pointer, buffer, bytes, 0));
    }

    [Fact]
    public void What_is_sealed_to_the_device_opens_there_to_what_was_sent()
    {
        using var device = new HostMemoryDevice();
        using var bounce = new EncryptedBounce(device, AesGcmStaging.NewKey(), injector: null);
        long bytes = (5L << 20) + 7;
        using var host = new PageableHostBuffer(bytes);
        DataPattern.Fill(host.Pointer, bytes, 9);
        using var buffer = device.AllocateDevice(EncryptedBounce.SealedBytes(bytes));
        bounce.ToDevice(buffer, host.Pointer, bytes);
        Assert.Equal(-1, bounce.FindPatternMismatchOnDevice(device, buffer, bytes, 9, bounce.LastTransfer));
        Assert.NotEqual(-1, bounce.FindPatternMismatchOnDevice(device, buffer, bytes, 9, bounce.LastTransfer + 1));
    }
}
