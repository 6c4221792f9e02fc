using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class SysfsTextTests
{
    [Fact]
    public void Transparent_huge_page_settings_give_the_bracketed_choice()
    {
        Assert.Equal("madvise", SysfsText.Choice(PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "sys/kernel/mm/transparent_hugepage/enabled")));
        Assert.Equal("madvise", SysfsText.Choice(PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "sys/kernel/mm/transparent_hugepage/defrag")));
        Assert.Null(SysfsText.Choice("always madvise never"));
        Assert.Null(SysfsText.Choice("[]"));
    }

    [Fact]
    public void Huge_page_size_comes_from_meminfo_in_bytes()
    {
        Assert.Equal(2L << 20, SysfsText.MemInfoBytes(PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "proc/meminfo"), "Hugepagesize"));
    }

    [Fact]
    public void Node_memory_is_read_past_the_node_prefix()
    {
        string meminfo = PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "sys/devices/system/node/node0/meminfo");

        Assert.Equal(4679892L * 1024, SysfsText.MemInfoBytes(meminfo, "MemTotal"));
    }

    [Fact]
    public void A_key_is_matched_whole_not_as_a_suffix()
    {
        Assert.Null(SysfsText.MemInfoBytes("ShmemHugePages:        0 kB\n", "HugePages"));
    }

    [Fact]
    public void Pool_and_node_directories_give_their_numbers()
    {
        Assert.Equal(1L << 30, SysfsText.HugePagePoolBytes("hugepages-1048576kB"));
        Assert.Null(SysfsText.HugePagePoolBytes("hugepages-largekB"));
        Assert.Equal(12, SysfsText.NodeNumber("node12"));
        Assert.Null(SysfsText.NodeNumber("has_cpu"));
    }

    [Fact]
    public void Pool_counts_are_whole_numbers()
    {
        Assert.Equal(0, SysfsText.Integer(PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")));
        Assert.Null(SysfsText.Integer("lots"));
    }
}
