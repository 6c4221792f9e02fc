namespace CvmBench.Platform;

/// <summary>Transparent huge pages and the hugetlb pools.</summary>
/// <param name="TransparentEnabled">The chosen setting of /sys/kernel/mm/transparent_hugepage/enabled.</param>
/// <param name="TransparentDefrag">The chosen setting of /sys/kernel/mm/transparent_hugepage/defrag.</param>
/// <param name="DefaultPageBytes">Hugepagesize of /proc/meminfo.</param>
/// <param name="Pools">One entry a supported huge page size.</param>
public sealed record HugePageProfile(
    Fact<string> TransparentEnabled,
    Fact<string> TransparentDefrag,
    Fact<long> DefaultPageBytes,
    Fact<IReadOnlyList<HugePagePool>> Pools);
