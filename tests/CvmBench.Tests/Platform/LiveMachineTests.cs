using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class LiveMachineTests
{
    [Fact]
    public void This_machine_probes_with_every_fact_explained()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the probe reads Linux's /proc and /sys");

        var profile = MachineProbe.Read(new LiveMachine());

        FactJson.AssertEveryFactExplained(profile.ToJson());
        Assert.True(profile.Cpu.LogicalCpus.Value > 0);
    }

    [Fact]
    public void A_missing_file_is_unknown_as_not_found()
    {
        var missing = new LiveMachine().ReadText("/proc/no-such-file");

        Assert.Equal("not found", missing.Unknown);
        Assert.Equal("/proc/no-such-file", missing.Source);
    }

    [Fact]
    public void A_missing_directory_is_unknown_as_not_found()
    {
        Assert.Equal("not found", new LiveMachine().List("/sys/no-such-directory").Unknown);
    }
}
