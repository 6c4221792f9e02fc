namespace CvmBench.Measurement;

/// <summary>The operations a run can record besides copies, as they are stored and printed.</summary>
public static class OperationNames
{
    /// <summary>cuMemHostRegister of existing pageable memory.</summary>
    public const string Register = "register";

    /// <summary>cuMemHostUnregister of that memory.</summary>
    public const string Unregister = "unregister";

    /// <summary>cuMemHostAlloc: new page-locked memory.</summary>
    public const string HostAlloc = "host-alloc";

    /// <summary>cuMemFreeHost of that memory.</summary>
    public const string FreeHost = "free-host";

    /// <summary>AES-GCM encryption into staging chunks, with a tag per segment.</summary>
    public const string AesGcmSeal = "aes-gcm-seal";

    /// <summary>memcpy from pageable memory into a staging area larger than the last-level cache (a swiotlb pool).</summary>
    public const string HostCopy = "host-copy";

    /// <summary>memcpy from pageable memory into a staging pool small enough to stay in the last-level cache (the
    /// driver's, on bare metal and plain VMs).</summary>
    public const string StagingCopy = "staging-copy";

    /// <summary>Queuing one staging chunk's DMA and recording its event: a bounce's work per chunk besides the copy.</summary>
    public const string StagingSubmit = "staging-submit";

    /// <summary>An emulated transfer: a strategy's real work with a platform's costs injected.</summary>
    public const string EmulatedTransfer = "emulated-transfer";
}
