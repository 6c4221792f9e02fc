namespace CvmBench.Platform;

/// <summary>The signs of a confidential-VM guest, and the verdict they add up to.</summary>
/// <param name="TdxGuestDevice">/dev/tdx_guest exists (the TDX guest driver, for attestation).</param>
/// <param name="SevGuestDevice">/dev/sev-guest exists (the SEV-SNP guest driver, for attestation).</param>
/// <param name="CpuFlags">The TEE flags in /proc/cpuinfo: tdx_guest, sev, sev_es, sev_snp. On a host
/// (no <c>hypervisor</c> flag) the sev flags say what the CPU can host, not what this machine is.</param>
/// <param name="TdxKernelLine">The kernel's <c>tdx: Guest detected</c>.</param>
/// <param name="MemoryEncryption">What follows <c>Memory Encryption Features active:</c> in the kernel log.</param>
/// <param name="SevStatus">What follows <c>SEV: Status:</c> in the kernel log.</param>
/// <param name="Guest">The verdict.</param>
public sealed record TeeProfile(
    Fact<bool> TdxGuestDevice,
    Fact<bool> SevGuestDevice,
    Fact<IReadOnlyList<string>> CpuFlags,
    Fact<string> TdxKernelLine,
    Fact<string> MemoryEncryption,
    Fact<string> SevStatus,
    Fact<TeeGuest> Guest);
