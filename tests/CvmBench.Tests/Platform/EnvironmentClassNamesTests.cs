using System.Text.Json;
using CvmBench.Platform;

namespace CvmBench.Tests.Platform;

public class EnvironmentClassNamesTests
{
    [Theory]
    [InlineData(EnvironmentClass.BareMetal, "bare-metal")]
    [InlineData(EnvironmentClass.Vm, "vm")]
    [InlineData(EnvironmentClass.Sev, "sev")]
    [InlineData(EnvironmentClass.Snp, "snp")]
    [InlineData(EnvironmentClass.Tdx, "tdx")]
    [InlineData(EnvironmentClass.Cc, "cc")]
    [InlineData(EnvironmentClass.Unknown, "unknown")]
    public void Every_class_is_written_in_the_word_runs_have_always_stored_and_read_back(EnvironmentClass environment, string word)
    {
        Assert.Equal(word, EnvironmentClassNames.ToText(environment));
        Assert.True(EnvironmentClassNames.TryParse(word, out var read));
        Assert.Equal(environment, read);
        Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(environment, PlatformJson.Default.Options));
        Assert.Equal(environment, JsonSerializer.Deserialize<EnvironmentClass>($"\"{word}\"", PlatformJson.Default.Options));
    }

    [Theory]
    [InlineData("BareMetal", EnvironmentClass.BareMetal)]
    [InlineData("TDX", EnvironmentClass.Tdx)]
    [InlineData("h100-cc", EnvironmentClass.Cc)]
    public void The_other_spellings_read_as_the_same_class(string text, EnvironmentClass environment)
    {
        Assert.True(EnvironmentClassNames.TryParse(text, out var read));
        Assert.Equal(environment, read);
    }

    [Theory]
    [InlineData("snp-flip")]
    [InlineData("bare metal")]
    [InlineData("")]
    public void A_word_that_is_no_class_is_refused(string text)
    {
        Assert.False(EnvironmentClassNames.TryParse(text, out _));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EnvironmentClass>($"\"{text}\"", PlatformJson.Default.Options));
    }
}
