using CvmBench.Cuda;
using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class MachineProbeTests
{
    private static MachineProfile Probe(string machine) => MachineProbe.Read(new CapturedMachine(PlatformFixtures.Folder(machine)));

    [Fact]
    public void The_development_machine_is_a_firecracker_vm_without_a_tee()
    {
        var machine = Probe(PlatformFixtures.DevelopmentMachine);

        Assert.Equal(EnvironmentClass.Vm, machine.Class.Value);
        Assert.Equal("KVM", machine.Hypervisor.Name.Value);
        Assert.Equal("Firecracker", machine.Hypervisor.Vmm.Value);
        Assert.True(machine.Hypervisor.CpuFlag.Value);
        Assert.Equal(TeeGuest.None, machine.Tee.Guest.Value!.Kind);
        Assert.Equal("AMD EPYC, KVM (Firecracker), no TEE, GPUs unknown", machine.Summary());
    }

    [Fact]
    public void The_gpu_machine_is_a_firecracker_kvm_guest_on_an_intel_xeon_without_a_tee()
    {
        var machine = Probe(PlatformFixtures.H100Vm);

        Assert.Equal(EnvironmentClass.Vm, machine.Class.Value);
        Assert.Equal("GenuineIntel", machine.Cpu.Vendor.Value);
        Assert.Equal(207, machine.Cpu.Model.Value);
        Assert.Equal(16, machine.Cpu.LogicalCpus.Value);
        Assert.Contains("avx512f", machine.Cpu.Flags.Value!);
        Assert.Equal("KVM", machine.Hypervisor.Name.Value);
        Assert.Equal("Firecracker", machine.Hypervisor.Vmm.Value);
        Assert.Equal(TeeGuest.None, machine.Tee.Guest.Value!.Kind);
        Assert.Equal(new[] { "swiotlb=noforce" }, machine.Swiotlb.CommandLine.Value);
        Assert.Equal("0-15", Assert.Single(machine.Numa.Value!).Cpus.Value);
        Assert.Equal("6.18.44-fc-v657-gpu", machine.Kernel.Release.Value);
    }

    [Fact]
    public void The_development_machine_has_one_node_and_no_iommu()
    {
        var machine = Probe(PlatformFixtures.DevelopmentMachine);

        var node = Assert.Single(machine.Numa.Value!);
        Assert.Equal(0, node.Node);
        Assert.Equal("0-1", node.Cpus.Value);
        Assert.Equal(4679892L * 1024, node.MemTotalBytes.Value);
        Assert.Empty(machine.Iommu.Units.Value!);
        Assert.Empty(machine.Iommu.CommandLine.Value!);
        Assert.Equal("Translated", machine.Iommu.DefaultDomain.Value);
    }

    [Fact]
    public void The_development_machine_asks_for_no_bounce_buffers()
    {
        var swiotlb = Probe(PlatformFixtures.DevelopmentMachine).Swiotlb;

        Assert.Equal(new[] { "swiotlb=noforce" }, swiotlb.CommandLine.Value);
        Assert.Contains("No low mem", swiotlb.MappedBytes.Unknown, StringComparison.Ordinal);
        Assert.Equal("not found", swiotlb.Slabs.Unknown);
    }

    [Fact]
    public void The_development_machine_has_empty_hugetlb_pools_and_madvise_thp()
    {
        var hugePages = Probe(PlatformFixtures.DevelopmentMachine).HugePages;

        Assert.Equal("madvise", hugePages.TransparentEnabled.Value);
        Assert.Equal("madvise", hugePages.TransparentDefrag.Value);
        Assert.Equal(2L << 20, hugePages.DefaultPageBytes.Value);
        Assert.Equal(new[] { 2L << 20, 1L << 30 }, hugePages.Pools.Value!.Select(pool => pool.PageBytes));
        Assert.All(hugePages.Pools.Value!, pool => Assert.Equal(0, pool.Free.Value));
    }

    [Fact]
    public void The_development_machines_kernel_is_read_from_proc()
    {
        var kernel = Probe(PlatformFixtures.DevelopmentMachine).Kernel;

        Assert.Equal("vm", kernel.HostName.Value);
        Assert.Equal("6.18.44-fc-v657", kernel.Release.Value);
        Assert.StartsWith("mitigations=auto", kernel.CommandLine.Value, StringComparison.Ordinal);
        Assert.True(kernel.LogLines.Value > 300);
    }

    [Fact]
    public void Tdx_guest_is_detected_as_tdx_with_the_evidence_that_agreed()
    {
        var machine = Probe(PlatformFixtures.TdxGuest);

        Assert.Equal(EnvironmentClass.Tdx, machine.Class.Value);
        var guest = machine.Tee.Guest.Value!;
        Assert.Equal(TeeGuest.Tdx, guest.Kind);
        Assert.Equal(new[] { "/dev/tdx_guest exists", "kernel: tdx: Guest detected", "kernel: Memory Encryption Features active: Intel TDX" },
            guest.Evidence);
        Assert.Equal(new[] { "cpuinfo: not in this capture" }, guest.Unconfirmed);
        Assert.Equal("KVM", machine.Hypervisor.Name.Value);
        Assert.Equal("QEMU", machine.Hypervisor.Vmm.Value);
    }

    [Fact]
    public void Tdx_guest_excerpt_leaves_what_it_lacks_unknown()
    {
        var machine = Probe(PlatformFixtures.TdxGuest);

        Assert.Equal("not in this capture", machine.Cpu.Vendor.Unknown);
        Assert.Equal("no 'Linux version' line in the kernel log", machine.Kernel.Release.Unknown);
        Assert.Equal("no 'software IO TLB: mapped' line in the kernel log", machine.Swiotlb.MappedBytes.Unknown);
        Assert.Equal("TDX guest", machine.Summary().Split(", ")[2]);
    }

    [Fact]
    public void Snp_guest_is_detected_as_snp_from_its_kernel_line()
    {
        var machine = Probe(PlatformFixtures.SnpGuest);

        Assert.Equal(EnvironmentClass.Snp, machine.Class.Value);
        var guest = machine.Tee.Guest.Value!;
        Assert.Equal(TeeGuest.SevSnp, guest.Kind);
        Assert.Equal(new[] { "kernel: Memory Encryption Features active: AMD SEV SEV-ES SEV-SNP" }, guest.Evidence);
        Assert.Contains("/dev/sev-guest absent", guest.Unconfirmed);
        Assert.False(machine.Tee.SevGuestDevice.Value);
    }

    [Fact]
    public void Snp_guest_kernel_release_and_command_line_come_from_its_log()
    {
        var kernel = Probe(PlatformFixtures.SnpGuest).Kernel;

        Assert.Equal("6.1.0-rc4-snp-guest-95869433edcb", kernel.Release.Value);
        Assert.EndsWith("dmesg.txt", kernel.Release.Source, StringComparison.Ordinal);
        Assert.EndsWith("ro quiet", kernel.CommandLine.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Snp_guest_status_line_agrees_with_the_memory_encryption_line()
    {
        var guest = Probe(PlatformFixtures.SnpGuestBoot).Tee.Guest.Value!;

        Assert.Equal(TeeGuest.SevSnp, guest.Kind);
        Assert.Equal(new[] { "kernel: Memory Encryption Features active: AMD SEV SEV-ES SEV-SNP", "kernel: SEV: Status: SEV SEV-ES SEV-SNP" },
            guest.Evidence);
    }

    [Theory]
    [MemberData(nameof(PlatformFixtures.All), MemberType = typeof(PlatformFixtures))]
    public void Every_captured_machine_probes_with_every_fact_explained(string machine)
    {
        var profile = Probe(machine);

        int facts = FactJson.AssertEveryFactExplained(profile.ToJson());
        Assert.True(facts > 30);
        Assert.False(string.IsNullOrWhiteSpace(profile.Summary()));
        Assert.Equal(profile.Class.IsKnown ? profile.Class.Value : EnvironmentClass.Unknown, RunEnvironment.Of(profile).Class);
    }

    [Fact]
    public void An_unreadable_machine_gives_unknowns_with_the_reason_and_no_exception()
    {
        var profile = MachineProbe.Read(new UnreadableMachine());

        Assert.Equal(UnreadableMachine.Reason, profile.Cpu.Vendor.Unknown);
        Assert.Equal(UnreadableMachine.Reason, profile.Kernel.LogLines.Unknown);
        Assert.Equal(UnreadableMachine.Reason, profile.Numa.Unknown);
        Assert.Equal(DriverNotFoundException.DefaultMessage, profile.Gpus.Unknown);
        Assert.False(profile.Tee.Guest.IsKnown);
        Assert.False(profile.Class.IsKnown);
        Assert.Equal("CPU unknown, hypervisor unknown, TEE unknown, GPUs unknown", profile.Summary());
        Assert.Equal("unknown", RunEnvironment.Of(profile).Host);
        FactJson.AssertEveryFactExplained(profile.ToJson());
    }

    [Fact]
    public void An_empty_capture_says_nothing_was_captured()
    {
        string folder = Directory.CreateTempSubdirectory("cvmbench-empty-capture").FullName;
        try
        {
            var profile = MachineProbe.Read(new CapturedMachine(folder));

            Assert.Equal("not in this capture", profile.Cpu.Flags.Unknown);
            Assert.Equal("the capture has no kernel log", profile.Hypervisor.KernelLine.Unknown);
            FactJson.AssertEveryFactExplained(profile.ToJson());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
