using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class TeeVerdictTests
{
    private static readonly Fact<bool> Absent = Fact<bool>.Known(false, "dev");
    private static readonly Fact<bool> Present = Fact<bool>.Known(true, "dev");

    private static Fact<IReadOnlyList<string>> Flags(params string[] flags) => Fact<IReadOnlyList<string>>.Known(flags, "cpuinfo");

    private static KernelLog Log(string text) => new(Fact<string>.Known(text, "dmesg"));

    [Fact]
    public void A_tdx_guest_is_named_with_the_signs_that_agree()
    {
        var guest = TeeVerdict.Decide(Present, Absent, Flags("fpu", "hypervisor", "tdx_guest"), Fact<bool>.Known(true, "cpuinfo"),
            Log("tdx: Guest detected\nMemory Encryption Features active: Intel TDX\n")).Value!;

        Assert.Equal(TeeGuest.Tdx, guest.Kind);
        Assert.Equal(new[] { "/dev/tdx_guest exists", "cpuinfo flag tdx_guest", "kernel: tdx: Guest detected",
            "kernel: Memory Encryption Features active: Intel TDX" }, guest.Evidence);
        Assert.Empty(guest.Unconfirmed);
    }

    [Fact]
    public void Sev_flags_on_a_host_cpu_do_not_make_a_guest()
    {
        var guest = TeeVerdict.Decide(Absent, Absent, Flags("fpu", "svm", "sev", "sev_es", "sev_snp"), Fact<bool>.Known(false, "cpuinfo"),
            Log("Memory Encryption Features active: AMD SME\n")).Value!;

        Assert.Equal(TeeGuest.None, guest.Kind);
        Assert.Contains("cpuinfo flag sev_snp without the hypervisor flag (a host CPU's capability)", guest.Evidence);
    }

    [Fact]
    public void Sev_flags_in_a_guest_give_the_highest_level()
    {
        var guest = TeeVerdict.Decide(Absent, Absent, Flags("hypervisor", "sev", "sev_es"), Fact<bool>.Known(true, "cpuinfo"), Log("")).Value!;

        Assert.Equal(TeeGuest.SevEs, guest.Kind);
        Assert.Equal(new[] { "cpuinfo flag sev_es" }, guest.Evidence);
    }

    [Fact]
    public void An_older_kernels_sev_es_line_is_understood()
    {
        var guest = TeeVerdict.Decide(Absent, Absent, Flags("hypervisor"), Fact<bool>.Known(true, "cpuinfo"),
            Log("[    0.000000] AMD Memory Encryption Features active: SEV SEV-ES\n")).Value!;

        Assert.Equal(TeeGuest.SevEs, guest.Kind);
    }

    [Fact]
    public void The_sev_guest_device_alone_means_snp()
    {
        var verdict = TeeVerdict.Decide(Absent, Present, Fact<IReadOnlyList<string>>.Missing("cpuinfo", "not in this capture"),
            Fact<bool>.Missing("cpuinfo", "not in this capture"), new KernelLog(Fact<string>.Missing("dmesg.txt", "the capture has no kernel log")));

        Assert.Equal(TeeGuest.SevSnp, verdict.Value!.Kind);
        Assert.Contains("cpuinfo: not in this capture", verdict.Value.Unconfirmed);
        Assert.Contains("kernel log: the capture has no kernel log", verdict.Value.Unconfirmed);
    }

    [Fact]
    public void Nothing_readable_leaves_the_verdict_unknown()
    {
        var unreadable = Fact<bool>.Missing("dev", "permission denied");
        var verdict = TeeVerdict.Decide(unreadable, unreadable, Fact<IReadOnlyList<string>>.Missing("cpuinfo", "permission denied"),
            unreadable, new KernelLog(Fact<string>.Missing("/dev/kmsg", "permission denied")));

        Assert.Equal("no TEE sign could be read", verdict.Unknown);
    }

    [Theory]
    [InlineData("AMD SEV SEV-ES SEV-SNP", TeeGuest.SevSnp)]
    [InlineData("SEV SEV-ES SEV-SNP vTom Reflect VC AI DebugSwap", TeeGuest.SevSnp)]
    [InlineData("SEV SEV-ES", TeeGuest.SevEs)]
    [InlineData("AMD SEV", TeeGuest.Sev)]
    [InlineData("AMD SME", null)]
    [InlineData("Intel TDX", null)]
    public void The_sev_level_is_the_highest_feature_named(string features, string? level)
    {
        Assert.Equal(level, TeeVerdict.SevLevel(features));
    }
}
