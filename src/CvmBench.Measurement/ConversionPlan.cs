namespace CvmBench.Measurement;

/// <summary>What <c>convert</c> measures: registration latencies at every size on each page size, host allocation,
/// and the host rates at each thread count.</summary>
/// <param name="Sizes">Sizes of the registered and allocated memory.</param>
/// <param name="HugePages">Page sizes to register on: false for 4 KiB pages, true for 2 MiB ones.</param>
/// <param name="Samples">Timed calls per operation and size.</param>
/// <param name="Threads">Thread counts for the AES-GCM and memcpy rates.</param>
/// <param name="HostCopyBytes">The area a host copy writes into (where a confidential VM would bounce).</param>
/// <param name="StagingCopyBytes">The area a staging copy writes into (the staging pool).</param>
public sealed record ConversionPlan(
    IReadOnlyList<long> Sizes,
    IReadOnlyList<bool> HugePages,
    int Samples,
    IReadOnlyList<int> Threads,
    long HostCopyBytes,
    long StagingCopyBytes);
