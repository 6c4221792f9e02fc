using CvmBench.Measurement;
using CvmBench.Reports.Charts;
using CvmBench.Reports.Pages;
using CvmBench.Transfers;
using ScottPlot;
using SkiaSharp;

namespace CvmBench.Reports.Tests;

public sealed class ReportPageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvmbench-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Every memory kind both ways: ten categories.</summary>
    private static RunRecord EveryKind(bool simulated, double scale = 1, int samples = 12) =>
        Runs.With([.. new[] { HostPath.Pageable, HostPath.Staged, HostPath.Pinned, HostPath.WriteCombined, HostPath.Registered }
            .SelectMany(kind => new[] { Direction.HostToDevice, Direction.DeviceToHost }.Select(direction =>
                Runs.Result(Runs.Around(10 * scale, samples), kind, direction)))]) with { Simulated = simulated };

    [Fact]
    public void A_legend_of_many_runs_is_drawn_whole_on_a_taller_image()
    {
        var runs = Enumerable.Range(0, 30).Select(i => EveryKind(simulated: false, 1 + i / 10.0)).ToList();
        ReportPage.Write(runs, _folder, "test", DateTimeOffset.UnixEpoch);

        foreach (string chart in new[] { "bandwidth-by-kind", "bandwidth-by-size-h2d", "pageable-over-pinned" })
        {
            using var image = SKBitmap.Decode(Path.Combine(_folder, chart + ".png"));
            Assert.True(image.Height > ChartImage.Height, $"{chart}: {image.Height} px high");
            // A legend cut off by the image's edge (at the bottom, or wrapped into a column past the right) reaches it.
            Assert.True(BlankEdges(image), $"{chart}: something drawn on the image's bottom or right edge");
        }
    }

    [Fact]
    public void A_legend_cut_off_is_seen_on_the_edge()
    {
        // The check above can fail: the same legend on the standard height runs off the image.
        var runs = Enumerable.Range(0, 30).Select(i => EveryKind(simulated: false, 1 + i / 10.0)).ToList();
        var plot = TransferBarChart.Build(runs)!;
        using var image = SKBitmap.Decode(plot.GetImageBytes(ChartImage.Width, ChartImage.Height, ImageFormat.Png));
        Assert.False(BlankEdges(image));
    }

    [Fact]
    public void Category_labels_that_would_overlap_are_turned_and_those_with_room_are_not()
    {
        // Seven runs that measured pinned memory alone beside one that measured every kind: the other kinds' groups are
        // one bar wide, too narrow for their labels.
        List<RunRecord> runs = [EveryKind(simulated: false), .. Enumerable.Range(0, 7).Select(i => Runs.With(
            Runs.Result(Runs.Around(20 + i)), Runs.Result(Runs.Around(20 + i), direction: Direction.DeviceToHost)))];
        var crowded = TransferBarChart.Build(runs)!;
        ChartImage.Fit(crowded);
        Assert.NotEqual(0, crowded.Axes.Bottom.TickLabelStyle.Rotation);
        Assert.All(crowded.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor), t => Assert.DoesNotContain('\n', t.Label));

        var roomy = PageableRatioChart.Build([runs[0]])!;
        ChartImage.Fit(roomy);
        Assert.Equal(0, roomy.Axes.Bottom.TickLabelStyle.Rotation);
    }

    [Fact]
    public void Simulated_runs_are_hatched_and_labelled_beside_gpu_runs_and_the_page_says_so()
    {
        var gpu = EveryKind(simulated: false);
        var simulated = EveryKind(simulated: true);
        var plot = TransferBarChart.Build([gpu, simulated])!;

        var legend = plot.Legend.ManualItems;
        Assert.Equal([false, true], legend.Select(i => i.LabelText.EndsWith(" (simulated)", StringComparison.Ordinal)));
        Assert.Equal([false, true], legend.Select(i => i.FillHatch is not null));
        var bars = plot.GetPlottables<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).ToList();
        Assert.Equal(10, bars.Count(b => b.FillHatch is not null));
        Assert.Equal(10, bars.Count(b => b.FillHatch is null));

        ReportPage.Write([gpu, simulated], _folder, "test", DateTimeOffset.UnixEpoch);
        string markdown = File.ReadAllText(Path.Combine(_folder, ReportPage.MarkdownFile));
        Assert.Contains("their legend entries end in (simulated), their bars are hatched", markdown, StringComparison.Ordinal);
        Assert.Contains($"### {RunLabels.For(simulated)}", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_six_samples_show_the_confidence_their_range_really_has()
    {
        var five = Runs.With(Runs.Result([10, 11, 12, 13, 14]), Runs.Result([20], HostPath.Pageable));
        ReportPage.Write([five], _folder, "test", DateTimeOffset.UnixEpoch);
        string markdown = File.ReadAllText(Path.Combine(_folder, ReportPage.MarkdownFile));
        Assert.Contains("| CI of the median (95% from 6 samples) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 10.00 - 14.00 (93.8% at n = 5) | 5 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| none (one value) | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("With fewer than 6 samples no 95% interval of the median exists", markdown, StringComparison.Ordinal);
        Assert.Contains("or the whole range below 6 samples", TransferBarChart.Build([five])!.Axes.Title.Label.Text, StringComparison.Ordinal);

        ReportPage.Write([EveryKind(simulated: false)], _folder, "test", DateTimeOffset.UnixEpoch);
        markdown = File.ReadAllText(Path.Combine(_folder, ReportPage.MarkdownFile));
        Assert.Contains("| 95% CI of the median |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("fewer than 6 samples", markdown, StringComparison.Ordinal);
    }

    /// <summary>Whether the last 3 rows and columns hold nothing but the background.</summary>
    private static bool BlankEdges(SKBitmap image)
    {
        var background = image.GetPixel(image.Width / 2, 0);
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                bool edge = y >= image.Height - 3 || x >= image.Width - 3;
                if (edge && image.GetPixel(x, y) != background)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
