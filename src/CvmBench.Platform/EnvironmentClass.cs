using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>The kind of machine a run is compared by: how data reaches its GPUs.</summary>
public static class EnvironmentClass
{
    public const string BareMetal = "bare-metal";
    public const string Vm = "vm";
    public const string Tdx = "tdx";
    public const string Snp = "snp";
    /// <summary>An SEV or SEV-ES guest: memory encrypted, DMA bounced, without SNP's integrity.</summary>
    public const string Sev = "sev";
    /// <summary>A GPU in confidential-computing mode: every transfer goes through encrypted bounce buffers.</summary>
    public const string Cc = "cc";
    public const string Unknown = "unknown";

    /// <summary>Every class, as --baseline takes them.</summary>
    public static IReadOnlyList<string> All { get; } = [BareMetal, Vm, Sev, Snp, Tdx, Cc, Unknown];

    /// <summary>A GPU in CC mode decides first (it changes every transfer), then the TEE, then the hypervisor.</summary>
    public static Fact<string> Of(Fact<IReadOnlyList<GpuInfo>> gpus, Fact<TeeGuest> tee, Fact<string> hypervisor)
    {
        if (gpus.IsKnown && gpus.Value!.FirstOrDefault(g => g.ConfidentialComputing is { IsKnown: true, Value.Enabled: true }) is { } cc)
        {
            return Fact<string>.Known(Cc, cc.ConfidentialComputing.Source);
        }
        string? byTee = tee.IsKnown ? tee.Value!.Kind switch
        {
            TeeGuest.Tdx => Tdx,
            TeeGuest.SevSnp => Snp,
            TeeGuest.SevEs or TeeGuest.Sev => Sev,
            _ => null,
        } : null;
        if (byTee is not null)
        {
            return Fact<string>.Known(byTee, tee.Source);
        }
        if (hypervisor.IsKnown)
        {
            return Fact<string>.Known(hypervisor.Value == HypervisorIdentity.None ? BareMetal : Vm, hypervisor.Source);
        }
        return Fact<string>.Missing($"{tee.Source}, {hypervisor.Source}", "neither the TEE nor the hypervisor could be told");
    }
}
