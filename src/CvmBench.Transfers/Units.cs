using System.Globalization;

namespace CvmBench.Transfers;

/// <summary>Sizes as people write them: 4KiB, 32MB, 1GiB; GB is 1e9, GiB is 2^30.</summary>
public static class Units
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1),
    ];

    /// <summary>Parses <c>4096</c>, <c>4KiB</c>, <c>32MB</c>, <c>1.5GiB</c>. Throws <see cref="FormatException"/> with one clear line otherwise.</summary>
    public static long ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                trimmed = trimmed[..^suffix.Length].Trim();
                break;
            }
        }
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value))
        {
            throw new FormatException($"'{text}' is not a size (examples: 4096, 4KiB, 32MB, 1GiB)");
        }
        if (value <= 0)
        {
            throw new FormatException($"size '{text}' must be positive");
        }
        if (value > long.MaxValue / (decimal)factor)
        {
            throw new FormatException($"size '{text}' is too large");
        }
        decimal bytes = value * factor;
        if (bytes != decimal.Truncate(bytes))
        {
            throw new FormatException($"size '{text}' is not a whole number of bytes");
        }
        return (long)bytes;
    }

    /// <summary>The most sizes one list or range may give: a range with a forgotten unit (<c>1MiB..1GiB:+1</c>) is
    /// refused before its sizes are made, not measured for days.</summary>
    public const int MaxSizes = 1000;

    /// <summary>Parses a list (<c>4KiB,1MiB</c>) or a doubling range (<c>4KiB..1GiB</c>, optionally <c>4KiB..1GiB:x4</c> for another factor,
    /// or <c>1MiB..8MiB:+1MiB</c> for linear steps); at most <see cref="MaxSizes"/> sizes.</summary>
    public static IReadOnlyList<long> ParseSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int range = text.IndexOf("..", StringComparison.Ordinal);
        if (range < 0)
        {
            var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return list.Length switch
            {
                0 => throw new FormatException($"'{text}' lists no size (examples: 4KiB,1MiB or 4KiB..1GiB)"),
                > MaxSizes => throw new FormatException($"'{text}' lists {list.Length} sizes; at most {MaxSizes} are measured at once"),
                _ => list.Select(ParseBytes).ToList(),
            };
        }
        string rest = text[(range + 2)..];
        string step = "x2";
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            step = rest[(colon + 1)..].Trim();
            rest = rest[..colon];
        }
        long first = ParseBytes(text[..range]);
        long last = ParseBytes(rest);
        if (last < first)
        {
            throw new FormatException($"size range '{text}' runs backwards");
        }
        var sizes = new List<long>();
        if (step.StartsWith('x'))
        {
            if (!int.TryParse(step[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int factor) || factor < 2)
            {
                throw new FormatException($"range step '{step}' must be x2 or more");
            }
            for (long size = first; size <= last; size = size > long.MaxValue / factor ? long.MaxValue : size * factor)
            {
                sizes.Add(size);
                if (size == long.MaxValue)
                {
                    break;
                }
            }
        }
        else if (step.StartsWith('+'))
        {
            long increment = ParseBytes(step[1..]);
            long count = (last - first) / increment + 1;
            if (count > MaxSizes)
            {
                throw new FormatException($"size range '{text}' gives {count} sizes; at most {MaxSizes} are measured at once (a larger step, perhaps with a unit: +1MiB)");
            }
            for (long i = 0; i < count; i++)
            {
                sizes.Add(first + i * increment);
            }
        }
        else
        {
            throw new FormatException($"range step '{step}' must look like x2 or +1MiB");
        }
        return sizes;
    }

    /// <summary>Bytes in binary units: 4 KiB, 256 MiB, 1.5 GiB; plain bytes below 1 KiB.</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }
}
