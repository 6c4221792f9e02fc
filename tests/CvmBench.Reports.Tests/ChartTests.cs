using CvmBench.Measurement;
using CvmBench.Reports.Charts;
using CvmBench.Transfers;

namespace CvmBench.Reports.Tests;

public class ChartTests
{
    [Fact]
    public void A_run_is_summed_up_by_its_largest_unidirectional_copy_engine_size_on_its_first_gpu()
    {
        var run = Runs.With(
            Runs.Result(Runs.Around(20), bytes: 1 << 20),
            Runs.Result(Runs.Around(50), bytes: 1 << 28),
            Runs.Result(Runs.Around(60), bytes: 1 << 28, device: 1),
            Runs.Result(Runs.Around(30), bytes: 1 << 30, bidirectional: true),
            Runs.Result(Runs.Around(45), bytes: 1 << 30, method: CopyMethod.Sm));
        var headline = Assert.Single(HeadlineResults.Of(run));
        Assert.Equal((1L << 28, 0), (headline.Test.Bytes, headline.Test.Device));
    }

    [Fact]
    public void The_pageable_share_is_the_ratio_of_headline_medians_per_direction()
    {
        var run = Runs.With(Runs.Result(Runs.Around(50)), Runs.Result(Runs.Around(6), HostPath.Pageable),
            Runs.Result(Runs.Around(52), direction: Direction.DeviceToHost));
        var ratio = Assert.Single(PageableRatioChart.Ratios([run]));
        Assert.Equal(Direction.HostToDevice, ratio.Direction);
        Assert.Equal(0.12, ratio.Ratio, 2);
    }

    [Fact]
    public void Charts_with_nothing_to_show_are_not_drawn()
    {
        var run = Runs.With(Runs.Result(Runs.Around(50), method: CopyMethod.Sm));
        Assert.Null(TransferBarChart.Build([run]));
        Assert.Null(BandwidthBySizeChart.Build([run], Direction.HostToDevice));
        Assert.Null(PageableRatioChart.Build([run]));
        Assert.Null(LinkEfficiencyChart.Build([run]));
    }

    [Fact]
    public void Every_chart_renders_a_run_of_one_sample_per_test()
    {
        var peer = Runs.With(Runs.Result([12.4], bytes: 32_000_000), Runs.Result([3.3], HostPath.Pageable, bytes: 32_000_000),
            Runs.Result([13.1], direction: Direction.DeviceToHost, bytes: 32_000_000));
        var ours = Runs.With(Runs.Result(Runs.Around(50), efficiency: 0.8), Runs.Result(Runs.Around(6), HostPath.Pageable, efficiency: 0.1));
        foreach (var plot in new[] { TransferBarChart.Build([ours, peer]), BandwidthBySizeChart.Build([ours, peer], Direction.HostToDevice),
            PageableRatioChart.Build([ours, peer]), LinkEfficiencyChart.Build([ours, peer]) })
        {
            Assert.NotNull(plot);
            byte[] png = plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png);
            Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to hold a chart");
        }
    }

    [Theory]
    [InlineData(32_000_000, "32,000,000 B")]
    [InlineData(1L << 25, "32 MiB")]
    [InlineData(1L << 30, "1 GiB")]
    [InlineData(1000, "1,000 B")]
    public void Sizes_read_as_binary_units_only_when_they_are_powers_of_two(long bytes, string text) => Assert.Equal(text, ByteSize.Text(bytes));
}
