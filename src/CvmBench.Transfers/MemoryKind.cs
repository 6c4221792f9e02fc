namespace CvmBench.Transfers;

/// <summary>How the host side of a transfer is allocated.</summary>
public enum MemoryKind
{
    /// <summary>Ordinary page-aligned allocation; the driver stages it through its own pinned buffers.</summary>
    Pageable,
    /// <summary>cuMemHostAlloc: page-locked, DMA'd directly (in a CVM: converted to shared once).</summary>
    Pinned,
    /// <summary>cuMemHostAlloc with write-combining: fast device reads, very slow CPU reads.</summary>
    WriteCombined,
    /// <summary>Pageable memory page-locked in place with cuMemHostRegister.</summary>
    Registered,
    /// <summary>Device-mapped pinned memory that an SM kernel reads or writes directly (zero-copy).</summary>
    Mapped,
}
