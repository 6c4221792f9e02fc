namespace CvmBench.Model;

/// <summary>The one text codec for platforms: the words stored and printed (bare-metal, vm, tdx, snp, snp-flip, h100-cc),
/// and the other spellings users type: <c>snp-ideal</c> for the seed's idealized page flip, <c>cc</c> for H100 CC mode
/// (as <c>probe</c> classes a machine), and the member names (<c>SnpPageFlip</c>) that <c>model --json</c> prints.</summary>
public static class PlatformProfileNames
{
    public static string ToText(PlatformProfile platform) => platform switch
    {
        PlatformProfile.BareMetal => "bare-metal",
        PlatformProfile.Vm => "vm",
        PlatformProfile.Tdx => "tdx",
        PlatformProfile.SevSnp => "snp",
        PlatformProfile.SnpPageFlip => "snp-flip",
        PlatformProfile.H100Cc => "h100-cc",
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    /// <summary>A platform by any of its spellings, ignoring case.</summary>
    public static bool TryParse(string text, out PlatformProfile platform)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in Enum.GetValues<PlatformProfile>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase)
                || (Alias(candidate) is string alias && string.Equals(alias, text, StringComparison.OrdinalIgnoreCase)))
            {
                platform = candidate;
                return true;
            }
        }
        platform = default;
        return false;
    }

    /// <summary>A label for tables and legends.</summary>
    public static string Title(PlatformProfile platform) => platform switch
    {
        PlatformProfile.BareMetal => "Bare metal",
        PlatformProfile.Vm => "Plain VM",
        PlatformProfile.Tdx => "TDX",
        PlatformProfile.SevSnp => "SEV-SNP (Linux)",
        PlatformProfile.SnpPageFlip => "SNP page flip (seed)",
        PlatformProfile.H100Cc => "H100 CC mode",
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    // The short forms emulate's --platform has always taken.
    private static string? Alias(PlatformProfile platform) => platform switch
    {
        PlatformProfile.SnpPageFlip => "snp-ideal",
        PlatformProfile.H100Cc => "cc",
        _ => null,
    };
}
