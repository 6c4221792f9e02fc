namespace CvmBench.Cuda;

/// <summary>The pages that back a <see cref="HostMapping"/>.</summary>
public enum HostPageSize
{
    /// <summary>Ordinary 4 KiB pages.</summary>
    Base4KiB,
    /// <summary>2 MiB pages from the hugetlb pool (MAP_HUGETLB): reserved at map time, never split.</summary>
    HugeTlb2MiB,
    /// <summary>2 MiB transparent huge pages (madvise MADV_HUGEPAGE): the kernel uses huge pages where it can find
    /// them when the memory is first touched, and 4 KiB pages where it cannot.</summary>
    Transparent2MiB,
}
