using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>What one <c>emulate</c> invocation measures.</summary>
public sealed record EmulationPlan(IReadOnlyList<PlatformProfile> Platforms, IReadOnlyList<InjectedCosts> Costs,
    IReadOnlyList<Direction> Directions, IReadOnlyList<long> Sizes, int Reuses)
{
    /// <summary>Every case in the order it is measured: by direction, platform, strategy, then costs.</summary>
    public IEnumerable<EmulationCase> Cases() =>
        from direction in Directions
        from platform in Platforms
        from strategy in EmulationCase.StrategiesOf(platform)
        from costs in Costs
        select new EmulationCase(platform, strategy, costs, direction, strategy == StrategyKind.ConvertOnce ? Reuses : 1);

    /// <summary>Zero-cost and plain both asked for: each pair is measured together, sample by sample on one strategy
    /// instance (<see cref="Emulator.MeasurePaired"/>), so their ratio is the emulation's overhead and not the
    /// difference between two instances.</summary>
    public bool PairsOverhead => Costs.Contains(InjectedCosts.Zero) && Costs.Contains(InjectedCosts.None);

    /// <summary>What is measured, in order: every case on its own, except that with <see cref="PairsOverhead"/> the
    /// zero-cost case stands for its pair and the plain case is not listed.</summary>
    public IReadOnlyList<EmulationCase> Measurements() =>
        [.. Cases().Where(c => !(PairsOverhead && c.Costs == InjectedCosts.None))];
}
