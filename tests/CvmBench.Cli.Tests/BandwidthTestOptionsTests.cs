using CvmBench.Cli.BandwidthTest;
using CvmBench.Measurement;

namespace CvmBench.Cli.Tests;

public class BandwidthTestOptionsTests
{
    [Fact]
    public void Defaults_are_bandwidthTests_quick_pinned_all_directions_on_device_0()
    {
        var o = BandwidthTestOptions.Parse([]);
        Assert.Equal((HostPath.Pinned, BandwidthTestMode.Quick, "0"), (o.Memory, o.Mode, o.Device));
        Assert.True(o.HostToDevice && o.DeviceToHost && o.DeviceToDevice);
        Assert.False(o.Csv || o.CpuTiming || o.WriteCombined);
        Assert.Equal([32_000_000L], o.Sizes());
    }

    [Fact]
    public void The_documented_example_parses_with_double_and_single_dashes()
    {
        // bandwidthTest's own --help example, and the same with the single dashes its parser also took.
        foreach (string dash in new[] { "--", "-" })
        {
            var o = BandwidthTestOptions.Parse([$"{dash}memory=pinned", $"{dash}mode=range", $"{dash}start=1024", $"{dash}end=102400", $"{dash}increment=1024", $"{dash}dtoh"]);
            Assert.Equal(BandwidthTestMode.Range, o.Mode);
            Assert.True(o.DeviceToHost);
            Assert.False(o.HostToDevice || o.DeviceToDevice);
            var sizes = o.Sizes();
            Assert.Equal(100, sizes.Count);
            Assert.Equal(1024, sizes[0]);
            Assert.Equal(102400, sizes[^1]);
        }
    }

    [Fact]
    public void A_range_that_does_not_land_on_its_end_stops_before_it_as_the_original_did() =>
        Assert.Equal([1000L, 4000, 7000], BandwidthTestOptions.Parse(["--mode=range", "--start=1000", "--end=9000", "--increment=3000"]).Sizes());

    [Fact]
    public void Write_combined_pageable_csv_cputiming_and_all_devices_are_read()
    {
        var o = BandwidthTestOptions.Parse(["--wc", "--csv", "--cputiming", "--device=all", "--htod"]);
        Assert.Equal(HostPath.WriteCombined, o.Memory);
        Assert.True(o.WriteCombined && o.Csv && o.CpuTiming);
        Assert.Equal("all", o.Device);
        Assert.Equal(HostPath.Pageable, BandwidthTestOptions.Parse(["--memory=pageable"]).Memory);
    }

    [Fact]
    public void Shmoo_measures_the_81_sizes_of_the_original_from_1000_to_68000000_bytes()
    {
        var sizes = BandwidthTestOptions.ShmooSizes();
        Assert.Equal(81, sizes.Count);
        Assert.Equal([1000L, 2000, 3000], sizes.Take(3));
        Assert.Equal([60_000_000L, 64_000_000, 68_000_000], sizes.TakeLast(3));
        Assert.Contains(22_000L, sizes);
        Assert.Contains(200_000L, sizes);
    }

    [Theory]
    [InlineData("--memory=huge", "invalid memory mode 'huge'")]
    [InlineData("--mode=slow", "invalid mode 'slow'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--memory", "--memory needs a value")]
    [InlineData("stray", "unexpected argument 'stray'")]
    [InlineData("--start=10", "--start applies to --mode=range only")]
    public void Bad_options_are_errors_not_ignored(string arg, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => BandwidthTestOptions.Parse([arg])).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(new[] { "--mode=range", "--end=10", "--increment=1" }, "must specify --start=")]
    [InlineData(new[] { "--mode=range", "--start=10", "--increment=1" }, "must specify --end=")]
    [InlineData(new[] { "--mode=range", "--start=10", "--end=20" }, "must specify --increment=")]
    [InlineData(new[] { "--mode=range", "--start=0", "--end=20", "--increment=1" }, "start must be greater than zero")]
    [InlineData(new[] { "--mode=range", "--start=30", "--end=20", "--increment=1" }, "start is greater than end")]
    [InlineData(new[] { "--mode=range", "--start=x", "--end=20", "--increment=1" }, "not a whole number")]
    [InlineData(new[] { "--memory=pageable", "--wc" }, "--wc applies to pinned memory only")]
    public void Bad_ranges_and_conflicts_are_errors(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => BandwidthTestOptions.Parse(args)).Message, StringComparison.Ordinal);
}
