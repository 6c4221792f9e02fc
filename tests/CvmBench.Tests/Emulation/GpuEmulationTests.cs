using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>Every emulated strategy on a real GPU, its data verified; skipped where there is no GPU.</summary>
public class GpuEmulationTests
{
    private static readonly EmulationOptions Quick = new(EmulationOptions.Defaults(TestHost.Facts with { LastLevelCacheBytes = 8L << 20 }) with { Samples = 3, BytesPerSample = 16L << 20, MaxCopiesPerSample = 4 });

    [Theory]
    [MemberData(nameof(EmulatorTests.EveryCase), MemberType = typeof(EmulatorTests))]
    public void Every_strategy_moves_exactly_the_bytes_sent_on_the_gpu(PlatformProfile platform, StrategyKind strategy, InjectedCosts costs, Direction direction)
    {
        using var device = Gpu.OpenDevice();
        var emulator = new Emulator(device, EmulatorTests.Parameters, Quick, BusyWait.Calibrate());
        long bytes = (8L << 20) + 4097;
        var emulation = new EmulationCase(platform, strategy, costs, direction, strategy == StrategyKind.ConvertOnce ? 3 : 1);
        var result = emulator.Measure(emulation, bytes);
        // Correctness only: how fast a strategy runs is the benchmark's business (bench/emulate.sh), not a test's.
        Assert.True(result.Verified);
        Assert.True(result.MedianBytesPerSecond > 0);
    }

    public static TheoryData<PlatformProfile, StrategyKind, Direction> EveryPair()
    {
        var data = new TheoryData<PlatformProfile, StrategyKind, Direction>();
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            foreach (var platform in new[] { PlatformProfile.Vm, PlatformProfile.Tdx, PlatformProfile.H100Cc })
            {
                foreach (var strategy in EmulationCase.StrategiesOf(platform))
                {
                    data.Add(platform, strategy, direction);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void The_zero_cost_and_plain_variants_of_a_pair_both_move_exactly_the_bytes_sent_on_the_gpu(PlatformProfile platform, StrategyKind strategy, Direction direction)
    {
        using var device = Gpu.OpenDevice();
        var emulator = new Emulator(device, EmulatorTests.Parameters, Quick, BusyWait.Calibrate());
        var results = new List<OperationResult>();
        var zero = new EmulationCase(platform, strategy, InjectedCosts.Zero, direction, strategy == StrategyKind.ConvertOnce ? 3 : 1);
        emulator.MeasurePaired(zero, [(1L << 20) + 4097, 8L << 20], results.Add);
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.Verified));
        Assert.All(results, r => Assert.Contains(OverheadCheck.PairedMark, r.Method, StringComparison.Ordinal));
    }

    [Fact]
    public void Registration_bursts_and_staging_submissions_are_measured_on_the_gpu()
    {
        using var device = Gpu.OpenDevice();
        var (register, unregister) = new ConversionMeter(device, samples: 3).MeasureRegistrationBurst(1L << 20, calls: 8, ranges: 4);
        Assert.True(register.MedianSeconds > 1e-6 && unregister.MedianSeconds > 0, $"{register.MedianSeconds * 1e6} us");
        var submit = new SubmissionMeter(device, samples: 3).MeasureChunkSubmission(256 << 10);
        // Queuing a copy and an event is a call into the driver: never free (how slow it is, load decides too).
        Assert.True(submit.MedianSeconds > 1e-8, $"{submit.MedianSeconds * 1e9} ns");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void Registration_latencies_are_measured_on_the_gpu(bool hugePages, bool touched)
    {
        using var device = Gpu.OpenDevice();
        var measured = new ConversionMeter(device, samples: 3).MeasureRegistration(16L << 20, hugePages, touched);
        Assert.SkipWhen(measured is null, "this machine has neither a hugetlb pool with room nor transparent huge pages");
        // Pinning 4096 pages and mapping them for DMA takes real time on any machine.
        Assert.True(measured.Value.Register.MedianSeconds > 1e-6, $"{measured.Value.Register.MedianSeconds * 1e6} us");
        Assert.True(measured.Value.Unregister.MedianSeconds > 0);
    }

    [Fact]
    public void Host_allocation_latencies_are_measured_on_the_gpu()
    {
        using var device = Gpu.OpenDevice();
        var (allocate, free) = new ConversionMeter(device, samples: 3).MeasureHostAlloc(16L << 20);
        Assert.True(allocate.MedianSeconds > 1e-6 && free.MedianSeconds > 0);
    }
}
