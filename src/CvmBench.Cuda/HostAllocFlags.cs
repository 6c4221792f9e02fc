namespace CvmBench.Cuda;

/// <summary>CU_MEMHOSTALLOC_* flags for cuMemHostAlloc.</summary>
[Flags]
public enum HostAllocFlags : uint
{
    None = 0,
    /// <summary>Pinned for every context, not only the allocating one.</summary>
    Portable = 1,
    /// <summary>Mapped into the device's address space (zero-copy access by kernels).</summary>
    DeviceMap = 2,
    /// <summary>Write-combined: fast for the device to read across PCIe, very slow for the CPU to read.</summary>
    WriteCombined = 4,
}
