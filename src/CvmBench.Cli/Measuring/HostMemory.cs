using System.Globalization;

namespace CvmBench.Cli.Measuring;

/// <summary>How much host memory is available now (MemAvailable).</summary>
internal static class HostMemory
{
    /// <summary>Bytes available, or 0 when /proc/meminfo cannot say.</summary>
    public static long AvailableBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    string kib = line["MemAvailable:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim();
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
