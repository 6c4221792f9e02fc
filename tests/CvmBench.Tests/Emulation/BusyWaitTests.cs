using System.Diagnostics;
using CvmBench.Emulation;

namespace CvmBench.Tests.Emulation;

public class BusyWaitTests
{
    /// <summary>The injector's waits are what the emulation's accuracy rests on. A wait may run long on a busy machine
    /// (its precision is checked on the machine itself, by <c>emulate --costs zero,none</c>), but it never ends early:
    /// each lasts at least its target less the calibrated overshoot, and their median at least 90% of the target.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    public void A_wait_never_ends_before_its_target_from_1_to_100_microseconds(int microseconds)
    {
        var wait = BusyWait.Calibrate();
        double target = microseconds * 1e-6;
        int rounds = microseconds <= 10 ? 2001 : 501;
        double[] elapsed = new double[rounds];
        for (int i = 0; i < rounds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            wait.Spin(target);
            elapsed[i] = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        }
        Array.Sort(elapsed);
        // One tick of rounding in the wait's own target.
        Assert.True(elapsed[0] >= target - wait.Overshoot - 1.0 / Stopwatch.Frequency,
            $"shortest {elapsed[0] * 1e6:F3} us for a {microseconds} us target (overshoot calibrated to {wait.Overshoot * 1e9:F0} ns)");
        double median = elapsed[rounds / 2];
        Assert.True(median >= target * 0.9, $"median {median * 1e6:F3} us for a {microseconds} us target (overshoot calibrated to {wait.Overshoot * 1e9:F0} ns)");
    }

    [Fact]
    public void Nothing_is_spent_for_zero_or_less()
    {
        var requested = new List<double>();
        var wait = BusyWait.Calibrate(requested.Add);
        wait.Spin(0);
        wait.Spin(-1e-3);
        wait.Spin(double.NaN);
        Assert.Empty(requested);
        wait.Spin(1e-6);
        Assert.Equal([1e-6], requested);
    }
}
