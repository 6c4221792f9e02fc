namespace CvmBench.Cuda;

/// <summary>NVML's system-wide confidential-computing view.</summary>
/// <param name="Enabled">ccFeature is on (the GPUs run in CC mode: DMA only through encrypted bounce buffers).</param>
/// <param name="Environment">nvmlConfComputeSystemState_t.environment: unavailable, sim or prod.</param>
/// <param name="DevToolsMode">Developer tools mode on (CC with debugging allowed).</param>
/// <param name="CpuCapability">The CPU TEE NVML sees: none, AMD SEV, Intel TDX, AMD SEV-SNP, AMD SNP vTOM.</param>
/// <param name="GpusCapable">Whether the GPUs are CC capable.</param>
public sealed record ConfidentialComputingState(bool Enabled, string Environment, bool DevToolsMode, string CpuCapability, bool GpusCapable)
{
    public static string CpuCapabilityName(uint caps) => caps switch
    {
        0 => "none",
        1 => "AMD SEV",
        2 => "Intel TDX",
        3 => "AMD SEV-SNP",
        4 => "AMD SNP vTOM",
        _ => $"unrecognized ({caps})",
    };

    public static string EnvironmentName(uint environment) => environment switch
    {
        0 => "unavailable",
        1 => "sim",
        2 => "prod",
        _ => $"unrecognized ({environment})",
    };
}
