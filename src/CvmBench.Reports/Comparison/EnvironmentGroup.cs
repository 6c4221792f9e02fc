namespace CvmBench.Reports.Comparison;

/// <summary>The runs of one environment class.</summary>
/// <param name="Class">bare-metal, vm, sev, snp, tdx, cc or unknown.</param>
/// <param name="Runs">How many runs.</param>
/// <param name="Machines">The machines they ran on, as host names with their hardware fingerprint where known.</param>
public sealed record EnvironmentGroup(string Class, int Runs, IReadOnlyList<string> Machines);
