using System.Text.Json.Serialization;

namespace CvmBench.Platform;

/// <summary>The kind of machine a run is compared by: how data reaches its GPUs. Its words are
/// <see cref="EnvironmentClassNames"/>', in JSON too.</summary>
[JsonConverter(typeof(EnvironmentClassJsonConverter))]
public enum EnvironmentClass
{
    /// <summary>The probe could not tell, or the run came from a tool that does not say (first: what a record
    /// without a class reads as).</summary>
    Unknown,
    BareMetal,
    Vm,
    /// <summary>An SEV or SEV-ES guest: memory encrypted, DMA bounced, without SNP's integrity.</summary>
    Sev,
    Snp,
    Tdx,
    /// <summary>A GPU in confidential-computing mode: every transfer goes through encrypted bounce buffers.</summary>
    Cc,
}
