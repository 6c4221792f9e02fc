using CvmBench.Transfers;

namespace CvmBench.Tests.Measurement;

public class UnitsTests
{
    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("4KiB", 4096)]
    [InlineData("4 KiB", 4096)]
    [InlineData("32MB", 32_000_000)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("2g", 2L << 30)]
    [InlineData("64mib", 64L << 20)]
    public void Sizes_parse_in_binary_and_decimal_units(string text, long bytes) => Assert.Equal(bytes, Units.ParseBytes(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-4KiB")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5B")]
    [InlineData("12XB")]
    [InlineData("9223372036854775808")]
    [InlineData("79228162514264337593543950335TB")]
    public void Bad_sizes_are_rejected_with_a_format_error(string text) => Assert.Throws<FormatException>(() => Units.ParseBytes(text));

    [Fact]
    public void A_range_doubles_by_default() =>
        Assert.Equal([4096, 8192, 16384, 32768], Units.ParseSizes("4KiB..32KiB"));

    [Fact]
    public void A_range_can_step_by_a_factor_or_an_increment()
    {
        Assert.Equal([1L << 10, 1L << 12, 1L << 14], Units.ParseSizes("1KiB..16KiB:x4"));
        Assert.Equal([1L << 20, 2L << 20, 3L << 20], Units.ParseSizes("1MiB..3MiB:+1MiB"));
    }

    [Fact]
    public void A_list_keeps_its_order() => Assert.Equal([1L << 20, 4096], Units.ParseSizes("1MiB, 4KiB"));

    [Theory]
    [InlineData("8KiB..4KiB")]
    [InlineData("4KiB..8KiB:x1")]
    [InlineData("4KiB..8KiB:y2")]
    [InlineData("4KiB..")]
    [InlineData(",")]
    [InlineData("")]
    [InlineData("1MiB..1GiB:+1")]
    [InlineData("1..9223372036854775807:+1000")]
    public void Bad_ranges_are_rejected(string text) => Assert.Throws<FormatException>(() => Units.ParseSizes(text));

    [Fact]
    public void A_range_may_give_up_to_the_limit_of_sizes_and_reach_the_largest_size_without_overflowing()
    {
        Assert.Equal(Units.MaxSizes, Units.ParseSizes($"1..{Units.MaxSizes}:+1").Count);
        Assert.Equal([long.MaxValue - 1, long.MaxValue], Units.ParseSizes("9223372036854775806..9223372036854775807:+1"));
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(4096, "4 KiB")]
    [InlineData(256L << 20, "256 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    public void Sizes_format_in_binary_units(long bytes, string text) => Assert.Equal(text, Units.FormatBytes(bytes));
}
