namespace CvmBench.Transfers;

/// <summary>What moves the bytes.</summary>
public enum CopyMethod
{
    /// <summary>A DMA copy engine (cuMemcpyAsync).</summary>
    CopyEngine,
    /// <summary>A copy kernel on the streaming multiprocessors.</summary>
    Sm,
}
