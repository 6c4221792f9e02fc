namespace CvmBench.Model;

/// <summary>The points the model is evaluated at for tables, curves and sweeps. Geometric steps, because every
/// quantity here spans orders of magnitude.</summary>
public static class ModelGrid
{
    /// <summary>Transfer sizes the tables show: 4 KiB to 1 GiB.</summary>
    public static IReadOnlyList<double> TableSizes { get; } = [4 << 10, 64 << 10, 1 << 20, 16 << 20, 256 << 20, 1 << 30];

    /// <summary>64 transfer sizes from 4 KiB to 4 GiB, equally spaced in log2.</summary>
    public static IReadOnlyList<double> Sizes { get; } = Geometric(4 << 10, 4.0 * (1 << 30), 64);

    /// <summary>32 batch sizes from 1 page to 262144 pages (1 GiB), equally spaced in log2.</summary>
    public static IReadOnlyList<double> BatchPages { get; } = Geometric(1, 1 << 18, 32);

    /// <summary>32 reuse counts from 1 to 65536, equally spaced in log2.</summary>
    public static IReadOnlyList<double> Reuses { get; } = Geometric(1, 1 << 16, 32);

    private static double[] Geometric(double first, double last, int count)
    {
        double step = Math.Log2(last / first) / (count - 1);
        return [.. Enumerable.Range(0, count).Select(i => i == count - 1 ? last : first * Math.Pow(2, i * step))];
    }
}
