using System.Globalization;

namespace CvmBench.Cli.Measuring;

/// <summary>How much host memory there is (MemTotal) and is available now (MemAvailable).</summary>
internal static class HostMemory
{
    /// <summary>Bytes available, or 0 when /proc/meminfo cannot say.</summary>
    public static long AvailableBytes() => Read("MemAvailable:");

    /// <summary>All of the machine's memory (MemTotal), or 0 when /proc/meminfo cannot say.</summary>
    public static long TotalBytes() => Read("MemTotal:");

    private static long Read(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    string kib = line[key.Length..].Replace("kB", "", StringComparison.Ordinal).Trim();
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
        return 0;
    }
}
