using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class CpuInfoTextTests
{
    private static CpuProfile DevelopmentMachine() =>
        CpuInfoText.Parse(Fact<string>.Known(PlatformFixtures.Text(PlatformFixtures.DevelopmentMachine, "proc/cpuinfo"), "cpuinfo"));

    [Fact]
    public void Vendor_model_and_family_come_from_the_first_processor()
    {
        var cpu = DevelopmentMachine();

        Assert.Equal("AuthenticAMD", cpu.Vendor.Value);
        Assert.Equal("AMD EPYC", cpu.ModelName.Value);
        Assert.Equal(26, cpu.Family.Value);
        Assert.Equal(2, cpu.Model.Value);
        Assert.Equal("cpuinfo", cpu.Vendor.Source);
    }

    [Fact]
    public void Every_processor_entry_is_counted()
    {
        Assert.Equal(2, DevelopmentMachine().LogicalCpus.Value);
    }

    [Fact]
    public void Flags_are_listed_in_the_kernels_order()
    {
        var cpu = DevelopmentMachine();

        Assert.Equal("fpu", cpu.Flags.Value![0]);
        Assert.Contains("avx512f", cpu.Flags.Value);
        Assert.True(cpu.Has("hypervisor").Value);
        Assert.False(cpu.Has("tdx_guest").Value);
    }

    [Fact]
    public void An_unreadable_cpuinfo_makes_every_field_unknown_with_its_reason()
    {
        var cpu = CpuInfoText.Parse(Fact<string>.Missing("/proc/cpuinfo", "permission denied"));

        Assert.All(new object[] { cpu.Vendor, cpu.ModelName, cpu.Family, cpu.Model, cpu.Flags, cpu.LogicalCpus },
            fact => Assert.Contains("permission denied", fact.ToString(), StringComparison.Ordinal));
        Assert.False(cpu.Has("hypervisor").IsKnown);
    }

    [Fact]
    public void A_missing_line_is_named_in_the_reason()
    {
        var cpu = CpuInfoText.Parse(Fact<string>.Known("processor\t: 0\nflags\t\t: fpu\n", "cpuinfo"));

        Assert.Equal("no 'vendor_id' line", cpu.Vendor.Unknown);
        Assert.Equal(1, cpu.LogicalCpus.Value);
    }

    [Fact]
    public void A_family_that_is_not_a_number_is_unknown()
    {
        var cpu = CpuInfoText.Parse(Fact<string>.Known("cpu family\t: six\n", "cpuinfo"));

        Assert.Equal("'cpu family' is not a number: 'six'", cpu.Family.Unknown);
    }
}
