namespace CvmBench.Platform;

/// <summary>The software IO TLB: the pool of bounce buffers DMA goes through where a device cannot reach
/// memory directly, and always in a TDX or SEV guest.</summary>
/// <param name="MappedBytes">The pool the kernel mapped at boot (<c>software IO TLB: mapped [mem ...] (64MB)</c>).</param>
/// <param name="Slabs">/sys/kernel/debug/swiotlb/io_tlb_nslabs: the pool in 2 KiB slots.</param>
/// <param name="UsedSlabs">/sys/kernel/debug/swiotlb/io_tlb_used: slots in use now.</param>
/// <param name="CommandLine">The <c>swiotlb=</c> options the kernel booted with.</param>
public sealed record SwiotlbProfile(
    Fact<long> MappedBytes,
    Fact<long> Slabs,
    Fact<long> UsedSlabs,
    Fact<IReadOnlyList<string>> CommandLine)
{
    /// <summary>The size of one slot (IO_TLB_SHIFT 11).</summary>
    public const long SlabBytes = 2048;
}
