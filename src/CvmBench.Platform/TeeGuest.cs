namespace CvmBench.Platform;

/// <summary>The trusted execution environment this machine is a guest of, with the evidence for it.</summary>
/// <param name="Kind">tdx, sev-snp, sev-es, sev, or none.</param>
/// <param name="Evidence">What showed it (for none: every check that found no TEE).</param>
/// <param name="Unconfirmed">Checks of the same kind that did not show it or could not be read.</param>
public sealed record TeeGuest(string Kind, IReadOnlyList<string> Evidence, IReadOnlyList<string> Unconfirmed)
{
    public const string Tdx = "tdx";
    public const string SevSnp = "sev-snp";
    public const string SevEs = "sev-es";
    public const string Sev = "sev";
    public const string None = "none";
}
