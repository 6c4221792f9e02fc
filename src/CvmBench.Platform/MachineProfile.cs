using System.Text.Json;
using CvmBench.Cuda;

namespace CvmBench.Platform;

/// <summary>What <c>cvmbench probe</c> found: every field a <see cref="Fact{T}"/> that says where it came
/// from, or why it is unknown.</summary>
/// <param name="Cpu">Vendor, model, flags, logical CPUs.</param>
/// <param name="Hypervisor">Whether this is a VM, and whose.</param>
/// <param name="Tee">Whether this is a TDX or SEV guest, and the evidence.</param>
/// <param name="Swiotlb">The bounce-buffer pool.</param>
/// <param name="Iommu">DMA translation.</param>
/// <param name="Numa">The NUMA nodes, with their CPUs and memory.</param>
/// <param name="HugePages">Transparent huge pages and hugetlb pools.</param>
/// <param name="Kernel">Host name, release, command line, and whether the kernel log was readable.</param>
/// <param name="Gpus">The GPUs, with PCIe link and CC mode.</param>
/// <param name="Class">How data reaches the GPUs: bare metal, a VM, an SEV, SNP or TDX guest, a CC-mode GPU.</param>
public sealed record MachineProfile(
    CpuProfile Cpu,
    HypervisorProfile Hypervisor,
    TeeProfile Tee,
    SwiotlbProfile Swiotlb,
    IommuProfile Iommu,
    Fact<IReadOnlyList<NumaNode>> Numa,
    HugePageProfile HugePages,
    KernelProfile Kernel,
    Fact<IReadOnlyList<GpuInfo>> Gpus,
    Fact<EnvironmentClass?> Class)
{
    /// <summary>One line for tables: CPU, hypervisor, TEE, GPUs with their link and CC mode.</summary>
    public string Summary()
    {
        string cpu = Cpu.ModelName.IsKnown ? Cpu.ModelName.Value! : Cpu.Vendor.IsKnown ? Cpu.Vendor.Value! : "CPU unknown";
        string hypervisor = Hypervisor.Name switch
        {
            { IsKnown: false } => "hypervisor unknown",
            { Value: HypervisorIdentity.None } => "bare metal",
            { Value: HypervisorIdentity.Unidentified } => "unidentified hypervisor",
            { Value: var name } when Hypervisor.Vmm.IsKnown => $"{name} ({Hypervisor.Vmm.Value})",
            { Value: var name } => name!,
        };
        string tee = !Tee.Guest.IsKnown ? "TEE unknown"
            : Tee.Guest.Value!.Kind == TeeGuest.None ? "no TEE"
            : $"{Tee.Guest.Value.Kind.ToUpperInvariant()} guest";
        return string.Join(", ", cpu, hypervisor, tee, GpuSummary());
    }

    public string ToJson() => JsonSerializer.Serialize(this, PlatformJson.Default.MachineProfile);

    private string GpuSummary()
    {
        if (!Gpus.IsKnown)
        {
            return "GPUs unknown";
        }
        if (Gpus.Value!.Count == 0)
        {
            return "no GPU";
        }
        return string.Join(", ", Gpus.Value!
            .GroupBy(g => (g.Cuda.Name, Link: g.CurrentLink.ToString(), Cc: CcMode(g)))
            .Select(group => $"{group.Count()}x {group.Key.Name} ({group.Key.Link}, CC {group.Key.Cc})"));
    }

    private static string CcMode(GpuInfo gpu) => gpu.ConfidentialComputing switch
    {
        { IsKnown: false } => "unknown",
        { Value.Enabled: true } => "on",
        _ => "off",
    };
}
