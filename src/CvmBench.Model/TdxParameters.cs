namespace CvmBench.Model;

/// <summary>Intel TDX page conversion, as Linux and KVM do it. SI units.</summary>
/// <param name="MapGpaChunkBytes">Bytes per MapGPA chunk (one exit to the VMM each).</param>
/// <param name="MapGpaExit">One chunk's exit to the VMM and back.</param>
/// <param name="MapGpaRetryProbability">Chance a chunk returns RETRY and is issued again.</param>
/// <param name="MapGpaMaxRetries">Retries per chunk before the guest gives up.</param>
/// <param name="SeptRemove">Host work to remove one private secure-EPT mapping.</param>
/// <param name="PrivatePageBytes">Largest page the host maps private memory with.</param>
/// <param name="AcceptPiece">One ACCEPT of an unmapped piece, besides clearing it.</param>
/// <param name="AcceptClearRate">Rate at which accepted memory is initialized.</param>
/// <param name="CacheFlushRate">Rate of flushing the converted range from the caches (each direction).</param>
/// <param name="TlbShootdown">Global TLB flush per conversion call and direction.</param>
public sealed record TdxParameters(
    double MapGpaChunkBytes,
    double MapGpaExit,
    double MapGpaRetryProbability,
    int MapGpaMaxRetries,
    double SeptRemove,
    double PrivatePageBytes,
    double AcceptPiece,
    double AcceptClearRate,
    double CacheFlushRate,
    double TlbShootdown)
{
    /// <summary>Expected exits per chunk: each attempt is retried with the retry probability, at most
    /// MapGpaMaxRetries times (1 + q + q^2 + ... + q^r).</summary>
    public double MapGpaAttemptsPerChunk
    {
        get
        {
            double attempts = 0, chance = 1;
            for (int i = 0; i <= MapGpaMaxRetries; i++)
            {
                attempts += chance;
                chance *= MapGpaRetryProbability;
            }
            return attempts;
        }
    }
}
