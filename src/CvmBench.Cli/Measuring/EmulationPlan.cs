using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;

namespace CvmBench.Cli.Measuring;

/// <summary>What one <c>emulate</c> invocation measures.</summary>
internal sealed record EmulationPlan(IReadOnlyList<PlatformProfile> Platforms, IReadOnlyList<InjectedCosts> Costs,
    IReadOnlyList<Direction> Directions, IReadOnlyList<long> Sizes, int Reuses)
{
    /// <summary>Every case in the order it is measured: by direction, platform, strategy, then costs.</summary>
    public IEnumerable<EmulationCase> Cases() =>
        from direction in Directions
        from platform in Platforms
        from strategy in EmulationCase.StrategiesOf(platform)
        from costs in Costs
        select new EmulationCase(platform, strategy, costs, direction, strategy == EmulatedStrategy.ConvertOnce ? Reuses : 1);
}
