namespace CvmBench.Platform;

/// <summary>The IOMMU: whether DMA is translated, and how.</summary>
/// <param name="Units">The entries of /sys/class/iommu (dmar0, ivhd0, ...): none means no IOMMU is active.</param>
/// <param name="CommandLine">The intel_iommu=, amd_iommu=, iommu= and iommu.passthrough= options.</param>
/// <param name="DefaultDomain">The kernel's default DMA domain type: Translated, Passthrough or Identity.</param>
/// <param name="KernelLines">The first DMAR, AMD-Vi and iommu messages of the kernel log.</param>
public sealed record IommuProfile(
    Fact<IReadOnlyList<string>> Units,
    Fact<IReadOnlyList<string>> CommandLine,
    Fact<string> DefaultDomain,
    Fact<IReadOnlyList<string>> KernelLines);
