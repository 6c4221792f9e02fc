using System.Globalization;

namespace CvmBench.Model;

/// <summary>Numbers as people read them: sizes in KiB/MiB/GiB (powers of two), durations in ns/us/ms/s, rates in GB/s
/// (1e9 bytes/s), three significant digits.</summary>
public static class QuantityText
{
    public static string Bytes(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        int unit = 0;
        while (unit < units.Length - 1 && Math.Abs(bytes) >= 1024)
        {
            bytes /= 1024;
            unit++;
        }
        return $"{Significant(bytes)} {units[unit]}";
    }

    public static string Duration(double seconds) => Math.Abs(seconds) switch
    {
        0 => "0 us",
        < 1e-6 => $"{Significant(seconds * 1e9)} ns",
        < 1e-3 => $"{Significant(seconds * 1e6)} us",
        < 1 => $"{Significant(seconds * 1e3)} ms",
        _ => $"{Significant(seconds)} s",
    };

    public static string Rate(double bytesPerSecond) => $"{Significant(bytesPerSecond / 1e9)} GB/s";

    /// <summary>Three significant digits, no exponent, invariant culture.</summary>
    public static string Significant(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        int digits = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value, Math.Min(digits, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }
}
