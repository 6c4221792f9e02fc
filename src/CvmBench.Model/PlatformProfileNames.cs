using CvmBench.Platform;

namespace CvmBench.Model;

/// <summary>The one text codec for platforms. A platform a machine can be is an environment class, and is written with
/// the class's word (<see cref="EnvironmentClassNames"/>: bare-metal, vm, tdx, snp); the model's own are snp-flip (the
/// seed's idealized page flip) and h100-cc (stored so since before classes had <c>cc</c>). Read too: every spelling of
/// the class (<c>cc</c>, <c>BareMetal</c>), <c>snp-ideal</c>, and the member names (<c>SnpPageFlip</c>) that
/// <c>model --json</c> prints.</summary>
public static class PlatformProfileNames
{
    public static string ToText(PlatformProfile platform) => platform switch
    {
        PlatformProfile.SnpPageFlip => "snp-flip",
        PlatformProfile.H100Cc => "h100-cc",
        _ => EnvironmentClassNames.ToText(ClassOf(platform) ?? throw new ArgumentOutOfRangeException(nameof(platform))),
    };

    /// <summary>The environment class a platform is; null for the seed's idealized page flip, which no machine is.</summary>
    public static EnvironmentClass? ClassOf(PlatformProfile platform) => platform switch
    {
        PlatformProfile.BareMetal => EnvironmentClass.BareMetal,
        PlatformProfile.Vm => EnvironmentClass.Vm,
        PlatformProfile.Tdx => EnvironmentClass.Tdx,
        PlatformProfile.SevSnp => EnvironmentClass.Snp,
        PlatformProfile.H100Cc => EnvironmentClass.Cc,
        _ => null,
    };

    /// <summary>A platform by any of its spellings, ignoring case; an environment class the model has no platform for
    /// (sev, unknown) is none.</summary>
    public static bool TryParse(string text, out PlatformProfile platform)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool isClass = EnvironmentClassNames.TryParse(text, out var environment);
        foreach (var candidate in Enum.GetValues<PlatformProfile>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase)
                || (isClass && ClassOf(candidate) == environment)
                || (candidate == PlatformProfile.SnpPageFlip && string.Equals("snp-ideal", text, StringComparison.OrdinalIgnoreCase)))
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
}
