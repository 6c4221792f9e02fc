namespace CvmBench.Model;

/// <summary>The words for <see cref="StrategyKind"/>: one for storage and the command line (<c>once</c> in
/// <c>tdx once-10 modeled h2d</c>), one title for tables and legends.</summary>
public static class StrategyNames
{
    public static string ToText(StrategyKind kind) => kind switch
    {
        StrategyKind.Pinned => "pinned",
        StrategyKind.Bounce => "bounce",
        StrategyKind.ConvertPerTransfer => "per-transfer",
        StrategyKind.ConvertInBatches => "batches",
        StrategyKind.ConvertOnce => "once",
        StrategyKind.EncryptedBounce => "encrypted",
        StrategyKind.SealedBounce => "sealed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A label for tables and legends.</summary>
    public static string Title(StrategyKind kind) => kind switch
    {
        StrategyKind.Pinned => "pinned",
        StrategyKind.Bounce => "bounce",
        StrategyKind.ConvertPerTransfer => "convert per transfer",
        StrategyKind.ConvertInBatches => "convert in batches",
        StrategyKind.ConvertOnce => "convert once",
        StrategyKind.EncryptedBounce => "encrypted bounce",
        StrategyKind.SealedBounce => "sealed bounce",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string text, out StrategyKind kind)
    {
        foreach (var candidate in Enum.GetValues<StrategyKind>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
