namespace CvmBench.Transfers;

/// <summary>The words users type and read for memory kinds: pageable, pinned, wc, registered, mapped.</summary>
public static class MemoryKindNames
{
    public static string ToText(MemoryKind kind) => kind switch
    {
        MemoryKind.Pageable => "pageable",
        MemoryKind.Pinned => "pinned",
        MemoryKind.WriteCombined => "wc",
        MemoryKind.Registered => "registered",
        MemoryKind.Mapped => "mapped",
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
