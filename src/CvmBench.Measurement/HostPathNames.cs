using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>The words users type and read, and the store keeps, for host paths: pageable, pinned, wc, registered,
/// mapped, staged, sealed; and the memory each path allocates.</summary>
public static class HostPathNames
{
    public static string ToText(HostPath path) => path switch
    {
        HostPath.Staged => "staged",
        HostPath.Sealed => "sealed",
        _ => MemoryKindNames.ToText(path.Memory()),
    };

    public static bool TryParse(string text, out HostPath path)
    {
        foreach (var candidate in Enum.GetValues<HostPath>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                path = candidate;
                return true;
            }
        }
        path = default;
        return false;
    }

    /// <summary>The host memory the path's buffers are: a staged or sealed transfer's own memory is pageable.</summary>
    public static MemoryKind Memory(this HostPath path) => path switch
    {
        HostPath.Pageable or HostPath.Staged or HostPath.Sealed => MemoryKind.Pageable,
        HostPath.Pinned => MemoryKind.Pinned,
        HostPath.WriteCombined => MemoryKind.WriteCombined,
        HostPath.Registered => MemoryKind.Registered,
        HostPath.Mapped => MemoryKind.Mapped,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };
}
