using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>The variant of an emulated transfer, as stored: <c>tdx bounce modeled h2d</c> is the bounce strategy with
/// TDX's costs injected as the model gives them, host to device. Platform, strategy and cost words are those of
/// <c>cvmbench emulate</c>.</summary>
/// <param name="Platform">The platform emulated (vm, tdx, snp, snp-flip, h100-cc).</param>
/// <param name="Strategy">The strategy (pinned, bounce, per-transfer, once, encrypted).</param>
/// <param name="Costs">modeled (the platform's costs injected), zero (injection points kept, every cost zero) or none
/// (the plain strategy, no injection points).</param>
/// <param name="Direction">Host to device or device to host.</param>
public sealed record EmulatedTransferVariant(string Platform, string Strategy, string Costs, Direction Direction)
{
    /// <summary>The strategy word of the plain pinned copy every emulation is measured against.</summary>
    public const string PinnedStrategy = "pinned";

    public override string ToString() => $"{Platform} {Strategy} {Costs} {DirectionNames.ToText(Direction)}";

    /// <summary>Reads <see cref="ToString"/>'s form back; null when <paramref name="text"/> is not one.</summary>
    public static EmulatedTransferVariant? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split(' ');
        return words.Length == 4 && words.Take(3).All(w => w.Length > 0) && DirectionNames.TryParse(words[3], out var direction)
            ? new EmulatedTransferVariant(words[0], words[1], words[2], direction)
            : null;
    }
}
