namespace CvmBench.Model;

/// <summary>The strategies <c>cvmbench emulate</c> runs for real.</summary>
public enum EmulatedStrategy
{
    /// <summary>The plain pinned copy every strategy is measured against: one synchronous DMA from pinned memory.</summary>
    Pinned,
    /// <summary>The staging engine: pageable memory copied through pre-pinned chunks (swiotlb's limits in a
    /// confidential VM: 256 KiB mappings from a pool of 6% of memory, within [64 MiB, 1 GiB]).</summary>
    Bounce,
    /// <summary>Register the caller's pages, convert them to shared, DMA, convert back, unregister.</summary>
    ConvertPerTransfer,
    /// <summary>Register and convert once, DMA n times from the same memory, convert back and unregister.</summary>
    ConvertOnce,
    /// <summary>CC mode: AES-GCM on the CPU into 2 MiB staging chunks, DMA of the ciphertext and its tags.</summary>
    EncryptedBounce,
    /// <summary>CvmBench's sealed pipeline: AES-GCM on several host threads straight into pinned chunks, opened on the
    /// device; measured on the CC platform beside the one-thread encrypted bounce.</summary>
    SealedBounce,
}
