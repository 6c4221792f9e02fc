namespace CvmBench.Cuda;

/// <summary>Everything known of one GPU: CUDA's properties, and NVML's view of the same device matched by UUID.</summary>
public sealed record GpuInfo(
    CudaDeviceProperties Cuda,
    Fact<string> DriverVersion,
    Fact<PcieLink> CurrentLink,
    Fact<PcieLink> MaxLink,
    Fact<int> NumaNode,
    Fact<string> CpuAffinity,
    Fact<ConfidentialComputingState> ConfidentialComputing,
    Fact<long> ProtectedMemoryBytes);
