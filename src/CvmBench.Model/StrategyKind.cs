namespace CvmBench.Model;

/// <summary>How private host memory is made reachable by the GPU's DMA.</summary>
public enum StrategyKind
{
    /// <summary>A CPU copy into memory that is already DMA-able (the driver's pinned staging on bare metal and plain
    /// VMs, the swiotlb pool in a confidential VM), pipelined with the DMA.</summary>
    Bounce,
    /// <summary>Make the (pinned) pages shared, DMA, make them private again: one conversion call each way, nothing
    /// overlapped. The seed's page-flip cycle.</summary>
    ConvertPerTransfer,
    /// <summary>The same per k pages: while batch i is DMA'd, batch i+1 is converted to shared and batch i-1 back.</summary>
    ConvertInBatches,
    /// <summary>Register and convert the buffer once, reuse it n times, convert it back at the end. With n infinite,
    /// this is pinned memory.</summary>
    ConvertOnce,
    /// <summary>H100 CC mode: the CPU encrypts into shared staging buffers, the GPU decrypts.</summary>
    EncryptedBounce,
    /// <summary>CvmBench's sealed pipeline: several host threads seal with AES-GCM straight from the caller's memory
    /// into pinned chunks (the seal is the copy), the GPU opens them with a kernel.</summary>
    SealedBounce,
}
