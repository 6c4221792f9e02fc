namespace CvmBench.Platform;

/// <summary>One hugetlb pool (/sys/kernel/mm/hugepages/hugepages-SIZEkB).</summary>
/// <param name="PageBytes">The page size.</param>
/// <param name="Total">nr_hugepages: pages reserved for the pool.</param>
/// <param name="Free">free_hugepages: pages not yet handed out.</param>
public sealed record HugePagePool(long PageBytes, Fact<long> Total, Fact<long> Free);
