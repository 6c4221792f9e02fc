using System.Globalization;

namespace CvmBench.Measurement;

/// <summary>The CPU's last-level cache size, from sysfs.</summary>
public static class CacheSize
{
    /// <summary>The largest cache of CPU 0 (bytes), or <paramref name="fallback"/> when sysfs does not say.</summary>
    public static long LastLevel(long fallback = 64L << 20)
    {
        long largest = 0;
        try
        {
            foreach (string index in Directory.EnumerateDirectories("/sys/devices/system/cpu/cpu0/cache", "index*"))
            {
                string sizeFile = Path.Combine(index, "size");
                if (File.Exists(sizeFile) && TryParse(File.ReadAllText(sizeFile), out long bytes))
                {
                    largest = Math.Max(largest, bytes);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fallback;
        }
        return largest > 0 ? largest : fallback;
    }

    /// <summary>Parses sysfs cache sizes such as <c>307200K</c> or <c>32M</c>.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        text = text.Trim();
        long unit = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1L << 20 : 1;
        string digits = unit == 1 ? text : text[..^1];
        bool ok = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value);
        bytes = ok ? value * unit : 0;
        return ok;
    }
}
