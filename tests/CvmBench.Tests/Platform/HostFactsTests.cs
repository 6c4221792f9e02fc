using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class HostFactsTests
{
    private static HostFacts Read(string machine, int? usableCpus = null) =>
        HostFacts.Read(new CapturedMachine(PlatformFixtures.Folder(machine)), usableCpus);

    [Fact]
    public void The_h100_vm_has_cldemote_sixteen_cpus_and_its_meminfo_totals()
    {
        var facts = Read(PlatformFixtures.H100Vm);

        Assert.True(facts.CanDemoteCacheLines);
        Assert.Equal(16, facts.LogicalCpus);
        Assert.Equal(131981020L * 1024, facts.MemoryTotalBytes);
        Assert.Equal(131465264L * 1024, facts.MemoryAvailableBytes);
    }

    [Fact]
    public void A_capture_without_cache_sizes_takes_the_stated_default()
    {
        Assert.Equal(HostFacts.DefaultLastLevelCacheBytes, Read(PlatformFixtures.H100Vm).LastLevelCacheBytes);
    }

    [Fact]
    public void An_amd_cpu_cannot_demote_and_the_usable_cpus_given_win_over_cpuinfo()
    {
        var facts = Read(PlatformFixtures.DevelopmentMachine, usableCpus: 1);

        Assert.False(facts.CanDemoteCacheLines);
        Assert.Equal(1, facts.LogicalCpus);
        Assert.Equal(24684092L * 1024, facts.MemoryTotalBytes);
    }

    [Fact]
    public void The_largest_cache_listed_for_cpu0_is_the_last_level()
    {
        using var folder = new TemporaryMachine();
        folder.Write("sys/devices/system/cpu/cpu0/cache/index0/size", "48K\n");
        folder.Write("sys/devices/system/cpu/cpu0/cache/index2/size", "2048K\n");
        folder.Write("sys/devices/system/cpu/cpu0/cache/index3/size", "300M\n");

        var facts = HostFacts.Read(new CapturedMachine(folder.Root));

        Assert.Equal(300L << 20, facts.LastLevelCacheBytes);
        Assert.Equal(0, facts.MemoryTotalBytes);
    }

    [Theory]
    [InlineData("307200K", 307200L * 1024)]
    [InlineData("32M", 32L << 20)]
    [InlineData("65536", 65536L)]
    [InlineData("big", null)]
    public void Sysfs_cache_sizes_parse_with_their_units(string text, long? bytes)
    {
        Assert.Equal(bytes, SysfsText.CacheBytes(text));
    }

    private sealed class TemporaryMachine : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("cvmbench-host-").FullName;

        public void Write(string relativePath, string text)
        {
            string path = Path.Combine(Root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
