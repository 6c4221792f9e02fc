using CvmBench.Measurement;
using CvmBench.Reports.Comparison;

namespace CvmBench.Reports.Tests;

public class RunComparisonTests
{
    [Fact]
    public void Medians_whose_intervals_do_not_overlap_differ_beyond_the_noise()
    {
        var a = Runs.With(Runs.Result(Runs.Around(50)));
        var b = Runs.With(Runs.Result(Runs.Around(40)));
        var row = Assert.Single(RunComparison.Compare(a, b));
        Assert.Equal(NoiseVerdict.BeyondNoise, row.Verdict);
        Assert.Equal(0.8, row.Ratio, 2);
    }

    [Fact]
    public void Medians_whose_intervals_overlap_are_within_the_noise()
    {
        var a = Runs.With(Runs.Result(Runs.Around(50, spread: 0.2)));
        var b = Runs.With(Runs.Result(Runs.Around(50.5, spread: 0.2)));
        Assert.Equal(NoiseVerdict.WithinNoise, Assert.Single(RunComparison.Compare(a, b)).Verdict);
    }

    [Fact]
    public void A_single_printed_value_is_too_few_samples_to_judge()
    {
        var ours = Runs.With(Runs.Result(Runs.Around(50)));
        var peer = Runs.With(Runs.Result([30.0]));
        Assert.Equal(NoiseVerdict.TooFewSamples, Assert.Single(RunComparison.Compare(ours, peer)).Verdict);
    }

    [Fact]
    public void Only_tests_present_in_both_runs_are_compared()
    {
        var a = Runs.With(Runs.Result(Runs.Around(50)), Runs.Result(Runs.Around(6), HostPath.Pageable));
        var b = Runs.With(Runs.Result(Runs.Around(50), bytes: 1 << 20), Runs.Result(Runs.Around(7), HostPath.Pageable));
        Assert.Equal(HostPath.Pageable, Assert.Single(RunComparison.Compare(a, b)).Test.Memory);
    }
}
