namespace CvmBench.Model;

/// <summary>The words <c>cvmbench emulate</c> reads and stores for its costs (strategies are
/// <see cref="StrategyNames"/>', platforms <see cref="PlatformProfileNames"/>').</summary>
public static class EmulationNames
{
    public static string ToText(InjectedCosts costs) => costs switch
    {
        InjectedCosts.Modeled => "modeled",
        InjectedCosts.Zero => "zero",
        InjectedCosts.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(costs)),
    };

    public static bool TryParse(string text, out InjectedCosts costs)
    {
        foreach (var candidate in Enum.GetValues<InjectedCosts>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                costs = candidate;
                return true;
            }
        }
        costs = default;
        return false;
    }
}
