namespace CvmBench.Model;

/// <summary>The words <c>cvmbench emulate</c> reads and stores for its strategies and costs (platforms are
/// <see cref="PlatformProfileNames"/>').</summary>
public static class EmulationNames
{
    public static string ToText(EmulatedStrategy strategy) => strategy switch
    {
        EmulatedStrategy.Pinned => "pinned",
        EmulatedStrategy.Bounce => "bounce",
        EmulatedStrategy.ConvertPerTransfer => "per-transfer",
        EmulatedStrategy.ConvertOnce => "once",
        EmulatedStrategy.EncryptedBounce => "encrypted",
        EmulatedStrategy.SealedBounce => "sealed",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    /// <summary>A label for tables and legends.</summary>
    public static string Title(EmulatedStrategy strategy) => strategy switch
    {
        EmulatedStrategy.Pinned => "pinned",
        EmulatedStrategy.Bounce => "bounce",
        EmulatedStrategy.ConvertPerTransfer => "convert per transfer",
        EmulatedStrategy.ConvertOnce => "convert once",
        EmulatedStrategy.EncryptedBounce => "encrypted bounce",
        EmulatedStrategy.SealedBounce => "sealed bounce",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    public static string ToText(InjectedCosts costs) => costs switch
    {
        InjectedCosts.Modeled => "modeled",
        InjectedCosts.Zero => "zero",
        InjectedCosts.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(costs)),
    };

    public static bool TryParse(string text, out EmulatedStrategy strategy) => TryParse(text, ToText, out strategy);

    public static bool TryParse(string text, out InjectedCosts costs) => TryParse(text, ToText, out costs);

    private static bool TryParse<T>(string text, Func<T, string> toText, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(toText(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
