namespace CvmBench.Transfers;

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
