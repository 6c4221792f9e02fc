namespace CvmBench.Model;

/// <summary>The units a parameter file may use and their factors to SI (bytes, seconds, bytes/s, fractions).</summary>
internal static class ParameterUnits
{
    public static bool IsKnown(string unit) => Factor(unit) is not null;

    public static double ToSi(double value, string unit) =>
        value * (Factor(unit) ?? throw new ArgumentException($"unknown unit '{unit}'"));

    public static double FromSi(double value, string unit) =>
        value / (Factor(unit) ?? throw new ArgumentException($"unknown unit '{unit}'"));

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
