using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;

namespace CvmBench.Tests.Emulation;

/// <summary>Every emulated strategy on a real GPU, its data verified; skipped where there is no GPU.</summary>
public class GpuEmulationTests
{
    private static readonly EmulationOptions Quick = new(Samples: 3, BytesPerSample: 16L << 20, MaxTransfersPerSample: 4, CacheBytes: 8L << 20);

    [Theory]
    [MemberData(nameof(EmulatorTests.EveryCase), MemberType = typeof(EmulatorTests))]
    public void Every_strategy_moves_exactly_the_bytes_sent_on_the_gpu(PlatformProfile platform, EmulatedStrategy strategy, InjectedCosts costs, Direction direction)
    {
        using var device = Gpu.OpenDevice();
        var emulator = new Emulator(device, EmulatorTests.Parameters, Quick, BusyWait.Calibrate());
        long bytes = (8L << 20) + 4097;
        var emulation = new EmulationCase(platform, strategy, costs, direction, strategy == EmulatedStrategy.ConvertOnce ? 3 : 1);
        var result = emulator.Measure(emulation, bytes);
        // Correctness only: how fast a strategy runs is the benchmark's business (bench/emulate.sh), not a test's.
        Assert.True(result.Verified);
        Assert.True(result.MedianBytesPerSecond > 0);
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
