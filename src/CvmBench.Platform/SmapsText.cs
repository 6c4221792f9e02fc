using System.Globalization;

namespace CvmBench.Platform;

/// <summary>Reads /proc/PID/smaps text: how much of one mapping the kernel backs with transparent huge pages.</summary>
public static class SmapsText
{
    /// <summary>The <c>AnonHugePages</c> of the mapping that starts at <paramref name="start"/>, in bytes; null when
    /// no mapping starts there or it has no such line.</summary>
    public static long? AnonHugeBytes(string smaps, ulong start)
    {
        ArgumentNullException.ThrowIfNull(smaps);
        bool inside = false;
        foreach (string line in smaps.Split('\n'))
        {
            if (IsHeader(line, out ulong from))
            {
                if (inside)
                {
                    return null;
                }
                inside = from == start;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return SysfsText.MemInfoBytes(line, "AnonHugePages");
            }
        }
        return null;
    }

    /// <summary>A mapping's first line: <c>7f2c3a200000-7f2c3a600000 rw-p 00000000 00:00 0</c>.</summary>
    private static bool IsHeader(string line, out ulong start)
    {
        int dash = line.IndexOf('-', StringComparison.Ordinal);
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        start = 0;
        return dash > 0 && space > dash
            && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out start)
            && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
    }
}
