using CvmBench.Cuda;

namespace CvmBench.Measurement;

/// <summary>The variant words of conversion operations: which pages back the memory and whether it was touched
/// before it was made DMA-able (<c>4KiB touched</c>, <c>2MiB-thp untouched</c>, <c>2MiB-hugetlb touched</c>); memory
/// the driver allocates itself is <c>driver</c>.</summary>
public static class ConversionVariant
{
    /// <summary>cuMemHostAlloc chooses its own pages.</summary>
    public const string Driver = "driver";

    /// <summary>What the model's registration cost describes: an application's buffer, in use, on 4 KiB pages.</summary>
    public static string BaseTouched { get; } = Text(HostPageSize.Base4KiB, touched: true);

    /// <summary>The same memory registered in bursts: several calls back to back per sample, each on its own range,
    /// as a converter that registers per transfer makes them.</summary>
    public static string BaseTouchedBurst { get; } = BaseTouched + " burst";

    public static string Text(HostPageSize pages, bool touched) => $"{PagesText(pages)} {(touched ? "touched" : "untouched")}";

    public static string PagesText(HostPageSize pages) => pages switch
    {
        HostPageSize.Base4KiB => "4KiB",
        HostPageSize.HugeTlb2MiB => "2MiB-hugetlb",
        HostPageSize.Transparent2MiB => "2MiB-thp",
        _ => throw new ArgumentOutOfRangeException(nameof(pages)),
    };
}
