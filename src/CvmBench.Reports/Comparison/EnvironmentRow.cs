using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Reports.Comparison;

/// <summary>One test configuration in one environment group, set against the baseline group.</summary>
/// <param name="Test">The configuration (its <see cref="TransferTest.Device"/> is 0: any GPU counts).</param>
/// <param name="Class">The environment group.</param>
/// <param name="Medians">The statistics of the group's run medians (GB/s): their median, range and 95% interval.</param>
/// <param name="Baseline">The same for the baseline group; null when the baseline did not measure this configuration.</param>
/// <param name="Verdict">Whether the two medians differ beyond the spread between runs; null without a baseline.</param>
public sealed record EnvironmentRow(TransferTest Test, EnvironmentClass Class, BandwidthStatistics Medians, BandwidthStatistics? Baseline, NoiseVerdict? Verdict)
{
    /// <summary>The group's median over the baseline's: 0.8 means 20% less bandwidth than the baseline.</summary>
    public double? Ratio => Baseline is { Median: > 0 } baseline ? Medians.Median / baseline.Median : null;
}
