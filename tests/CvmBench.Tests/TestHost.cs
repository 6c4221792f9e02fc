using CvmBench.Platform;

namespace CvmBench.Tests;

/// <summary>The host facts the meters and the emulation run with in tests: a 64 MiB last-level cache (what a machine
/// that does not list its caches is taken to have), this machine's processors, no cache-line demotion.</summary>
internal static class TestHost
{
    public static HostFacts Facts { get; } = new(
        LastLevelCacheBytes: HostFacts.DefaultLastLevelCacheBytes,
        CanDemoteCacheLines: false,
        LogicalCpus: Environment.ProcessorCount,
        MemoryTotalBytes: 0,
        MemoryAvailableBytes: 0);
}
