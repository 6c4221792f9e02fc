using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public class SmapsTextTests
{
    // Two mappings as /proc/self/smaps lists them (Linux 6.8, trimmed), the second backed by transparent huge pages.
    private const string Smaps = """
        7f3a5c000000-7f3a5c021000 rw-p 00000000 00:00 0 
        Size:                132 kB
        Rss:                   8 kB
        AnonHugePages:         0 kB
        VmFlags: rd wr mr mw me nr sd 
        7f3a60000000-7f3a60800000 rw-p 00000000 00:00 0 
        Size:               8192 kB
        Rss:                8192 kB
        AnonHugePages:      6144 kB
        VmFlags: rd wr mr mw me ac sd hg 
        """;

    [Fact]
    public void The_huge_pages_of_the_mapping_that_starts_at_an_address_are_read()
    {
        Assert.Equal(6144L * 1024, SmapsText.AnonHugeBytes(Smaps, 0x7f3a60000000));
        Assert.Equal(0L, SmapsText.AnonHugeBytes(Smaps, 0x7f3a5c000000));
    }

    [Fact]
    public void An_address_no_mapping_starts_at_gives_nothing()
    {
        Assert.Null(SmapsText.AnonHugeBytes(Smaps, 0x7f3a60001000));
        Assert.Null(SmapsText.AnonHugeBytes("", 0x1000));
    }
}
