namespace CvmBench.Model;

/// <summary>Where the transfer runs: which page-state machinery (if any) stands between private memory and the GPU.</summary>
public enum PlatformProfile
{
    /// <summary>No VM: pageable memory is staged by the driver, pinned memory is DMA'd directly.</summary>
    BareMetal,
    /// <summary>A plain VM with the GPU passed through. The seed measured it equal to bare metal, and the model has no
    /// extra cost for it: VM exits are not on a passed-through GPU's data path.</summary>
    Vm,
    /// <summary>An Intel TDX guest: MapGPA exits per 2 MiB chunk, secure-EPT removal, ACCEPT on the way back, cache
    /// and TLB flushes.</summary>
    Tdx,
    /// <summary>An AMD SEV-SNP guest as Linux converts pages: PVALIDATE per page, a Page State Change VMGEXIT per
    /// 64 entries, RMPUPDATE on the host, a TLB flush.</summary>
    SevSnp,
    /// <summary>The seed paper's idealized SNP page flip: C-bit and PVALIDATE in the guest, a TLB flush, no exits.</summary>
    SnpPageFlip,
    /// <summary>An H100 in confidential-computing mode: every copy is encrypted by the CPU into shared staging buffers
    /// and decrypted by the GPU.</summary>
    H100Cc,
}
