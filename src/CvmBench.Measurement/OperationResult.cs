namespace CvmBench.Measurement;

/// <summary>Everything measured for one <see cref="OperationTest"/>: its samples, whether its data was checked, and
/// how it was measured. Figures are derived from the samples (the store keeps only those).</summary>
/// <param name="Test">The operation.</param>
/// <param name="Samples">Every timed sample, in order.</param>
/// <param name="Verified">The data the operation moved was compared with what was sent and matched (false where it
/// moves none, as for a registration).</param>
/// <param name="Method">How it was measured, in a line.</param>
public sealed record OperationResult(OperationTest Test, IReadOnlyList<OperationSample> Samples, bool Verified, string Method)
{
    /// <summary>Median seconds for one operation on <see cref="OperationTest.Bytes"/> bytes; each sample counts as
    /// its time scaled to that many bytes (a sample of several operations counts as their average).</summary>
    public double MedianSeconds => Statistics.Summarize(SecondsPerOperation()).Median;

    /// <summary>Coefficient of variation of the per-operation time over the samples.</summary>
    public double CoefficientOfVariation => Statistics.Summarize(SecondsPerOperation()).CoefficientOfVariation;

    /// <summary>Bytes per second at the median time.</summary>
    public double MedianBytesPerSecond => Test.Bytes / MedianSeconds;

    private List<double> SecondsPerOperation() =>
        [.. Samples.Select(s => s.Nanoseconds * 1e-9 * Test.Bytes / s.Bytes)];
}
