using System.Text.Json.Nodes;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class MachineFingerprintTests
{
    private static string ProbeJson(string machine) => MachineProbe.Read(new CapturedMachine(PlatformFixtures.Folder(machine))).ToJson();

    [Fact]
    public void Two_captured_machines_have_different_fingerprints_of_twelve_hex_digits()
    {
        string development = MachineFingerprint.Of(ProbeJson(PlatformFixtures.DevelopmentMachine)), gpu = MachineFingerprint.Of(ProbeJson(PlatformFixtures.H100Vm));
        Assert.Matches("^[0-9a-f]{12}$", development);
        Assert.Matches("^[0-9a-f]{12}$", gpu);
        Assert.NotEqual(development, gpu);
    }

    [Fact]
    public void A_capture_without_cpuinfo_has_no_fingerprint() => Assert.Equal("", MachineFingerprint.Of(ProbeJson(PlatformFixtures.TdxGuest)));

    [Fact]
    public void The_fingerprint_ignores_what_changes_between_runs_of_one_machine()
    {
        var probe = JsonNode.Parse(ProbeJson(PlatformFixtures.DevelopmentMachine))!;
        string before = MachineFingerprint.Of(probe.ToJsonString());
        probe["kernel"]!["release"]!["value"] = "7.0.0-upgraded";
        probe["kernel"]!["hostName"]!["value"] = "renamed";
        probe["hugePages"]!["transparentEnabled"]!["value"] = "never";
        Assert.Equal(before, MachineFingerprint.Of(probe.ToJsonString()));

        probe["cpu"]!["logicalCpus"]!["value"] = 1024;
        Assert.NotEqual(before, MachineFingerprint.Of(probe.ToJsonString()));
    }

    [Fact]
    public void The_order_gpus_are_listed_in_does_not_matter()
    {
        const string First = """{"gpus":{"value":[{"cuda":{"uuid":"GPU-a"}},{"cuda":{"uuid":"GPU-b"}}]}}""";
        const string Second = """{"gpus":{"value":[{"cuda":{"uuid":"GPU-b"}},{"cuda":{"uuid":"GPU-a"}}]}}""";
        Assert.Equal(MachineFingerprint.Of(First), MachineFingerprint.Of(Second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"cpu":"test"}""")]
    [InlineData("not json at all")]
    public void A_probe_that_names_no_cpu_or_gpu_has_no_fingerprint(string probeJson) => Assert.Equal("", MachineFingerprint.Of(probeJson));
}
