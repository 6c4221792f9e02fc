using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public sealed class PlatformJsonTests
{
    private static MachineProfile DevelopmentMachine() =>
        MachineProbe.Read(new CapturedMachine(PlatformFixtures.Folder(PlatformFixtures.DevelopmentMachine)));

    [Fact]
    public void Profile_json_is_camel_case_and_says_what_is_known()
    {
        using var json = JsonDocument.Parse(DevelopmentMachine().ToJson());
        var name = json.RootElement.GetProperty("hypervisor").GetProperty("name");

        Assert.Equal("KVM", name.GetProperty("value").GetString());
        Assert.True(name.GetProperty("isKnown").GetBoolean());
        Assert.Equal("vm", json.RootElement.GetProperty("class").GetProperty("value").GetString());
        Assert.Equal("a captured machine carries no GPU inventory", json.RootElement.GetProperty("gpus").GetProperty("unknown").GetString());
    }

    [Fact]
    public void Profile_json_reads_back_as_the_same_facts()
    {
        var profile = DevelopmentMachine();

        var read = JsonSerializer.Deserialize(profile.ToJson(), PlatformJson.Default.MachineProfile)!;

        Assert.Equal(profile.Hypervisor.Name, read.Hypervisor.Name);
        Assert.Equal(profile.Tee.Guest.Value!.Evidence, read.Tee.Guest.Value!.Evidence);
        Assert.Equal(profile.Swiotlb.MappedBytes, read.Swiotlb.MappedBytes);
        Assert.Equal(profile.Summary(), read.Summary());
    }

    [Fact]
    public void The_run_environment_keeps_host_class_summary_and_probe_json()
    {
        var profile = DevelopmentMachine();

        var environment = RunEnvironment.Of(profile);

        Assert.Equal("vm", environment.Host);
        Assert.Equal(EnvironmentClass.Vm, environment.Class);
        Assert.Equal(profile.Summary(), environment.Summary);
        Assert.Equal(profile.ToJson(), environment.ProbeJson);
    }
}
