using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>One thing <c>emulate</c> measures at each size: a strategy on a platform, with its costs injected or not,
/// in one direction. It is the variant of an emulated transfer: stored as <see cref="Variant"/>, read back by
/// <see cref="Of"/>.</summary>
/// <param name="Platform">The platform whose costs are injected.</param>
/// <param name="Strategy">The strategy run for real.</param>
/// <param name="Costs">Injected as modeled, injected as zero, or not at all.</param>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Reuses">Transfers per conversion (convert-once only; 1 otherwise).</param>
public sealed record EmulationCase(PlatformProfile Platform, StrategyKind Strategy, InjectedCosts Costs, Direction Direction, int Reuses = 1)
{
    /// <summary>The plain pinned copy every emulation is compared with. Pinned memory is DMA'd directly on every
    /// platform, so it is measured once, as the plain VM's.</summary>
    public static EmulationCase PinnedBaseline(Direction direction) =>
        new(PlatformProfile.Vm, StrategyKind.Pinned, InjectedCosts.None, direction);

    /// <summary>The strategies emulated on a platform (the pinned baseline aside): CC mode encrypts every copy and
    /// forbids host registration, and the sealed pipeline's encryption on several threads is measured beside it;
    /// elsewhere there is nothing to encrypt.</summary>
    public static IReadOnlyList<StrategyKind> StrategiesOf(PlatformProfile platform) => platform == PlatformProfile.H100Cc
        ? [StrategyKind.EncryptedBounce, StrategyKind.SealedBounce]
        : [StrategyKind.Bounce, StrategyKind.ConvertPerTransfer, StrategyKind.ConvertOnce];

    /// <summary>Nothing is injected into the strategy's own work: the plain VM and bare metal have no costs to inject,
    /// and zero or no costs inject none on any platform.</summary>
    public bool InjectsNothing => Costs is InjectedCosts.Zero or InjectedCosts.None || Platform is PlatformProfile.Vm or PlatformProfile.BareMetal;

    /// <summary>The stored variant: platform, strategy, costs and direction, for example <c>tdx bounce modeled h2d</c>;
    /// convert-once carries its reuse count (<c>once-10</c>).</summary>
    public string Variant => string.Join(' ', PlatformProfileNames.ToText(Platform),
        Strategy == StrategyKind.ConvertOnce ? string.Create(CultureInfo.InvariantCulture, $"{StrategyNames.ToText(Strategy)}-{Reuses}") : StrategyNames.ToText(Strategy),
        EmulationNames.ToText(Costs), DirectionNames.ToText(Direction));

    /// <summary>The case an emulated transfer measured; null for any other operation, or a variant that names no case.</summary>
    public static EmulationCase? Of(OperationTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return test.Operation == OperationKind.EmulatedTransfer ? Parse(test.Variant) : null;
    }

    /// <summary>Reads <see cref="Variant"/>'s form back; null when <paramref name="variant"/> is not one (batched
    /// conversion is modeled, not emulated).</summary>
    public static EmulationCase? Parse(string variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        string[] words = variant.Split(' ');
        if (words.Length != 4 || !DirectionNames.TryParse(words[3], out var direction))
        {
            return null;
        }
        string strategyWord = words[1];
        int reuses = 1;
        int dash = strategyWord.LastIndexOf('-');
        if (dash > 0 && int.TryParse(strategyWord.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
        {
            (strategyWord, reuses) = (strategyWord[..dash], n);
        }
        return PlatformProfileNames.TryParse(words[0], out var platform)
            && StrategyNames.TryParse(strategyWord, out StrategyKind strategy)
            && strategy != StrategyKind.ConvertInBatches
            && (reuses == 1 || strategy == StrategyKind.ConvertOnce)
            && EmulationNames.TryParse(words[2], out InjectedCosts costs)
            ? new EmulationCase(platform, strategy, costs, direction, reuses)
            : null;
    }
}
