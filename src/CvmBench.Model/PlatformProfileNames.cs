namespace CvmBench.Model;

/// <summary>The words users read for platform profiles: bare-metal, vm, tdx, snp, snp-flip, h100-cc.</summary>
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
