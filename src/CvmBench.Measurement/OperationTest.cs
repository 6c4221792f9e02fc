using System.Globalization;
using System.Text.Json.Serialization;

namespace CvmBench.Measurement;

/// <summary>One measured host-side operation that is not a plain copy: making memory DMA-able and undoing it, a host
/// rate the cost model takes (AES-GCM, memcpy), or an emulated transfer.</summary>
/// <param name="Operation">What was timed (stored and printed in the words of <see cref="OperationNames"/>).</param>
/// <param name="Variant">How: the pages and their state for conversions, the tag segment for AES-GCM, the platform,
/// strategy, injected costs and direction for an emulated transfer.</param>
/// <param name="Bytes">Bytes one operation acts on.</param>
/// <param name="Threads">Host threads doing it at once (1 for a single call).</param>
/// <param name="Device">The GPU's CUDA ordinal (the simulated device's number).</param>
public sealed record OperationTest(
    [property: JsonConverter(typeof(OperationKindJsonConverter))] OperationKind Operation, string Variant, long Bytes, int Threads, int Device)
{
    /// <summary>A short name, for example <c>register 4KiB touched</c> or <c>aes-gcm-seal tag/4KiB x4</c>.</summary>
    public string Name => string.Join(' ', new[]
    {
        OperationNames.ToText(Operation),
        Variant.Length > 0 ? Variant : null,
        Threads > 1 ? string.Create(CultureInfo.InvariantCulture, $"x{Threads}") : null,
    }.Where(p => p is not null));
}
