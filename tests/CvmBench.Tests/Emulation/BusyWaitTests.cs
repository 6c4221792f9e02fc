using System.Diagnostics;
using CvmBench.Emulation;

namespace CvmBench.Tests.Emulation;

public class BusyWaitTests
{
    /// <summary>The one timed test the injector needs: its waits are what the emulation's accuracy rests on. The median
    /// of many waits is compared, so a wait the scheduler stretched on a busy machine does not decide it.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(100)]
    public void A_wait_lasts_its_target_within_10_percent_from_1_to_100_microseconds(int microseconds)
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
        double median = elapsed[rounds / 2];
        Assert.True(Math.Abs(median / target - 1) <= 0.10,
            $"median {median * 1e6:F3} us for a {microseconds} us target (overshoot calibrated to {wait.Overshoot * 1e9:F0} ns)");
    }

    [Fact]
    public void Nothing_is_spent_for_zero()
    {
        var wait = BusyWait.Calibrate();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 1000; i++)
        {
            wait.Spin(0);
        }
        Assert.True(Stopwatch.GetElapsedTime(start).TotalMilliseconds < 50);
    }
}
