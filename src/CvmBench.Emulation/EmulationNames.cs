using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>The words <c>cvmbench emulate</c> reads and stores for strategies, costs and platforms.</summary>
public static class EmulationNames
{
    public static string ToText(EmulatedStrategy strategy) => strategy switch
    {
        EmulatedStrategy.Pinned => "pinned",
        EmulatedStrategy.Bounce => "bounce",
        EmulatedStrategy.ConvertPerTransfer => "per-transfer",
        EmulatedStrategy.ConvertOnce => "once",
        EmulatedStrategy.EncryptedBounce => "encrypted",
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

    /// <summary>A platform by the model's word (vm, tdx, snp, snp-flip, h100-cc) or the short forms <c>snp-ideal</c>
    /// (the seed's idealized page flip) and <c>cc</c> (H100 CC mode).</summary>
    public static bool TryParsePlatform(string text, out PlatformProfile platform)
    {
        switch (text.ToLowerInvariant())
        {
            case "snp-ideal":
                platform = PlatformProfile.SnpPageFlip;
                return true;
            case "cc":
                platform = PlatformProfile.H100Cc;
                return true;
        }
        return TryParse(text, PlatformProfileNames.ToText, out platform);
    }

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
