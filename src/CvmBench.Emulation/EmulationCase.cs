using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>One thing <c>emulate</c> measures at each size: a strategy on a platform, with its costs injected or not,
/// in one direction.</summary>
/// <param name="Platform">The platform whose costs are injected.</param>
/// <param name="Strategy">The strategy run for real.</param>
/// <param name="Costs">Injected as modeled, injected as zero, or not at all.</param>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Reuses">Transfers per conversion (convert-once only; 1 otherwise).</param>
public sealed record EmulationCase(PlatformProfile Platform, EmulatedStrategy Strategy, InjectedCosts Costs, Direction Direction, int Reuses = 1)
{
    /// <summary>The plain pinned copy every emulation is compared with. Pinned memory is DMA'd directly on every
    /// platform, so it is measured once, as the plain VM's.</summary>
    public static EmulationCase PinnedBaseline(Direction direction) =>
        new(PlatformProfile.Vm, EmulatedStrategy.Pinned, InjectedCosts.None, direction);

    /// <summary>The stored variant words; convert-once carries its reuse count (<c>once-10</c>).</summary>
    public EmulatedTransferVariant Variant => new(PlatformProfileNames.ToText(Platform),
        Strategy == EmulatedStrategy.ConvertOnce ? $"{EmulationNames.ToText(Strategy)}-{Reuses}" : EmulationNames.ToText(Strategy),
        EmulationNames.ToText(Costs), Direction);

    /// <summary>The strategies emulated on a platform (the pinned baseline aside): CC mode encrypts every copy and
    /// forbids host registration; elsewhere there is nothing to encrypt.</summary>
    public static IReadOnlyList<EmulatedStrategy> StrategiesOf(PlatformProfile platform) => platform == PlatformProfile.H100Cc
        ? [EmulatedStrategy.EncryptedBounce]
        : [EmulatedStrategy.Bounce, EmulatedStrategy.ConvertPerTransfer, EmulatedStrategy.ConvertOnce];

    /// <summary>The case a stored variant names; null when it names none.</summary>
    public static EmulationCase? From(EmulatedTransferVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        string strategyWord = variant.Strategy;
        int reuses = 1;
        int dash = strategyWord.LastIndexOf('-');
        if (dash > 0 && int.TryParse(strategyWord.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
        {
            (strategyWord, reuses) = (strategyWord[..dash], n);
        }
        return EmulationNames.TryParsePlatform(variant.Platform, out var platform)
            && EmulationNames.TryParse(strategyWord, out EmulatedStrategy strategy)
            && (reuses == 1 || strategy == EmulatedStrategy.ConvertOnce)
            && EmulationNames.TryParse(variant.Costs, out InjectedCosts costs)
            ? new EmulationCase(platform, strategy, costs, variant.Direction, reuses)
            : null;
    }
}
