using System.Globalization;
using System.Runtime.Intrinsics.X86;
using CvmBench.Platform;
using CvmBench.Transfers.Staging;
using CvmBench.Transfers;

namespace CvmBench.StagingBench;

/// <summary>What the benchmarks print about the machine: enough to know which numbers are comparable.</summary>
internal static class Machine
{
    /// <summary>The machine, read once for every benchmark: its probe, and the host's facts from the same reading.</summary>
    public static MachineReading Reading { get; } = MachineReading.ReadLive();

    public static HostFacts Host => Reading.Host;

    public static string Describe()
    {
        var profile = Reading.Profile;
        string numa = profile.Numa.IsKnown ? $"{profile.Numa.Value!.Count} NUMA node(s)" : "NUMA unknown";
        string thp = profile.HugePages.TransparentEnabled.IsKnown ? profile.HugePages.TransparentEnabled.Value! : "unknown";
        return string.Join(Environment.NewLine,
            $"- machine: {profile.Summary()}",
            $"- {Environment.ProcessorCount} logical CPUs usable, {numa}, last-level cache {Units.FormatBytes(Host.LastLevelCacheBytes)}, transparent huge pages: {thp}",
            $"- code compiled for: AVX2 {Avx2.IsSupported}, AVX-512F {Avx512F.IsSupported}; staging uses {HostCopy.NonTemporalName(HostCopy.NonTemporalWidth)} where it streams; CLDEMOTE {(Host.CanDemoteCacheLines ? "on this CPU" : "not on this CPU (a no-op here)")}",
            string.Create(CultureInfo.InvariantCulture, $"- anonymous memory in huge pages now: {AnonHugePages() / (double)(1L << 30):F2} GiB"));
    }

    /// <summary>Bytes of this process's anonymous memory backed by transparent huge pages (/proc/self/smaps_rollup).</summary>
    public static long AnonHugePages()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/smaps_rollup"))
            {
                if (line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                {
                    string kib = line["AnonHugePages:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
