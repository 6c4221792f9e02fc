using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class HypervisorIdentityTests
{
    private static readonly Fact<string> NotThere = Fact<string>.Missing("test", "not found");

    private static Fact<string> Text(string value) => Fact<string>.Known(value, "test");

    [Theory]
    [InlineData("KVM", "KVM")]
    [InlineData("Microsoft Hyper-V", "Hyper-V")]
    [InlineData("Xen HVM", "Xen")]
    [InlineData("VMware", "VMware")]
    [InlineData("ACRN", "ACRN")]
    public void The_kernels_detection_names_the_hypervisor(string detected, string name)
    {
        var found = HypervisorIdentity.Name(Fact<bool>.Known(true, "cpuinfo"), NotThere, NotThere, NotThere, NotThere, Text(detected));

        Assert.Equal(name, found.Value);
    }

    [Fact]
    public void Qemu_in_the_kernels_dmi_line_means_kvm_run_by_qemu()
    {
        var dmi = Text("QEMU Standard PC (Q35 + ICH9, 2009), BIOS 2023.05-2+tdx1.0~ubuntu23.10.1 10/17/2023");

        var name = HypervisorIdentity.Name(Fact<bool>.Missing("cpuinfo", "not in this capture"), NotThere, NotThere, NotThere, dmi, NotThere);

        Assert.Equal("KVM", name.Value);
        Assert.Equal("QEMU", HypervisorIdentity.Vmm(name, NotThere, NotThere, dmi).Value);
    }

    [Fact]
    public void Xen_says_so_in_sys_hypervisor()
    {
        Assert.Equal("Xen", HypervisorIdentity.Name(Fact<bool>.Known(true, "cpuinfo"), Text("xen\n"), NotThere, NotThere, NotThere, NotThere).Value);
    }

    [Fact]
    public void Hyper_v_is_known_by_its_dmi_product()
    {
        var name = HypervisorIdentity.Name(Fact<bool>.Known(true, "cpuinfo"), NotThere, Text("Microsoft Corporation"), Text("Virtual Machine"), NotThere, NotThere);

        Assert.Equal("Hyper-V", name.Value);
    }

    [Fact]
    public void The_cpu_flag_alone_says_only_that_there_is_a_hypervisor()
    {
        Assert.Equal(HypervisorIdentity.Unidentified,
            HypervisorIdentity.Name(Fact<bool>.Known(true, "cpuinfo"), NotThere, NotThere, NotThere, NotThere, NotThere).Value);
        Assert.Equal(HypervisorIdentity.None,
            HypervisorIdentity.Name(Fact<bool>.Known(false, "cpuinfo"), NotThere, NotThere, NotThere, NotThere, NotThere).Value);
    }

    [Fact]
    public void Bare_metal_has_no_vmm()
    {
        var vmm = HypervisorIdentity.Vmm(Fact<string>.Known(HypervisorIdentity.None, "cpuinfo"), NotThere, NotThere, NotThere);

        Assert.Equal("no hypervisor", vmm.Unknown);
    }

    [Fact]
    public void An_unknown_vmm_says_why_the_acpi_id_was_not_read()
    {
        var vmm = HypervisorIdentity.Vmm(Text("KVM"), Fact<string>.Missing("/dev/kmsg", "Operation not permitted"), NotThere, NotThere);

        Assert.Contains("Operation not permitted", vmm.Unknown, StringComparison.Ordinal);
    }
}
