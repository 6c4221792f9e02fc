namespace CvmBench.Cuda;

/// <summary>What the CUDA driver reports of one device.</summary>
public sealed record CudaDeviceProperties(
    int Ordinal,
    string Name,
    string Uuid,
    string PciBusId,
    long TotalMemoryBytes,
    string ComputeCapability,
    int MultiprocessorCount,
    int AsyncEngineCount,
    bool CanMapHostMemory,
    bool HostRegisterSupported);
