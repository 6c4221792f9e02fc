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
    public void The_class_probe_gives_a_machine_reads_as_the_platform_the_model_has_for_it(string machineClass, PlatformProfile platform)
    {
        Assert.True(PlatformProfileNames.TryParse(machineClass, out var read));
        Assert.Equal(platform, read);
    }

    [Fact]
    public void A_word_that_is_no_platform_is_refused() => Assert.False(PlatformProfileNames.TryParse("sev", out _));
}
