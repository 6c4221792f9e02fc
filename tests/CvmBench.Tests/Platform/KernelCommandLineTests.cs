using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class KernelCommandLineTests
{
    [Fact]
    public void Swiotlb_option_is_found_on_the_captured_command_line()
    {
        string commandLine = PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "proc/cmdline");

        Assert.Equal(new[] { "swiotlb=noforce" }, KernelCommandLine.Options(commandLine, "swiotlb"));
        Assert.Empty(KernelCommandLine.Options(commandLine, "intel_iommu", "amd_iommu", "iommu", "iommu.passthrough"));
    }

    [Fact]
    public void Options_match_by_whole_name()
    {
        var options = KernelCommandLine.Options("intel_iommu=on iommu=pt iommu.passthrough=1 noiommu amd_iommu_dump=1", "intel_iommu", "iommu", "iommu.passthrough");

        Assert.Equal(new[] { "intel_iommu=on", "iommu=pt", "iommu.passthrough=1" }, options);
    }

    [Fact]
    public void What_follows_a_lone_double_dash_belongs_to_init()
    {
        Assert.Empty(KernelCommandLine.Options("quiet -- swiotlb=force", "swiotlb"));
    }
}
