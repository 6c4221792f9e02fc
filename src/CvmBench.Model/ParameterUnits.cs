namespace CvmBench.Model;

/// <summary>The units a parameter file may use and their factors to SI (bytes, seconds, bytes/s, fractions).</summary>
internal static class ParameterUnits
{
    public static bool IsKnown(string unit) => Factor(unit) is not null;

    public static double ToSi(double value, string unit) =>
        value * (Factor(unit) ?? throw new ArgumentException($"unknown unit '{unit}'"));

    public static double FromSi(double value, string unit) =>
        value / (Factor(unit) ?? throw new ArgumentException($"unknown unit '{unit}'"));

    /// <summary>The largest magnitude, in SI, that a value in <paramref name="unit"/> may have on any machine: 10 TB/s,
    /// 1000 s, 1 PiB, 100%, a million of a count.</summary>
    public static double Ceiling(string unit) => unit switch
    {
        "GB/s" => 1e13,
        "us" or "ns" => 1e3,
        "%" => 1,
        "count" => 1e6,
        _ => 1L << 50,
    };

    private static double? Factor(string unit) => unit switch
    {
        "GB/s" => 1e9,
        "us" => 1e-6,
        "ns" => 1e-9,
        "bytes" => 1,
        "KiB" => 1L << 10,
        "MiB" => 1L << 20,
        "GiB" => 1L << 30,
        "%" => 0.01,
        "count" => 1,
        _ => null,
    };
}
