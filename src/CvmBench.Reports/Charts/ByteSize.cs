using System.Globalization;
using CvmBench.Transfers;

namespace CvmBench.Reports.Charts;

/// <summary>Transfer sizes in tables and on axes: powers of two in binary units (32 MiB), anything else exact in
/// bytes (bandwidthTest's sizes are decimal: 32,000,000 B would otherwise read as 30.52 MiB).</summary>
public static class ByteSize
{
    public static string Text(long bytes) =>
        bytes >= 1024 && (bytes & (bytes - 1)) == 0 ? Units.FormatBytes(bytes) : $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} B";

    /// <summary>"512 B", "4 KiB", "32 MiB", "1 GiB" for 2^power bytes.</summary>
    public static string PowerOfTwo(int power) => Units.FormatBytes(1L << Math.Clamp(power, 0, 62));
}
