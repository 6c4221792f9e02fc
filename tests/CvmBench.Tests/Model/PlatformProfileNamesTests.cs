using CvmBench.Model;
using CvmBench.Platform;

namespace CvmBench.Tests.Model;

public class PlatformProfileNamesTests
{
    [Theory]
    [InlineData(PlatformProfile.BareMetal, "bare-metal")]
    [InlineData(PlatformProfile.Vm, "vm")]
    [InlineData(PlatformProfile.Tdx, "tdx")]
    [InlineData(PlatformProfile.SevSnp, "snp")]
    [InlineData(PlatformProfile.SnpPageFlip, "snp-flip")]
    [InlineData(PlatformProfile.H100Cc, "h100-cc")]
    public void Every_platform_is_written_in_one_word_and_read_back(PlatformProfile platform, string word)
    {
        Assert.Equal(word, PlatformProfileNames.ToText(platform));
        Assert.True(PlatformProfileNames.TryParse(word, out var read));
        Assert.Equal(platform, read);
    }

    [Theory]
    [InlineData("snp-ideal", PlatformProfile.SnpPageFlip)]
    [InlineData("SnpPageFlip", PlatformProfile.SnpPageFlip)]
    [InlineData("cc", PlatformProfile.H100Cc)]
    [InlineData("H100Cc", PlatformProfile.H100Cc)]
    [InlineData("TDX", PlatformProfile.Tdx)]
    public void The_other_spellings_read_as_the_same_platform(string text, PlatformProfile platform)
    {
        Assert.True(PlatformProfileNames.TryParse(text, out var read));
        Assert.Equal(platform, read);
    }

    [Theory]
    [InlineData(EnvironmentClass.BareMetal, PlatformProfile.BareMetal)]
    [InlineData(EnvironmentClass.Vm, PlatformProfile.Vm)]
    [InlineData(EnvironmentClass.Tdx, PlatformProfile.Tdx)]
    [InlineData(EnvironmentClass.Snp, PlatformProfile.SevSnp)]
    [InlineData(EnvironmentClass.Cc, PlatformProfile.H100Cc)]
    public void The_class_probe_gives_a_machine_reads_as_the_platform_the_model_has_for_it(EnvironmentClass machineClass, PlatformProfile platform)
    {
        Assert.True(PlatformProfileNames.TryParse(EnvironmentClassNames.ToText(machineClass), out var read));
        Assert.Equal(platform, read);
        Assert.Equal(machineClass, PlatformProfileNames.ClassOf(platform));
    }

    [Fact]
    public void A_platform_a_machine_can_be_is_written_with_its_class_word()
    {
        foreach (var platform in Enum.GetValues<PlatformProfile>().Where(p => p != PlatformProfile.H100Cc && PlatformProfileNames.ClassOf(p) is not null))
        {
            Assert.Equal(EnvironmentClassNames.ToText(PlatformProfileNames.ClassOf(platform)!.Value), PlatformProfileNames.ToText(platform));
        }
        Assert.Null(PlatformProfileNames.ClassOf(PlatformProfile.SnpPageFlip));
    }

    [Theory]
    [InlineData("sev")]
    [InlineData("unknown")]
    [InlineData("Sev")]
    [InlineData("sev-es")]
    public void A_word_that_is_no_platform_is_refused(string text) => Assert.False(PlatformProfileNames.TryParse(text, out _));
}
