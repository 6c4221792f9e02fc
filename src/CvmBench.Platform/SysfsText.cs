using System.Globalization;

namespace CvmBench.Platform;

/// <summary>Parses the small text formats of /sys and /proc the probe reads.</summary>
public static class SysfsText
{
    /// <summary>The bracketed choice of a sysfs setting: <c>always [madvise] never</c> gives <c>madvise</c>.</summary>
    public static string? Choice(string text)
    {
        int open = text.IndexOf('[', StringComparison.Ordinal);
        int close = open < 0 ? -1 : text.IndexOf(']', open + 1);
        return close > open + 1 ? text[(open + 1)..close] : null;
    }

    /// <summary>A file holding one whole number.</summary>
    public static long? Integer(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null;

    /// <summary>A <c>Key: N kB</c> line of /proc/meminfo or a node's meminfo (<c>Node 0 MemTotal: N kB</c>), in bytes.</summary>
    public static long? MemInfoBytes(string text, string key)
    {
        string label = key + ":";
        foreach (string line in text.Split('\n'))
        {
            int at = line.IndexOf(label, StringComparison.Ordinal);
            if (at < 0 || (at > 0 && line[at - 1] != ' '))
            {
                continue;
            }
            string[] words = line[(at + label.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return null;
            }
            return words.Length > 1 && words[1] == "kB" ? value * 1024 : value;
        }
        return null;
    }

    /// <summary>The page size a hugetlb pool directory is named for: <c>hugepages-2048kB</c> gives 2 MiB.</summary>
    public static long? HugePagePoolBytes(string name)
    {
        const string Prefix = "hugepages-", Suffix = "kB";
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }
        return long.TryParse(name[Prefix.Length..^Suffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)
            ? kib * 1024
            : null;
    }

    /// <summary>The number of a NUMA node directory: <c>node1</c> gives 1.</summary>
    public static int? NodeNumber(string name) =>
        name.StartsWith("node", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int node)
            ? node
            : null;

    /// <summary>A cache size as sysfs writes it: <c>307200K</c>, <c>32M</c>, or plain bytes.</summary>
    public static long? CacheBytes(string text)
    {
        text = text.Trim();
        long unit = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1L << 20 : 1;
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value * unit : null;
    }
}
