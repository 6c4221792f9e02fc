using System.Globalization;

namespace CvmBench.Model;

/// <summary>A strategy and its one knob: pages per batch for <see cref="StrategyKind.ConvertInBatches"/>, reuses for
/// <see cref="StrategyKind.ConvertOnce"/> (infinite for <see cref="StrategyKind.Pinned"/>).</summary>
public sealed record TransferStrategy
{
    private TransferStrategy(StrategyKind kind, double batchPages, double reuses)
    {
        Kind = kind;
        BatchPages = batchPages;
        Reuses = reuses;
    }

    public StrategyKind Kind { get; }

    /// <summary>4 KiB pages converted per call (ConvertInBatches only, else 0). Fractional values are allowed: the
    /// model is a fluid one, and sweeps step k geometrically.</summary>
    public double BatchPages { get; }

    /// <summary>Transfers that share one conversion: ConvertOnce's count, infinite for Pinned, else 0.</summary>
    public double Reuses { get; }

    public static TransferStrategy Bounce { get; } = new(StrategyKind.Bounce, 0, 0);

    public static TransferStrategy ConvertPerTransfer { get; } = new(StrategyKind.ConvertPerTransfer, 0, 0);

    public static TransferStrategy EncryptedBounce { get; } = new(StrategyKind.EncryptedBounce, 0, 0);

    public static TransferStrategy SealedBounce { get; } = new(StrategyKind.SealedBounce, 0, 0);

    /// <summary>Memory converted once and never converted back within the measurement: what pinned memory is.</summary>
    public static TransferStrategy Pinned { get; } = new(StrategyKind.Pinned, 0, double.PositiveInfinity);

    public static TransferStrategy InBatches(double pages)
    {
        if (!(pages >= 1) || double.IsInfinity(pages))
        {
            throw new ArgumentOutOfRangeException(nameof(pages), pages, "a batch holds at least one page");
        }
        return new TransferStrategy(StrategyKind.ConvertInBatches, pages, 0);
    }

    public static TransferStrategy ConvertOnce(double reuses)
    {
        if (!(reuses >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(reuses), reuses, "a converted buffer is used at least once");
        }
        return double.IsPositiveInfinity(reuses) ? Pinned : new TransferStrategy(StrategyKind.ConvertOnce, 0, reuses);
    }

    /// <summary>A label for tables and legends (<see cref="StrategyNames.Title"/> and the knob); batches count 4 KiB
    /// pages.</summary>
    public string Name => Kind switch
    {
        StrategyKind.ConvertInBatches => $"{StrategyNames.Title(Kind)} of {Number(BatchPages)} pages",
        StrategyKind.ConvertOnce => $"{StrategyNames.Title(Kind)}, reuse {Number(Reuses)}x",
        _ => StrategyNames.Title(Kind),
    };

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
