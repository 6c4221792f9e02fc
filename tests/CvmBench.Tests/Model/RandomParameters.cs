using CvmBench.Model;

namespace CvmBench.Tests.Model;

/// <summary>Parameter draws for property tests: every value log-uniform (or uniform) over a range wider than any
/// real machine, so the properties are checked far from the defaults too. Seeded, so a failure reproduces.</summary>
internal static class RandomParameters
{
    private const double Us = 1e-6, GBps = 1e9, KiB = 1 << 10, MiB = 1 << 20, GiB = 1 << 30;

    public static IEnumerable<(int Seed, ModelParameters Parameters)> Draws(int count, int firstSeed = 1) =>
        Enumerable.Range(firstSeed, count).Select(seed => (seed, Draw(new Random(seed))));

    public static ModelParameters Draw(Random random) => new(
        new MachineParameters(
            H2DDmaRate: LogUniform(random, 1 * GBps, 100 * GBps),
            D2HDmaRate: LogUniform(random, 1 * GBps, 100 * GBps),
            H2DDmaLatency: LogUniformOrZero(random, 0.1 * Us, 100 * Us),
            D2HDmaLatency: LogUniformOrZero(random, 0.1 * Us, 100 * Us),
            CopyRatePerThread: LogUniform(random, 1 * GBps, 50 * GBps),
            CopyThreads: random.Next(1, 17),
            StagingChunkBytes: LogUniform(random, 64 * KiB, 64 * MiB),
            MemoryBytes: LogUniform(random, 1 * GiB, 2048 * GiB),
            StagingCopyRatePerThread: LogUniform(random, 1 * GBps, 50 * GBps),
            StagingSubmitCost: LogUniformOrZero(random, 0.1 * Us, 20 * Us)),
        new SwiotlbParameters(
            PoolShare: random.NextDouble() * 0.2 + 0.001,
            PoolMinBytes: LogUniform(random, 16 * MiB, 128 * MiB),
            PoolMaxBytes: LogUniform(random, 256 * MiB, 4 * GiB),
            MappingMaxBytes: LogUniform(random, 4 * KiB, 1 * MiB),
            MappingCost: LogUniformOrZero(random, 0.01 * Us, 10 * Us)),
        new ConversionParameters(
            PteUpdatePerPage: LogUniformOrZero(random, 0.001 * Us, 1 * Us),
            RegistrationPerPage: LogUniformOrZero(random, 0.01 * Us, 10 * Us),
            RegistrationPerCall: LogUniformOrZero(random, 0.1 * Us, 100 * Us)),
        new TdxParameters(
            MapGpaChunkBytes: LogUniform(random, 4 * KiB, 1 * GiB),
            MapGpaExit: LogUniformOrZero(random, 0.1 * Us, 100 * Us),
            MapGpaRetryProbability: random.NextDouble() * 0.9,
            MapGpaMaxRetries: random.Next(0, 8),
            SeptRemove: LogUniformOrZero(random, 0.01 * Us, 10 * Us),
            PrivatePageBytes: random.Next(3) switch { 0 => 4 * KiB, 1 => 2 * MiB, _ => 1 * GiB },
            AcceptPiece: LogUniformOrZero(random, 0.1 * Us, 50 * Us),
            AcceptClearRate: LogUniform(random, 1 * GBps, 100 * GBps),
            CacheFlushRate: LogUniform(random, 1 * GBps, 100 * GBps),
            TlbShootdown: LogUniformOrZero(random, 0.1 * Us, 100 * Us)),
        new SnpParameters(
            PvalidatePerPage: LogUniformOrZero(random, 0.01 * Us, 5 * Us),
            PscEntriesPerRequest: random.Next(1, 254),
            PscExit: LogUniformOrZero(random, 0.1 * Us, 50 * Us),
            RmpUpdatePerPage: LogUniformOrZero(random, 0.01 * Us, 5 * Us),
            TlbShootdown: LogUniformOrZero(random, 0.1 * Us, 50 * Us)),
        new EncryptedBounceParameters(
            AesGcmRatePerCore: LogUniform(random, 0.5 * GBps, 20 * GBps),
            CryptoThreads: random.Next(1, 17),
            StagingChunkBytes: LogUniform(random, 64 * KiB, 64 * MiB),
            TagSegmentBytes: LogUniform(random, 512, 64 * KiB),
            TagBytes: random.Next(0, 33),
            TagCost: LogUniformOrZero(random, 0.001 * Us, 1 * Us),
            ChunkCost: LogUniformOrZero(random, 0.1 * Us, 100 * Us),
            GpuCryptoRate: LogUniform(random, 5 * GBps, 500 * GBps)));

    /// <summary>A transfer size from 1 byte to 64 GiB, log-uniform: not only whole pages or powers of two.</summary>
    public static double Size(Random random) => LogUniform(random, 1, 64 * GiB);

    /// <summary>A batch of 1 to 2^20 pages, whole or not.</summary>
    public static double BatchPages(Random random) => LogUniform(random, 1, 1 << 20);

    public static double LogUniform(Random random, double low, double high) =>
        low * Math.Pow(high / low, random.NextDouble());

    /// <summary>Zero one time in eight: costs of zero are legal and are where division slips show.</summary>
    private static double LogUniformOrZero(Random random, double low, double high) =>
        random.Next(8) == 0 ? 0 : LogUniform(random, low, high);
}
