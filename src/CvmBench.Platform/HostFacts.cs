namespace CvmBench.Platform;

/// <summary>What the transfer and measurement code needs to know of the host, read in one place (<see cref="Read"/>)
/// and passed in, so the staging tuner, the meters and the pipeline run the same on a captured machine as on this one.
/// Where the machine does not say, each field falls back to a stated default rather than failing.</summary>
/// <param name="LastLevelCacheBytes">The largest cache of CPU 0; host buffers rotate over twice this so no copy reads
/// what the previous one left in cache.</param>
/// <param name="CanDemoteCacheLines">Whether the CPU lists <c>cldemote</c>: the staging pipeline may then move the chunks
/// it wrote to the shared cache, where the copy engine reads them faster.</param>
/// <param name="LogicalCpus">Processors this process may use (the staging tuner's ceiling on host threads).</param>
/// <param name="MemoryTotalBytes">MemTotal, or 0 where /proc/meminfo does not say.</param>
/// <param name="MemoryAvailableBytes">MemAvailable when read, or 0 where /proc/meminfo does not say.</param>
public sealed record HostFacts(
    long LastLevelCacheBytes,
    bool CanDemoteCacheLines,
    int LogicalCpus,
    long MemoryTotalBytes,
    long MemoryAvailableBytes)
{
    /// <summary>The cache size assumed where sysfs does not list CPU 0's caches.</summary>
    public const long DefaultLastLevelCacheBytes = 64L << 20;

    private const string CacheDirectory = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>The machine this process runs on.</summary>
    public static HostFacts ReadLive() => Read(new LiveMachine(), Environment.ProcessorCount);

    /// <summary>Reads the facts from <paramref name="machine"/>; <paramref name="usableCpus"/> is how many processors
    /// this process may use (a live machine's affinity), or null to take the count the machine's cpuinfo lists.</summary>
    public static HostFacts Read(IProbeSource machine, int? usableCpus = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var cpu = CpuInfoText.Parse(machine.ReadText("/proc/cpuinfo"));
        var meminfo = machine.ReadText("/proc/meminfo");
        long MemInfo(string key) => meminfo.IsKnown ? SysfsText.MemInfoBytes(meminfo.Value!, key) ?? 0 : 0;
        return new HostFacts(
            LastLevelCache(machine),
            cpu.Has("cldemote") is { IsKnown: true, Value: true },
            usableCpus ?? (cpu.LogicalCpus.IsKnown ? cpu.LogicalCpus.Value : 1),
            MemInfo("MemTotal"),
            MemInfo("MemAvailable"));
    }

    private static long LastLevelCache(IProbeSource machine)
    {
        var indexes = machine.List(CacheDirectory);
        if (!indexes.IsKnown)
        {
            return DefaultLastLevelCacheBytes;
        }
        long largest = indexes.Value!
            .Where(name => name.StartsWith("index", StringComparison.Ordinal))
            .Select(name => machine.ReadText($"{CacheDirectory}/{name}/size"))
            .Select(size => size.IsKnown ? SysfsText.CacheBytes(size.Value!) ?? 0 : 0)
            .DefaultIfEmpty(0)
            .Max();
        return largest > 0 ? largest : DefaultLastLevelCacheBytes;
    }
}
