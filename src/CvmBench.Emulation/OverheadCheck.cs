using CvmBench.Measurement;
using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>The emulation's own overhead: every zero-cost emulated result of a run against the plain strategy's result
/// for the same platform, strategy, direction and size. Measured paired (<see cref="Emulator.MeasurePaired"/>), the
/// two results' samples are pairs, and the spread of the per-pair ratios says how well the run resolves the ratio.</summary>
public static class OverheadCheck
{
    /// <summary>The requirement: zero-cost emulation within 3% of the plain strategy. Either way: a zero-cost emulation
    /// more than 3% faster than the plain strategy is no overhead, but a measurement that cannot resolve 3%.</summary>
    public const double Tolerance = 0.03;

    /// <summary>The words in a result's method note that say its samples are paired, one for one, with its twin's.</summary>
    public const string PairedMark = "paired sample by sample";

    /// <summary>Every zero-cost result of <paramref name="run"/> that has a plain twin, in the run's order.</summary>
    public static IReadOnlyList<OverheadComparison> Compare(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var emulated = run.Operations
            .Select(o => (Result: o, Case: EmulationCase.Of(o.Test)))
            .Where(e => e.Case is not null)
            .ToList();
        var comparisons = new List<OverheadComparison>();
        foreach (var (zero, zeroCase) in emulated.Where(e => e.Case!.Costs == InjectedCosts.Zero))
        {
            var plainCase = zeroCase! with { Costs = InjectedCosts.None };
            var plain = emulated.FirstOrDefault(e => e.Case == plainCase && e.Result.Test.Bytes == zero.Test.Bytes
                && e.Result.Test.Threads == zero.Test.Threads && e.Result.Test.Device == zero.Test.Device).Result;
            if (plain is not null)
            {
                comparisons.Add(Compare(zeroCase, zero, plain));
            }
        }
        return comparisons;
    }

    /// <summary>The zero-cost result against the plain one: the ratio of their medians, and, where both say they were
    /// paired and have as many samples, the ratio of each pair (which then decides the verdict).</summary>
    public static OverheadComparison Compare(EmulationCase zeroCase, OperationResult zero, OperationResult plain)
    {
        ArgumentNullException.ThrowIfNull(zeroCase);
        ArgumentNullException.ThrowIfNull(zero);
        ArgumentNullException.ThrowIfNull(plain);
        double ratio = plain.MedianSeconds / zero.MedianSeconds;
        bool paired = zero.Method.Contains(PairedMark, StringComparison.Ordinal) && plain.Method.Contains(PairedMark, StringComparison.Ordinal)
            && zero.Samples.Count == plain.Samples.Count && zero.Samples.Count > 0;
        if (!paired)
        {
            return new OverheadComparison(zeroCase, zero.Test.Bytes, ratio, null);
        }
        double[] perPair = [.. zero.Samples.Zip(plain.Samples, (z, p) => SecondsPerByte(p) / SecondsPerByte(z))];
        var summary = Statistics.Summarize(perPair);
        return new OverheadComparison(zeroCase, zero.Test.Bytes, ratio, new PairRatios(perPair.Length, summary.Median, summary.Min, summary.Max, summary.CiLow, summary.CiHigh));
    }

    /// <summary>The comparison furthest from 1 either way; null for none.</summary>
    public static OverheadComparison? Worst(IEnumerable<OverheadComparison> comparisons) =>
        comparisons.MaxBy(c => Math.Abs(c.Ratio - 1));

    private static double SecondsPerByte(OperationSample sample) => (double)sample.Nanoseconds / sample.Bytes;
}
