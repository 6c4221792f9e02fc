namespace CvmBench.Model;

/// <summary>All parameters, typed and in SI units (bytes, seconds, bytes per second, fractions): what the model's
/// functions take. Built from a <see cref="ParameterSet"/>, which keeps the units and sources people read.</summary>
public sealed record ModelParameters(
    MachineParameters Machine,
    SwiotlbParameters Swiotlb,
    ConversionParameters Conversion,
    TdxParameters Tdx,
    SnpParameters Snp,
    EncryptedBounceParameters Encrypted)
{
    private static readonly Lazy<ModelParameters> LazyDefaults = new(() => From(ParameterSet.Defaults));

    /// <summary>The shipped defaults.</summary>
    public static ModelParameters Defaults => LazyDefaults.Value;

    /// <summary>Typed values of <paramref name="set"/>; throws <see cref="ArgumentException"/> naming the first value
    /// out of its range (a rate of zero, a negative cost, a probability of 100%).</summary>
    public static ModelParameters From(ParameterSet set) => Read(new ParameterReader(set));

    internal static ModelParameters Read(ParameterReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var machine = new MachineParameters(
            H2DDmaRate: r.Positive("dma.h2dRate"),
            D2HDmaRate: r.Positive("dma.d2hRate"),
            H2DDmaLatency: r.NonNegative("dma.h2dLatency"),
            D2HDmaLatency: r.NonNegative("dma.d2hLatency"),
            CopyRatePerThread: r.Positive("host.copyRatePerThread"),
            CopyThreads: r.Count("host.copyThreads", 1),
            StagingChunkBytes: r.Positive("staging.chunk"),
            MemoryBytes: r.Positive("host.memory"),
            StagingCopyRatePerThread: r.Positive("staging.copyRatePerThread"),
            StagingSubmitCost: r.NonNegative("staging.submitCost"));
        var swiotlb = new SwiotlbParameters(
            PoolShare: r.Positive("swiotlb.poolShare"),
            PoolMinBytes: r.Positive("swiotlb.poolMin"),
            PoolMaxBytes: r.Positive("swiotlb.poolMax"),
            MappingMaxBytes: r.Positive("swiotlb.mappingMax"),
            MappingCost: r.NonNegative("swiotlb.mappingCost"));
        if (swiotlb.PoolMinBytes > swiotlb.PoolMaxBytes)
        {
            throw new ArgumentException("model parameter swiotlb.poolMin must not exceed swiotlb.poolMax");
        }
        var conversion = new ConversionParameters(
            PteUpdatePerPage: r.NonNegative("convert.ptePerPage"),
            RegistrationPerPage: r.NonNegative("register.perPage"),
            RegistrationPerCall: r.NonNegative("register.perCall"));
        var tdx = new TdxParameters(
            MapGpaChunkBytes: r.Positive("tdx.mapGpaChunk"),
            MapGpaExit: r.NonNegative("tdx.mapGpaExit"),
            MapGpaRetryProbability: r.Probability("tdx.mapGpaRetryProbability"),
            MapGpaMaxRetries: r.Count("tdx.mapGpaMaxRetries", 0),
            SeptRemove: r.NonNegative("tdx.sEptRemove"),
            PrivatePageBytes: r.Positive("tdx.privatePage"),
            AcceptPiece: r.NonNegative("tdx.acceptPiece"),
            AcceptClearRate: r.Positive("tdx.acceptClearRate"),
            CacheFlushRate: r.Positive("tdx.cacheFlushRate"),
            TlbShootdown: r.NonNegative("tdx.tlbShootdown"));
        if (tdx.PrivatePageBytes < PageConversionModel.PageBytes)
        {
            throw new ArgumentException("model parameter tdx.privatePage must be at least 4 KiB");
        }
        var snp = new SnpParameters(
            PvalidatePerPage: r.NonNegative("snp.pvalidatePerPage"),
            PscEntriesPerRequest: r.Count("snp.pscEntriesPerRequest", 1),
            PscExit: r.NonNegative("snp.pscExit"),
            RmpUpdatePerPage: r.NonNegative("snp.rmpUpdatePerPage"),
            TlbShootdown: r.NonNegative("snp.tlbShootdown"));
        var encrypted = new EncryptedBounceParameters(
            AesGcmRatePerCore: r.Positive("cc.aesGcmRatePerCore"),
            CryptoThreads: r.Count("cc.cryptoThreads", 1),
            StagingChunkBytes: r.Positive("cc.stagingChunk"),
            TagSegmentBytes: r.Positive("cc.tagSegment"),
            TagBytes: r.NonNegative("cc.tagBytes"),
            TagCost: r.NonNegative("cc.tagCost"),
            ChunkCost: r.NonNegative("cc.chunkCost"),
            GpuCryptoRate: r.Positive("cc.gpuCryptoRate"),
            SealedThreads: r.Count("sealed.threads", 1),
            SealedChunkBytes: r.Positive("sealed.chunk"),
            SealedGpuRate: r.Positive("sealed.gpuRate"));
        return new ModelParameters(machine, swiotlb, conversion, tdx, snp, encrypted);
    }
}
