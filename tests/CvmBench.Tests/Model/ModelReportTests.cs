using System.Text.Json;
using CvmBench.Model;

namespace CvmBench.Tests.Model;

public class ModelReportTests
{
    private static readonly ModelReport Report = ModelReport.Build(ParameterSet.Defaults, new ModelQuery());

    [Fact]
    public void The_table_covers_both_directions_every_platform_and_strategy_and_every_table_size()
    {
        // Bare metal and VM with three strategies, three confidential VMs with five, CC mode with two (encrypted, sealed).
        Assert.Equal(2 * (2 * 3 + 3 * 5 + 2) * ModelGrid.TableSizes.Count, Report.Predictions.Count);
    }

    [Fact]
    public void Size_curves_have_64_sizes_for_every_platform_and_strategy()
    {
        Assert.Equal(2 * 3 + 3 * 5 + 2, Report.SizeCurves.Count);
        Assert.All(Report.SizeCurves, c => Assert.Equal(64, c.Points.Count));
    }

    [Fact]
    public void The_report_answers_the_seeds_three_questions_each_with_its_assumptions()
    {
        Assert.Equal([1, 2, 3], Report.Answers.Select(a => a.Number));
        foreach (var answer in Report.Answers)
        {
            Assert.NotEmpty(answer.Answer);
            Assert.NotEmpty(answer.Numbers);
            Assert.NotEmpty(answer.Assumptions);
            Assert.All(answer.Assumptions, a => Assert.Equal(ParameterSet.Defaults[a.Name], a));
        }
    }

    [Fact]
    public void The_answers_quote_the_break_even_batch_the_report_lists()
    {
        long tdx = Report.BatchBreakEvens.Single(b => b.Platform == PlatformProfile.Tdx).BatchPages;
        var figure = Report.Answers[2].Numbers.Single(n => n.Name == "tdx.batchPagesFor90Percent");
        Assert.Equal(tdx, figure.Value);
        Assert.Contains($"k = {tdx} pages", Report.Answers[2].Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_names_pinned_memory_reuse_as_infinity_and_parses()
    {
        using var json = JsonDocument.Parse(Report.ToJson());
        var first = json.RootElement.GetProperty("predictions")[0];
        Assert.Equal("HostToDevice", first.GetProperty("direction").GetString());
        Assert.Equal("Infinity", first.GetProperty("strategy").GetProperty("reuses").GetString());
        Assert.True(json.RootElement.GetProperty("parameters").GetArrayLength() > 30);
    }
}
