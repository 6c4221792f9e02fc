using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Reports.Comparison;

namespace CvmBench.Reports.Tests;

public class EnvironmentComparisonTests
{
    [Fact]
    public void Each_group_is_summarised_over_its_runs_medians_and_set_against_the_baseline()
    {
        RunRecord[] runs =
        [
            Runs.On(EnvironmentClass.BareMetal, "b1", Runs.Result(Runs.Around(50))),
            Runs.On(EnvironmentClass.BareMetal, "b2", Runs.Result(Runs.Around(52))),
            Runs.On(EnvironmentClass.Tdx, "t1", Runs.Result(Runs.Around(40))),
            Runs.On(EnvironmentClass.Tdx, "t2", Runs.Result(Runs.Around(42))),
            Runs.On(EnvironmentClass.Tdx, "t3", Runs.Result(Runs.Around(44))),
        ];
        var (groups, rows) = EnvironmentComparison.Build(runs, EnvironmentClass.BareMetal);

        Assert.Equal([(EnvironmentClass.BareMetal, 2), (EnvironmentClass.Tdx, 3)], groups.Select(g => (g.Class, g.Runs)));
        Assert.Equal(["t1", "t2", "t3"], groups[1].Machines);
        Assert.Equal([EnvironmentClass.BareMetal, EnvironmentClass.Tdx], rows.Select(r => r.Class));
        var tdx = rows[1];
        double Median(int run) => runs[run].Results[0].Bandwidth.Median;
        Assert.Equal((3, Median(3), Median(2), Median(4)), (tdx.Medians.Count, tdx.Medians.Median, tdx.Medians.Min, tdx.Medians.Max));
        Assert.Equal(Median(3) / ((Median(0) + Median(1)) / 2), tdx.Ratio!.Value, 12);
        Assert.Equal(NoiseVerdict.TooFewSamples, tdx.Verdict);
    }

    [Fact]
    public void Six_runs_a_side_are_enough_to_call_a_difference_beyond_the_spread()
    {
        var runs = Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            Runs.On(EnvironmentClass.BareMetal, $"b{i}", Runs.Result(Runs.Around(50 + i * 0.1))),
            Runs.On(EnvironmentClass.Snp, $"s{i}", Runs.Result(Runs.Around(30 + i * 0.1))),
        }).ToList();
        var snp = EnvironmentComparison.Build(runs, EnvironmentClass.BareMetal).Rows.Single(r => r.Class == EnvironmentClass.Snp);
        Assert.Equal(NoiseVerdict.BeyondNoise, snp.Verdict);
    }

    [Fact]
    public void A_machine_with_many_gpus_counts_once_through_its_lowest_numbered_gpu()
    {
        var eightGpus = Runs.On(EnvironmentClass.Vm, "big", [.. Enumerable.Range(0, 8).Select(d => Runs.Result(Runs.Around(d == 0 ? 20 : 90), device: d))]);
        var row = Assert.Single(EnvironmentComparison.Build([eightGpus], EnvironmentClass.Vm).Rows);
        Assert.Equal((1, 0), (row.Medians.Count, row.Test.Device));
        Assert.Equal(eightGpus.Results[0].Bandwidth.Median, row.Medians.Median);
    }

    [Fact]
    public void Simulated_runs_are_left_out_and_a_missing_baseline_gives_no_ratio()
    {
        var simulated = Runs.With(Runs.Result(Runs.Around(5)));
        var vm = Runs.On(EnvironmentClass.Vm, "v", Runs.Result(Runs.Around(45)));
        var (groups, rows) = EnvironmentComparison.Build([simulated, vm], EnvironmentClass.BareMetal);
        Assert.Equal(EnvironmentClass.Vm, Assert.Single(groups).Class);
        Assert.Null(Assert.Single(rows).Ratio);
    }

    [Fact]
    public void Configurations_the_baseline_measured_come_first()
    {
        var bare = Runs.On(EnvironmentClass.BareMetal, "b", Runs.Result(Runs.Around(50), HostPath.Pinned));
        var cc = Runs.On(EnvironmentClass.Cc, "c", Runs.Result(Runs.Around(9), HostPath.Pageable), Runs.Result(Runs.Around(30), HostPath.Pinned));
        var rows = EnvironmentComparison.Build([cc, bare], EnvironmentClass.BareMetal).Rows;
        Assert.Equal([(HostPath.Pinned, EnvironmentClass.BareMetal), (HostPath.Pinned, EnvironmentClass.Cc), (HostPath.Pageable, EnvironmentClass.Cc)], rows.Select(r => (r.Test.Memory, r.Class)));
        Assert.Null(rows[2].Baseline);
    }
}
