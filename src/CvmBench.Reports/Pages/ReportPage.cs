using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Reports.Charts;
using CvmBench.Reports.Comparison;
using CvmBench.Transfers;
using ScottPlot;

namespace CvmBench.Reports.Pages;

/// <summary>The report for a set of runs: <c>report.md</c> and <c>report.html</c> with the charts beside them as PNG
/// and SVG, the environment table, and every test's median with its interval, so each number on the page can be
/// traced to a stored run.</summary>
public static class ReportPage
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <summary>Writes the report into <paramref name="directory"/> (created if missing) and returns the files written.
    /// Runs from more than one environment class also get a section comparing the classes against
    /// <paramref name="baseline"/>.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<RunRecord> runs, string directory, string source, DateTimeOffset generated,
        EnvironmentClass baseline = EnvironmentClass.BareMetal)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var blocks = new List<PageBlock>
        {
            new Heading(1, "CvmBench report"),
            new Paragraph($"Generated {generated.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from {source}, {runs.Count} run(s). "
                + "GB/s means 10^9 bytes per second. Figures are medians; error bars and intervals are the distribution-free 95% confidence "
                + "interval of the median. Runs imported from bandwidthTest or nvbandwidth hold the one value the tool printed per test "
                + "(n = 1): they have no interval and no wall-clock time."),
        };
        if (runs.SelectMany(r => r.Results).Any(t => t.Bandwidth.Count > 1 && !t.Bandwidth.CiReachesConfidence))
        {
            blocks.Add(new Paragraph($"With fewer than {Statistics.MinimumSamplesForConfidence} samples no 95% interval of the median exists: "
                + "such results show the whole range of their samples instead, with the confidence it really has (93.8% for 5 samples)."));
        }
        if (runs.Any(r => r.Simulated))
        {
            blocks.Add(new Paragraph("Runs marked simulated were measured on the host-memory device, not on a GPU: never read them as a GPU's numbers. "
                + "In the charts their legend entries end in (simulated), their bars are hatched, and their lines are thinner, with open markers."));
        }
        if (runs.Any(r => r.Status == RunStatus.Incomplete))
        {
            blocks.Add(new Paragraph("Runs marked incomplete were interrupted (or are still running): they hold the tests that finished."));
        }

        blocks.Add(new Heading(2, "Runs and environments"));
        blocks.Add(new Table(["Run", "Tool", "Started (UTC)", "Status", "Machine", "Environment", "Summary", "Tests", "Samples"],
            [.. runs.Select(r => (IReadOnlyList<string>)[
                RunLabels.ShortId(r) + (r.Simulated ? " (simulated)" : ""), $"{r.Tool} {r.ToolVersion}",
                r.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Status == RunStatus.Complete ? "complete" : "incomplete",
                EnvironmentComparison.Machine(r), EnvironmentClassNames.ToText(r.Environment.Class), r.Environment.Summary, Number(r.Results.Count), Number(r.Results.Sum(t => t.Samples.Count))])]));
        Environments(blocks, runs, baseline);

        Chart(blocks, files, directory, "bandwidth-by-kind", "Bandwidth by memory kind and direction (the seed paper's Fig. 1)",
            TransferBarChart.Build(runs), $"Each bar is one run's headline result for that kind and direction: {HeadlineResults.Rule}.",
            "no run has a unidirectional copy-engine result");
        foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
        {
            string way = direction == Direction.HostToDevice ? "host to device" : "device to host";
            Chart(blocks, files, directory, $"bandwidth-by-size-{DirectionNames.ToText(direction)}", $"Bandwidth against transfer size, {way}",
                BandwidthBySizeChart.Build(runs, direction),
                "One line per run (colour) and memory kind (marker): copy engine, one direction at a time, lowest-numbered GPU; a run that measured one size is one point.",
                $"no run has a unidirectional copy-engine {way} result");
        }
        var ratios = PageableRatioChart.Ratios(runs);
        Chart(blocks, files, directory, "pageable-over-pinned", "Pageable as a share of pinned", PageableRatioChart.Build(runs),
            "Ratio of headline medians, per run and direction: "
                + string.Join("; ", ratios.Select(r => $"{RunLabels.ShortId(r.Run)} {DirectionNames.ToText(r.Direction).ToUpperInvariant()} {Percent.Text(r.Ratio)}")) + ".",
            "no run measured both pageable and pinned memory in the same direction");
        Chart(blocks, files, directory, "link-efficiency", "Efficiency against the PCIe link", LinkEfficiencyChart.Build(runs),
            "Headline median over the link's theoretical per-direction rate (PCIe generation and width as the GPU reported them).",
            "no run recorded its PCIe link (imported peer runs never do)");

        blocks.Add(new Heading(2, "Results"));
        foreach (var run in runs)
        {
            blocks.Add(new Heading(3, RunLabels.For(run)));
            blocks.Add(new Table(["Test", "Size", "GPU", "Median GB/s",
                    MedianInterval.Column(run.Results.Select(t => t.Bandwidth), "95% CI of the median", "CI of the median (95% from 6 samples)"), "n", "Link", "Verified"],
                [.. run.Results.Select(t => (IReadOnlyList<string>)[
                    t.Test.Name, ByteSize.Text(t.Test.Bytes), Number(t.Test.Device), Rate(t.Bandwidth.Median),
                    MedianInterval.Text(t.Bandwidth, " - ", Rate),
                    Number(t.Bandwidth.Count), t.LinkEfficiency is { } e ? Percent.Text(e) : "-", t.Verified ? "yes" : "no"])]));
            foreach (string method in run.Results.Select(t => t.Method).Distinct())
            {
                blocks.Add(new Paragraph($"How measured: {method}"));
            }
        }

        string markdown = Path.Combine(directory, MarkdownFile), html = Path.Combine(directory, HtmlFile);
        File.WriteAllText(markdown, PageRenderer.Markdown(blocks));
        File.WriteAllText(html, PageRenderer.Html("CvmBench report", blocks));
        return [markdown, html, .. files];
    }

    /// <summary>The fleet's view: each environment class's run medians against the baseline class's.</summary>
    private static void Environments(List<PageBlock> blocks, IReadOnlyList<RunRecord> runs, EnvironmentClass baseline)
    {
        var (groups, rows) = EnvironmentComparison.Build(runs, baseline);
        string baselineText = EnvironmentClassNames.ToText(baseline);
        if (groups.Count < 2)
        {
            return;
        }
        blocks.Add(new Heading(2, "By environment"));
        blocks.Add(new Paragraph($"Runs grouped by environment class, each run counted once per test through its lowest-numbered GPU; simulated runs left out. "
            + $"Median and range are over the runs' medians; the ratio is the group's median over the {baselineText} group's, with the verdict of their 95% "
            + $"intervals: faster or slower when they do not overlap, spread when they do, n < {RunComparison.MinimumSamples} when a side has too few runs for one."));
        blocks.Add(new Table(["Environment", "Runs", "Machines"],
            [.. groups.Select(g => (IReadOnlyList<string>)[EnvironmentClassNames.ToText(g.Class), Number(g.Runs), string.Join(", ", g.Machines)])]));
        if (groups.All(g => g.Class != baseline))
        {
            blocks.Add(new Paragraph($"No {baselineText} runs among these, so no ratios: choose the baseline group with --baseline."));
        }
        blocks.Add(new Table(["Test", "Size", "Environment", "Runs", "Median GB/s", "Range", $"vs {baselineText}", "Verdict"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                r.Test.Name, ByteSize.Text(r.Test.Bytes), EnvironmentClassNames.ToText(r.Class), Number(r.Medians.Count), Rate(r.Medians.Median),
                $"{Rate(r.Medians.Min)} - {Rate(r.Medians.Max)}",
                r.Class == baseline ? "baseline" : r.Ratio is { } ratio ? Ratio(ratio) : "-", r.Class == baseline ? "" : Verdict(r)])]));
    }

    /// <summary>0.800 (-20.0%): the ratio, and the change in bandwidth it means.</summary>
    private static string Ratio(double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"{ratio:F3} ({(ratio - 1) * 100:+0.0;-0.0;0.0}%)");

    /// <summary>As <c>compare --by-environment</c> says it.</summary>
    private static string Verdict(EnvironmentRow row) => row.Verdict switch
    {
        NoiseVerdict.BeyondNoise => row.Ratio > 1 ? "faster" : "slower",
        NoiseVerdict.WithinNoise => "spread",
        NoiseVerdict.TooFewSamples => $"n < {RunComparison.MinimumSamples}",
        _ => "-",
    };

    private static void Chart(List<PageBlock> blocks, List<string> files, string directory, string name, string title, Plot? plot, string explanation, string whyMissing)
    {
        blocks.Add(new Heading(2, title));
        if (plot is null)
        {
            blocks.Add(new Paragraph($"Not drawn: {whyMissing}."));
            return;
        }
        files.AddRange(ChartImage.Save(plot, directory, name));
        blocks.Add(new Figure(title, name + ".png", name + ".svg"));
        blocks.Add(new Paragraph(explanation));
    }

    private static string Rate(double gigabytesPerSecond) => gigabytesPerSecond.ToString("F2", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
