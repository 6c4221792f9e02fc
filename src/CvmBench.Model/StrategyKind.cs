namespace CvmBench.Model;

/// <summary>How private host memory is made reachable by the GPU's DMA: what the model predicts and what
/// <c>cvmbench emulate</c> runs for real (all but <see cref="ConvertInBatches"/>). Its words are
/// <see cref="StrategyNames"/>'.</summary>
public enum StrategyKind
{
    /// <summary>Memory converted once and never converted back: one DMA from pinned memory. The plain copy every
    /// emulated strategy is measured against.</summary>
    Pinned,
    /// <summary>A CPU copy into memory that is already DMA-able (the driver's pinned staging on bare metal and plain
    /// VMs, the swiotlb pool in a confidential VM), pipelined with the DMA. Emulated by the staging engine with
    /// swiotlb's limits: 256 KiB mappings from a pool of 6% of memory, within [64 MiB, 1 GiB].</summary>
    Bounce,
    /// <summary>Register the caller's (pinned) pages, make them shared, DMA, make them private again, unregister: one
    /// conversion call each way, nothing overlapped. The seed's page-flip cycle.</summary>
    ConvertPerTransfer,
    /// <summary>The same per k pages: while batch i is DMA'd, batch i+1 is converted to shared and batch i-1 back.</summary>
    ConvertInBatches,
    /// <summary>Register and convert the buffer once, reuse it n times, convert it back at the end. With n infinite,
    /// this is pinned memory.</summary>
    ConvertOnce,
    /// <summary>H100 CC mode: the CPU encrypts (AES-GCM) into shared 2 MiB staging chunks, the copy engine moves the
    /// ciphertext and its tags, the GPU decrypts.</summary>
    EncryptedBounce,
    /// <summary>CvmBench's sealed pipeline: several host threads seal with AES-GCM straight from the caller's memory
    /// into pinned chunks (the seal is the copy), the GPU opens them with a kernel.</summary>
    SealedBounce,
}
