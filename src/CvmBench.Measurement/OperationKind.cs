namespace CvmBench.Measurement;

/// <summary>The operations a run can record besides copies. Their stored and printed words are
/// <see cref="OperationNames"/>'s.</summary>
public enum OperationKind
{
    /// <summary>cuMemHostRegister of existing pageable memory.</summary>
    Register,
    /// <summary>cuMemHostUnregister of that memory.</summary>
    Unregister,
    /// <summary>cuMemHostAlloc: new page-locked memory.</summary>
    HostAlloc,
    /// <summary>cuMemFreeHost of that memory.</summary>
    FreeHost,
    /// <summary>AES-GCM encryption into staging chunks, with a tag per segment.</summary>
    AesGcmSeal,
    /// <summary>memcpy from pageable memory into a staging area larger than the last-level cache (a swiotlb pool).</summary>
    HostCopy,
    /// <summary>memcpy from pageable memory into a staging pool small enough to stay in the last-level cache (the
    /// driver's, on bare metal and plain VMs).</summary>
    StagingCopy,
    /// <summary>Queuing one staging chunk's DMA and recording its event: a bounce's work per chunk besides the copy.</summary>
    StagingSubmit,
    /// <summary>An emulated transfer: a strategy's real work with a platform's costs injected.</summary>
    EmulatedTransfer,
}
