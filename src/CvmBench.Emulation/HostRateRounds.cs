using CvmBench.Measurement;
using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>The host rates <c>emulate</c> calibrates the model with, for the strategies of the plan: memcpy into a
/// swiotlb-sized area (every bounce), into the plain VM's staging pool (its bounce), AES-GCM on one thread with both
/// tag segments (the encrypted bounce). Measured in <see cref="Count"/> rounds spread over the run, before the first
/// case and then evenly between the cases, because these rates drift over minutes (on the lent H100 VM the
/// single-thread AES-GCM rate by half between runs): the model takes the median over the rounds.</summary>
internal sealed class HostRateRounds(EmulationPlan plan, EmulationOptions options, ModelParameters parameters, int device, Action<OperationResult> add)
{
    /// <summary>Rounds in a run.</summary>
    public const int Count = 3;

    // Samples per rate and round; each reads at least twice the last-level cache.
    private const int Samples = 5;

    private readonly HashSet<(PlatformProfile, StrategyKind)> _strategies = [.. plan.Cases().Select(c => (c.Platform, c.Strategy))];
    private int _done;

    /// <summary>Rounds due after measurement <paramref name="index"/> of <paramref name="count"/> (the first round comes
    /// before them all): together <see cref="Count"/> - 1, the last after the last measurement.</summary>
    public static int DueAfter(int index, int count) => (index + 1) * (Count - 1) / count - index * (Count - 1) / count;

    /// <summary>Measures the next round.</summary>
    public void Measure(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        int round = ++_done;
        var rates = new HostRateMeter(Samples, options.Measurement.Host.LastLevelCacheBytes, device);
        void Add(OperationResult result) => add(result with { Method = $"{result.Method}; round {round} of {Count}, spread over the run" });
        if (_strategies.Any(s => s.Item2 == StrategyKind.Bounce))
        {
            Add(rates.HostCopy(options.BounceThreads, (long)parameters.Swiotlb.PoolBytes(parameters.Machine.MemoryBytes)));
        }
        if (_strategies.Contains((PlatformProfile.Vm, StrategyKind.Bounce)))
        {
            Add(rates.StagingCopy(options.BounceThreads, BounceStaging.PoolBytes(PlatformProfile.Vm, parameters)));
        }
        if (_strategies.Any(s => s.Item2 == StrategyKind.EncryptedBounce))
        {
            Add(rates.AesGcmSeal(1, EncryptedBounce.SegmentBytes));
            Add(rates.AesGcmSeal(1, HostRateMeter.StagingChunkBytes));
        }
    }
}
