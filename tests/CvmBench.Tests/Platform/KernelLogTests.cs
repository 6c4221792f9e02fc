using CvmBench.Cuda;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class KernelLogTests
{
    private static KernelLog Log(string machine) =>
        new(Fact<string>.Known(PlatformFixtures.Text(machine, "dmesg.txt"), "dmesg.txt"));

    [Fact]
    public void Hypervisor_comes_from_the_kernels_detection_line()
    {
        Assert.Equal("KVM", Log(PlatformFixtures.DevelopmentMachine).Hypervisor.Value);
    }

    [Fact]
    public void Firecracker_is_seen_in_the_acpi_oem_id()
    {
        Assert.Equal("FIRECK", Log(PlatformFixtures.DevelopmentMachine).AcpiOem.Value);
    }

    [Fact]
    public void Tdx_guest_is_detected_from_the_kernel_line()
    {
        var log = Log(PlatformFixtures.TdxGuest);

        Assert.Equal("Intel TDX", log.MemoryEncryption.Value);
        Assert.Equal("tdx: Guest detected", log.TdxGuestDetected.Value);
        Assert.StartsWith("QEMU Standard PC (Q35 + ICH9, 2009)", log.Dmi.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Snp_guest_features_are_read_from_the_memory_encryption_line()
    {
        Assert.Equal("AMD SEV SEV-ES SEV-SNP", Log(PlatformFixtures.SnpGuest).MemoryEncryption.Value);
    }

    [Fact]
    public void Sev_status_line_is_read_without_its_trailing_space()
    {
        Assert.Equal("SEV SEV-ES SEV-SNP", Log(PlatformFixtures.SnpGuestBoot).SevStatus.Value);
    }

    [Fact]
    public void Release_and_command_line_come_from_the_first_lines_of_the_log()
    {
        var log = Log(PlatformFixtures.SnpGuest);

        Assert.Equal("6.1.0-rc4-snp-guest-95869433edcb", log.LinuxVersion.Value);
        Assert.Equal("BOOT_IMAGE=/boot/vmlinuz-6.1.0-rc4-snp-guest-95869433edcb root=UUID=6fc0fb29-465b-446c-a967-810af21ab590 ro quiet",
            log.CommandLine.Value);
    }

    [Fact]
    public void Swiotlb_size_is_read_in_mib_from_the_mapped_line()
    {
        var log = new KernelLog(Fact<string>.Known(
            "[    0.372809] PCI-DMA: Using software bounce buffering for IO (SWIOTLB)\n" +
            "[    0.372810] software IO TLB: mapped [mem 0x00000000bbfdf000-0x00000000bffdf000] (64MB)\n", "dmesg"));

        Assert.Equal(64L << 20, log.SwiotlbMappedBytes.Value);
    }

    [Fact]
    public void A_swiotlb_that_mapped_nothing_says_what_the_kernel_said()
    {
        var mapped = Log(PlatformFixtures.DevelopmentMachine).SwiotlbMappedBytes;

        Assert.False(mapped.IsKnown);
        Assert.Contains("software IO TLB: No low mem", mapped.Unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void Iommu_default_domain_and_lines_are_collected()
    {
        var log = Log(PlatformFixtures.DevelopmentMachine);

        Assert.Equal("Translated", log.IommuDefaultDomain.Value);
        Assert.Equal(new[] { "iommu: Default domain type: Translated", "iommu: DMA domain TLB invalidation policy: lazy mode" },
            log.IommuMessages.Value);
    }

    [Fact]
    public void A_line_that_is_not_there_is_unknown_and_says_which()
    {
        var detected = Log(PlatformFixtures.TdxGuest).Hypervisor;

        Assert.Equal("no 'Hypervisor detected:' line in the kernel log", detected.Unknown);
    }

    [Fact]
    public void An_unreadable_log_gives_its_reason_to_every_message()
    {
        var log = new KernelLog(Fact<string>.Missing("/dev/kmsg", "Operation not permitted"));

        Assert.False(log.IsReadable);
        Assert.Equal("Operation not permitted", log.Hypervisor.Unknown);
        Assert.Equal("Operation not permitted", log.SwiotlbMappedBytes.Unknown);
        Assert.Equal("Operation not permitted", log.Lines.Unknown);
    }

    [Fact]
    public void Bare_messages_from_kmsg_read_like_dmesg_lines()
    {
        var log = new KernelLog(Fact<string>.Known("Hypervisor detected: KVM\nMemory Encryption Features active: Intel TDX\n", "/dev/kmsg"));

        Assert.Equal("KVM", log.Hypervisor.Value);
        Assert.Equal("Intel TDX", log.MemoryEncryption.Value);
        Assert.Equal(2, log.Lines.Value);
    }

    [Fact]
    public void A_kmsg_record_gives_its_text_without_header_or_dictionary()
    {
        Assert.Equal("Hypervisor detected: KVM", KernelMessageDevice.Message("6,12,0,-;Hypervisor detected: KVM\n SUBSYSTEM=cpu\n"));
        Assert.Equal("no separator", KernelMessageDevice.Message("no separator"));
    }
}
