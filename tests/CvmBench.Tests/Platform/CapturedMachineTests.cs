using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class CapturedMachineTests
{
    private static CapturedMachine DevelopmentMachine() => new(PlatformFixtures.Folder(PlatformFixtures.DevelopmentMachine));

    [Fact]
    public void A_captured_file_is_read_from_its_machine_path()
    {
        var osrelease = DevelopmentMachine().ReadText("/proc/sys/kernel/osrelease");

        Assert.Equal("6.18.44-fc-v657", osrelease.Value!.Trim());
        Assert.EndsWith(Path.Combine("proc", "sys", "kernel", "osrelease"), osrelease.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_the_capture_found_absent_is_not_found()
    {
        var machine = DevelopmentMachine();

        Assert.False(machine.Exists("/dev/tdx_guest").Value);
        Assert.Equal("not found", machine.ReadText("/sys/hypervisor/type").Unknown);
    }

    [Fact]
    public void A_path_the_capture_never_looked_at_is_unknown()
    {
        var machine = DevelopmentMachine();

        Assert.Equal("not in this capture", machine.ReadText("/proc/zoneinfo").Unknown);
        Assert.Equal("not in this capture", machine.Exists("/dev/nvidia0").Unknown);
    }

    [Fact]
    public void An_empty_directory_kept_for_git_lists_as_empty()
    {
        var units = DevelopmentMachine().List("/sys/class/iommu");

        Assert.True(units.IsKnown);
        Assert.Empty(units.Value!);
    }

    [Fact]
    public void A_device_node_is_captured_as_an_empty_file()
    {
        Assert.True(new CapturedMachine(PlatformFixtures.Folder(PlatformFixtures.TdxGuest)).Exists("/dev/tdx_guest").Value);
    }

    [Fact]
    public void A_capture_carries_no_gpus()
    {
        Assert.Equal("a captured machine carries no GPU inventory", DevelopmentMachine().Gpus().Unknown);
    }

    [Fact]
    public void A_folder_that_is_not_there_is_refused()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new CapturedMachine(Path.Combine(PlatformFixtures.Root, "no-such-machine")));
    }
}
