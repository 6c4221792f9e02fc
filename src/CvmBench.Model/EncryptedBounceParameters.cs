namespace CvmBench.Model;

/// <summary>The H100 CC mode's encrypted bounce, and CvmBench's sealed bounce beside it. SI units.</summary>
/// <param name="AesGcmRatePerCore">AES-GCM rate of one CPU core.</param>
/// <param name="CryptoThreads">CPU threads that encrypt (or decrypt) one copy.</param>
/// <param name="StagingChunkBytes">Shared staging buffer: the pipeline's grain.</param>
/// <param name="TagSegmentBytes">Bytes per authentication tag.</param>
/// <param name="TagBytes">Size of one tag (tags cross the link too).</param>
/// <param name="TagCost">CPU work per tag besides the bulk cipher.</param>
/// <param name="ChunkCost">CPU work per staging chunk: encrypted commands and the handshake that frees it.</param>
/// <param name="GpuCryptoRate">The GPU copy engine's decryption (or encryption) rate.</param>
/// <param name="SealedThreads">Host threads that seal (or open) one copy of the sealed bounce.</param>
/// <param name="SealedChunkBytes">The sealed bounce's pinned chunk: its pipeline's grain.</param>
/// <param name="SealedGpuRate">The sealed kernels' open (or seal) rate on the GPU.</param>
public sealed record EncryptedBounceParameters(
    double AesGcmRatePerCore,
    int CryptoThreads,
    double StagingChunkBytes,
    double TagSegmentBytes,
    double TagBytes,
    double TagCost,
    double ChunkCost,
    double GpuCryptoRate,
    int SealedThreads = 16,
    double SealedChunkBytes = 4 << 20,
    double SealedGpuRate = 200e9)
{
    /// <summary>CPU encryption rate of one copy, all threads together.</summary>
    public double CpuCryptoRate => AesGcmRatePerCore * CryptoThreads;
}
