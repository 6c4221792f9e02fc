using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

/// <summary>The zero-cost emulation against the plain strategy, from the samples a run stored.</summary>
public class OverheadCheckTests
{
    private static readonly EmulationCase Zero = new(PlatformProfile.Tdx, StrategyKind.Bounce, InjectedCosts.Zero, Direction.HostToDevice);

    [Fact]
    public void Pair_ratios_come_from_samples_of_the_same_index()
    {
        long[] zero = [100, 200, 300, 400, 500];
        var paired = OverheadCheck.Compare(Zero, Result(Zero, zero, paired: true), Result(Plain, [101, 202, 303, 404, 505], paired: true));
        Assert.Equal(300.0 / 303, 1 / paired.RatioOfMedians, 9);
        Assert.Equal(5, paired.Pairs!.Count);
        Assert.Equal(1.01, paired.Pairs.Min, 9);
        Assert.Equal(1.01, paired.Pairs.Max, 9);

        // The same samples in another order: the medians, and so their ratio, stay; the pairs do not.
        var shuffled = OverheadCheck.Compare(Zero, Result(Zero, zero, paired: true), Result(Plain, [505, 404, 303, 202, 101], paired: true));
        Assert.Equal(paired.RatioOfMedians, shuffled.RatioOfMedians, 12);
        Assert.Equal(1.01, shuffled.Pairs!.Median, 9);
        Assert.Equal(101.0 / 500, shuffled.Pairs.Min, 9);
        Assert.Equal(5.05, shuffled.Pairs.Max, 9);
    }

    [Fact]
    public void Measured_paired_the_verdict_takes_the_median_of_the_pair_ratios_so_one_disturbed_sample_moves_one_ratio()
    {
        // The machine runs at two speeds; the third pair's plain sample caught the slow one, its zero-cost twin did not.
        var disturbed = OverheadCheck.Compare(Zero, Result(Zero, [100, 100, 100, 140, 140], paired: true),
            Result(Plain, [100, 101, 140, 141, 140], paired: true));
        Assert.Equal(1.4, disturbed.RatioOfMedians, 9);
        Assert.Equal(141.0 / 140, disturbed.Ratio, 9);
        Assert.True(disturbed.Within);

        var slower = OverheadCheck.Compare(Zero, Result(Zero, [100, 100, 140, 140, 140, 140], paired: true),
            Result(Plain, [95, 95, 133, 133, 133, 133], paired: true));
        Assert.Equal(0.95, slower.Ratio, 9);
        Assert.False(slower.Within);
    }

    [Fact]
    public void Pairs_resolve_the_tolerance_only_when_the_medians_interval_lies_inside_it()
    {
        long[] zero = [.. Enumerable.Repeat(1000L, 16)];
        // Sixteen pair ratios within 1% of 1: resolved.
        long[] close = [.. Enumerable.Range(0, 16).Select(i => 995L + i % 11)];
        Assert.True(OverheadCheck.Compare(Zero, Result(Zero, zero, paired: true), Result(Plain, close, paired: true)).Pairs!.Resolved);
        // The same median with pairs spread 10% either way: within, but not resolved.
        long[] spread = [.. Enumerable.Range(0, 16).Select(i => 900L + i * 200 / 15)];
        var unresolved = OverheadCheck.Compare(Zero, Result(Zero, zero, paired: true), Result(Plain, spread, paired: true));
        Assert.True(unresolved.Within);
        Assert.False(unresolved.Pairs!.Resolved);
        Assert.True(unresolved.Pairs.CiLow < 0.97 && unresolved.Pairs.CiHigh > 1.03);
    }

    [Fact]
    public void Pair_ratios_are_per_byte_when_a_sample_holds_several_transfers()
    {
        var zero = new OperationResult(Test(Zero), [new OperationSample(2 << 20, 200)], true, OverheadCheck.PairedMark);
        var plain = new OperationResult(Test(Plain), [new OperationSample(2 << 20, 220)], true, OverheadCheck.PairedMark);
        Assert.Equal(1.1, OverheadCheck.Compare(Zero, zero, plain).Pairs!.Median, 9);
    }

    [Fact]
    public void Results_measured_apart_have_a_ratio_but_no_pairs()
    {
        var apart = OverheadCheck.Compare(Zero, Result(Zero, [100, 100, 100], paired: false), Result(Plain, [97, 97, 97], paired: false));
        Assert.Null(apart.Pairs);
        Assert.Equal(0.97, apart.Ratio, 9);
        // Paired on one side only (or with different sample counts) is not paired either.
        Assert.Null(OverheadCheck.Compare(Zero, Result(Zero, [100, 100], paired: true), Result(Plain, [100, 100], paired: false)).Pairs);
        Assert.Null(OverheadCheck.Compare(Zero, Result(Zero, [100, 100], paired: true), Result(Plain, [100], paired: true)).Pairs);
    }

    [Theory]
    [InlineData(100, 97.5, true)]
    [InlineData(100, 102.9, true)]
    [InlineData(100, 96.5, false)]
    [InlineData(100, 103.5, false)]
    public void The_requirement_is_3_percent_either_way(double zeroNs, double plainNs, bool within)
    {
        var comparison = OverheadCheck.Compare(Zero, Result(Zero, [(long)(zeroNs * 10)], paired: true), Result(Plain, [(long)(plainNs * 10)], paired: true));
        Assert.Equal(within, comparison.Within);
    }

    [Fact]
    public void A_run_pairs_each_zero_cost_result_with_the_plain_one_of_its_size_and_the_worst_is_furthest_from_one()
    {
        var perTransfer = Zero with { Strategy = StrategyKind.ConvertPerTransfer };
        var run = new RunRecord("r", DateTimeOffset.UnixEpoch, null, RunStatus.Complete, "cvmbench", "0", "emulate", false,
            new RunEnvironment("h", EnvironmentClass.Vm, "s", "{}"), [])
        {
            Operations =
            [
                Result(Zero, [100], paired: true, bytes: 4096), Result(Plain, [99], paired: true, bytes: 4096),
                Result(Zero, [100], paired: true, bytes: 8192), Result(Plain, [104], paired: true, bytes: 8192),
                Result(perTransfer, [100], paired: true), Result(perTransfer with { Costs = InjectedCosts.None }, [95], paired: true),
                Result(Zero with { Direction = Direction.DeviceToHost }, [100], paired: true),
            ],
        };
        var comparisons = OverheadCheck.Compare(run);
        Assert.Equal([(4096L, 0.99), (8192L, 1.04), (1L << 20, 0.95)], comparisons.Select(c => (c.Bytes, Math.Round(c.Ratio, 2))));
        Assert.Equal(perTransfer, OverheadCheck.Worst(comparisons)!.Case);
    }

    private static EmulationCase Plain => Zero with { Costs = InjectedCosts.None };

    private static OperationTest Test(EmulationCase emulation, long bytes = 1 << 20) =>
        new(OperationKind.EmulatedTransfer, emulation.Variant, bytes, 1, 0);

    private static OperationResult Result(EmulationCase emulation, long[] nanoseconds, bool paired, long bytes = 1 << 20) =>
        new(Test(emulation, bytes), [.. nanoseconds.Select(ns => new OperationSample(bytes, ns))], true,
            paired ? $"the test's transfers; {OverheadCheck.PairedMark} with its twin" : "the test's transfers");
}
