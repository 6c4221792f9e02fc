using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>One measured configuration: what is copied, which way, by what, how much, on which GPU.</summary>
/// <param name="Memory">The host memory kind (ignored for device-to-device).</param>
/// <param name="Direction">The direction reported.</param>
/// <param name="Method">Copy engine or SM kernel.</param>
/// <param name="Bytes">Bytes per copy.</param>
/// <param name="Device">The GPU's CUDA ordinal.</param>
/// <param name="Bidirectional">Measured while the opposite direction ran at the same time on another stream.</param>
public sealed record TransferTest(HostPath Memory, Direction Direction, CopyMethod Method, long Bytes, int Device, bool Bidirectional = false)
{
    /// <summary>A short stable name, for example <c>pinned h2d ce</c> or <c>pageable d2h ce bidir</c>.</summary>
    public string Name => string.Join(' ', new[]
    {
        Direction == Direction.DeviceToDevice ? "device" : HostPathNames.ToText(Memory),
        DirectionNames.ToText(Direction),
        Method == CopyMethod.CopyEngine ? "ce" : "sm",
        Bidirectional ? "bidir" : null,
    }.Where(p => p is not null));
}
