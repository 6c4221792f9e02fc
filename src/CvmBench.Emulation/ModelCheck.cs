using CvmBench.Measurement;
using CvmBench.Model;

namespace CvmBench.Emulation;

/// <summary>The model against the hardware: for every emulated result of a run, the model's prediction for the same
/// platform, strategy, direction and size, with the parameters calibrated from that run.</summary>
public static class ModelCheck
{
    /// <summary>An error beyond this (either way) is investigated (docs/emulate.md).</summary>
    public const double Threshold = 0.15;

    /// <summary>Every emulated transfer of <paramref name="run"/> beside its prediction, in the run's order.</summary>
    public static IReadOnlyList<ModelComparison> Compare(RunRecord run, ModelParameters calibrated)
    {
        ArgumentNullException.ThrowIfNull(run);
        var comparisons = new List<ModelComparison>();
        foreach (var result in run.Operations)
        {
            if (EmulationCase.Of(result.Test) is { } emulation)
            {
                double predicted = PredictSeconds(emulation, result.Test.Bytes, result.Test.Threads, calibrated);
                comparisons.Add(new ModelComparison(emulation, result.Test.Bytes, result.MedianSeconds, predicted, result.CoefficientOfVariation));
            }
        }
        return comparisons;
    }

    /// <summary>The model's time for one transfer of <paramref name="emulation"/>: the matching strategy, with the
    /// staging engine's <paramref name="threads"/> copying (or sealing); without the injected costs where none were
    /// injected; and, for the encrypted bounce, without the GPU's decryption, which the emulation does not do.</summary>
    public static double PredictSeconds(EmulationCase emulation, long bytes, int threads, ModelParameters calibrated)
    {
        ArgumentNullException.ThrowIfNull(emulation);
        ArgumentNullException.ThrowIfNull(calibrated);
        var p = emulation.Costs == InjectedCosts.Modeled ? calibrated : WithoutInjectedCosts(calibrated);
        p = p with
        {
            Machine = p.Machine with { CopyThreads = emulation.Strategy == StrategyKind.Bounce ? Math.Max(1, threads) : p.Machine.CopyThreads },
            // The encrypted bounce's GPU side is not emulated; the sealed path's is (the device opens every chunk).
            Encrypted = p.Encrypted with
            {
                GpuCryptoRate = double.PositiveInfinity,
                CryptoThreads = 1,
                SealedThreads = Math.Max(1, threads),
                SealedChunkBytes = SealedCopy.ChunkBytes,
            },
        };
        var strategy = emulation.Strategy switch
        {
            StrategyKind.Pinned => TransferStrategy.Pinned,
            StrategyKind.Bounce => TransferStrategy.Bounce,
            StrategyKind.ConvertPerTransfer => TransferStrategy.ConvertPerTransfer,
            StrategyKind.ConvertOnce => TransferStrategy.ConvertOnce(emulation.Reuses),
            StrategyKind.EncryptedBounce => TransferStrategy.EncryptedBounce,
            StrategyKind.SealedBounce => TransferStrategy.SealedBounce,
            _ => throw new ArgumentException($"unknown strategy {emulation.Strategy}", nameof(emulation)),
        };
        return TransferModel.Seconds(emulation.Platform, strategy, emulation.Direction, bytes, p);
    }

    /// <summary>The parameters with every cost the emulation injects set to zero (registration and the machine's rates
    /// are real work and stay).</summary>
    public static ModelParameters WithoutInjectedCosts(ModelParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p with
        {
            Conversion = p.Conversion with { PteUpdatePerPage = 0 },
            Swiotlb = p.Swiotlb with { MappingCost = 0 },
            Tdx = p.Tdx with
            {
                MapGpaExit = 0,
                SeptRemove = 0,
                AcceptPiece = 0,
                AcceptClearRate = double.PositiveInfinity,
                CacheFlushRate = double.PositiveInfinity,
                TlbShootdown = 0,
            },
            Snp = p.Snp with { PvalidatePerPage = 0, PscExit = 0, RmpUpdatePerPage = 0, TlbShootdown = 0 },
            Encrypted = p.Encrypted with { ChunkCost = 0 },
        };
    }
}
