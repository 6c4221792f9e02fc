using CvmBench.Emulation;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Model;

/// <summary>Properties that must hold for any parameters, checked over many random draws.</summary>
public class ModelPropertyTests
{
    private const int Draws = 300;
    private static readonly Direction[] Directions = [Direction.HostToDevice, Direction.DeviceToHost];

    [Fact]
    public void Throughput_never_exceeds_the_link()
    {
        foreach (var (seed, p) in RandomParameters.Draws(Draws))
        {
            var random = new Random(seed);
            foreach (var (platform, strategy) in Cases(random))
            {
                foreach (var direction in Directions)
                {
                    double bytes = RandomParameters.Size(random);
                    double rate = bytes / TransferModel.Seconds(platform, strategy, direction, bytes, p);
                    Assert.True(rate <= p.Machine.DmaRate(direction) * (1 + 1e-12),
                        $"seed {seed}: {platform} {strategy.Name} {direction} {bytes} bytes at {rate / 1e9} GB/s over the {p.Machine.DmaRate(direction) / 1e9} GB/s link");
                }
            }
        }
    }

    [Fact]
    public void Throughput_never_falls_as_transfers_grow()
    {
        foreach (var (seed, p) in RandomParameters.Draws(Draws))
        {
            var random = new Random(seed);
            double[] sizes = [.. Enumerable.Range(0, 40).Select(_ => RandomParameters.Size(random)).Order()];
            foreach (var (platform, strategy) in Cases(random))
            {
                foreach (var direction in Directions)
                {
                    double previous = 0;
                    foreach (double bytes in sizes)
                    {
                        double rate = bytes / TransferModel.Seconds(platform, strategy, direction, bytes, p);
                        Assert.True(rate >= previous * (1 - 1e-12),
                            $"seed {seed}: {platform} {strategy.Name} {direction} falls to {rate / 1e9} GB/s at {bytes} bytes from {previous / 1e9}");
                        previous = rate;
                    }
                }
            }
        }
    }

    [Fact]
    public void Batching_never_raises_the_amortized_conversion_cost_per_page()
    {
        foreach (var (seed, p) in RandomParameters.Draws(Draws))
        {
            var random = new Random(seed);
            double[] batches = [.. Enumerable.Range(0, 30).Select(_ => RandomParameters.BatchPages(random)).Order()];
            foreach (var platform in Enum.GetValues<PlatformProfile>())
            {
                double previousCost = double.PositiveInfinity, previousRate = 0;
                foreach (double k in batches)
                {
                    double perPage = PageConversionModel.RoundTrip(platform, k * PageConversionModel.PageBytes, p).Total / k;
                    double rate = BreakEven.StreamingRate(platform, Direction.HostToDevice, k, p);
                    Assert.True(perPage <= previousCost * (1 + 1e-12), $"seed {seed}: {platform} costs more per page at k = {k}");
                    Assert.True(rate >= previousRate * (1 - 1e-12), $"seed {seed}: {platform} streams slower at k = {k}");
                    (previousCost, previousRate) = (perPage, rate);
                }
            }
        }
    }

    [Fact]
    public void With_every_conversion_cost_zero_each_strategy_collapses_to_its_copy_and_DMA_bound()
    {
        foreach (var (seed, drawn) in RandomParameters.Draws(Draws))
        {
            var p = WithoutConversionCosts(drawn);
            var random = new Random(seed);
            foreach (var (platform, strategy) in Cases(random))
            {
                foreach (var direction in Directions)
                {
                    double bytes = RandomParameters.Size(random);
                    double expected = strategy.Kind switch
                    {
                        StrategyKind.Bounce => CopyAndDmaBound(platform, direction, bytes, p),
                        // Nothing to convert: encryption is its copy, and no parameter of it was zeroed.
                        StrategyKind.EncryptedBounce => TransferModel.Seconds(platform, strategy, direction, bytes, drawn),
                        _ => p.Machine.DmaLatency(direction) + bytes / p.Machine.DmaRate(direction),
                    };
                    double actual = TransferModel.Seconds(platform, strategy, direction, bytes, p);
                    Assert.True(Math.Abs(actual - expected) <= 1e-9 * expected,
                        $"seed {seed}: {platform} {strategy.Name} {direction} {bytes} bytes: {actual} s, bound {expected} s");
                }
            }
        }
    }

    /// <summary>Every platform with every strategy that applies to it (pinned too), with a random batch and reuse count.</summary>
    private static IEnumerable<(PlatformProfile, TransferStrategy)> Cases(Random random) =>
        from platform in Enum.GetValues<PlatformProfile>()
        from strategy in new[]
        {
            TransferStrategy.Pinned,
            TransferStrategy.Bounce,
            TransferStrategy.ConvertPerTransfer,
            TransferStrategy.InBatches(RandomParameters.BatchPages(random)),
            TransferStrategy.ConvertOnce(RandomParameters.LogUniform(random, 1, 1e6)),
            TransferStrategy.EncryptedBounce,
        }
        where TransferModel.Applies(platform, strategy.Kind)
        select (platform, strategy);

    /// <summary>What the emulation zeroes, and registration too; the CC chunk cost stays, since the encrypted bounce's
    /// bound below includes it.</summary>
    private static ModelParameters WithoutConversionCosts(ModelParameters p) => ModelCheck.WithoutInjectedCosts(p) with
    {
        Conversion = new ConversionParameters(PteUpdatePerPage: 0, RegistrationPerPage: 0, RegistrationPerCall: 0),
        Encrypted = p.Encrypted,
    };

    /// <summary>The bounce bound written out: copy and DMA chunks overlapped, one DMA latency per round, rounds of at
    /// most the swiotlb pool in a confidential VM; the copy into the driver's staging chunks (host to device outside
    /// confidential VMs) at the staging copy rate, each chunk's submission on the copying thread but a round's first,
    /// which its DMA latency holds as far as it fits in it.</summary>
    private static double CopyAndDmaBound(PlatformProfile platform, Direction direction, double bytes, ModelParameters p)
    {
        double dmaRate = p.Machine.DmaRate(direction);
        bool confidential = platform is PlatformProfile.Tdx or PlatformProfile.SevSnp or PlatformProfile.SnpPageFlip;
        double pool = Math.Clamp(p.Swiotlb.PoolShare * p.Machine.MemoryBytes, p.Swiotlb.PoolMinBytes, p.Swiotlb.PoolMaxBytes);
        double round = confidential ? Math.Min(bytes, pool) : bytes;
        double chunk = Math.Min(round, confidential ? p.Swiotlb.MappingMaxBytes : p.Machine.StagingChunkBytes);
        double perThread = !confidential && direction == Direction.HostToDevice ? p.Machine.StagingCopyRatePerThread : p.Machine.CopyRatePerThread;
        double copy = chunk / (perThread * p.Machine.CopyThreads) + p.Machine.StagingSubmitCost, dma = chunk / dmaRate;
        double chunks = round / chunk;
        double latency = p.Machine.DmaLatency(direction);
        return bytes / round * (latency + copy - Math.Min(p.Machine.StagingSubmitCost, latency) + dma + (chunks - 1) * Math.Max(copy, dma));
    }
}
