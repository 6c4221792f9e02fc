namespace CvmBench.Measurement;

/// <summary>The words users type and read for memory kinds: pageable, pinned, wc, registered, mapped, staged.</summary>
public static class MemoryKindNames
{
    public static string ToText(MemoryKind kind) => kind switch
    {
        MemoryKind.Pageable => "pageable",
        MemoryKind.Pinned => "pinned",
        MemoryKind.WriteCombined => "wc",
        MemoryKind.Registered => "registered",
        MemoryKind.Mapped => "mapped",
        MemoryKind.Staged => "staged",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string text, out MemoryKind kind)
    {
        foreach (var candidate in Enum.GetValues<MemoryKind>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

/// <summary>The words for directions: h2d, d2h, d2d.</summary>
public static class DirectionNames
{
    public static string ToText(Direction direction) => direction switch
    {
        Direction.HostToDevice => "h2d",
        Direction.DeviceToHost => "d2h",
        Direction.DeviceToDevice => "d2d",
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    public static bool TryParse(string text, out Direction direction)
    {
        foreach (var candidate in Enum.GetValues<Direction>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                direction = candidate;
                return true;
            }
        }
        direction = default;
        return false;
    }
}
