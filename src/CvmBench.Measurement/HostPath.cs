
namespace CvmBench.Measurement;

/// <summary>How the host side of a measured transfer reaches the device: a kind of host memory the copy engines or
/// kernels read and write directly, or pageable memory moved through the staging pipeline's pre-pinned chunks, in the
/// clear or sealed.</summary>
public enum HostPath
{
    /// <summary>Pageable memory, copied by the driver through its own pinned buffers.</summary>
    Pageable,
    /// <summary>cuMemHostAlloc: page-locked, DMA'd directly (in a CVM: converted to shared once).</summary>
    Pinned,
    /// <summary>cuMemHostAlloc with write-combining: fast device reads, very slow CPU reads.</summary>
    WriteCombined,
    /// <summary>Pageable memory page-locked in place with cuMemHostRegister.</summary>
    Registered,
    /// <summary>Device-mapped pinned memory that an SM kernel reads or writes directly (zero-copy).</summary>
    Mapped,
    /// <summary>Pageable memory moved through CvmBench's pipeline of pre-pinned chunks (<see cref="Transfers.Staging.StagingPipeline"/>).</summary>
    Staged,
    /// <summary>Pageable memory sealed with AES-256-GCM into pre-pinned chunks and opened on the device
    /// (<see cref="Transfers.Sealing.SealedPipeline"/>): the pool and the link carry ciphertext only.</summary>
    Sealed,
}
