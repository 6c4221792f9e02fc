using CvmBench.Platform;

namespace CvmBench.Reports.Comparison;

/// <summary>The runs of one environment class.</summary>
/// <param name="Class">The class.</param>
/// <param name="Runs">How many runs.</param>
/// <param name="Machines">The machines they ran on, as host names with their hardware fingerprint where known.</param>
public sealed record EnvironmentGroup(EnvironmentClass Class, int Runs, IReadOnlyList<string> Machines);
