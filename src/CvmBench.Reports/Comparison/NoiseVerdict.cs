namespace CvmBench.Reports.Comparison;

/// <summary>Whether two medians differ by more than their sampling noise.</summary>
public enum NoiseVerdict
{
    /// <summary>The 95% confidence intervals of the two medians do not overlap.</summary>
    BeyondNoise,
    /// <summary>The intervals overlap: the difference may be noise.</summary>
    WithinNoise,
    /// <summary>A side has fewer than <see cref="RunComparison.MinimumSamples"/> samples (a peer's single printed
    /// value, say): its interval cannot reach 95%, so nothing is claimed.</summary>
    TooFewSamples,
}
