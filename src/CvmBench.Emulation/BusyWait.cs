using System.Diagnostics;

namespace CvmBench.Emulation;

/// <summary>Burns CPU time on the calling thread for a given time, as an exit to the hypervisor or a TDCALL stalls the
/// vCPU that makes it: nothing else runs on that thread meanwhile, while other threads and the copy engines go on.
/// The wait reads the clock, so it needs no loop calibration; what is calibrated is its fixed overshoot (the last clock
/// read and the call), measured once and taken off every wait.</summary>
public sealed class BusyWait
{
    private const int CalibrationRounds = 2001;
    private static readonly double TicksPerSecond = Stopwatch.Frequency;
    private readonly long _overshootTicks;
    private readonly Action<double>? _requested;

    private BusyWait(long overshootTicks, Action<double>? requested = null)
    {
        _overshootTicks = overshootTicks;
        _requested = requested;
    }

    /// <summary>The fixed time a wait runs over its target before calibration, in seconds.</summary>
    public double Overshoot => _overshootTicks / TicksPerSecond;

    /// <summary>Measures the overshoot as the median, over many 1 us waits timed the way a caller would time them (a
    /// clock read on each side), of the time beyond the target.</summary>
    public static BusyWait Calibrate()
    {
        const double Target = 1e-6;
        var uncalibrated = new BusyWait(0);
        long[] over = new long[CalibrationRounds];
        for (int i = 0; i < CalibrationRounds; i++)
        {
            long start = Stopwatch.GetTimestamp();
            uncalibrated.Spin(Target);
            over[i] = Stopwatch.GetTimestamp() - start - (long)(Target * TicksPerSecond);
        }
        Array.Sort(over);
        return new BusyWait(Math.Max(0, over[CalibrationRounds / 2]));
    }

    /// <summary>A calibrated wait that first tells <paramref name="requested"/> the seconds of every wait it spends:
    /// which costs were injected, how many and where can then be checked by count, not by how long a busy machine took.</summary>
    internal static BusyWait Calibrate(Action<double> requested) => new(Calibrate()._overshootTicks, requested);

    /// <summary>Spins for <paramref name="seconds"/> (nothing for zero or less).</summary>
    public void Spin(double seconds)
    {
        if (!(seconds > 0))
        {
            return;
        }
        _requested?.Invoke(seconds);
        long start = Stopwatch.GetTimestamp();
        long ticks = (long)(seconds * TicksPerSecond) - _overshootTicks;
        while (Stopwatch.GetTimestamp() - start < ticks)
        {
        }
    }
}
