using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Reports.Charts;

/// <summary>The one result per memory kind and direction that stands for a run in the summary charts, as the seed
/// paper's Fig. 1 has one bar per kind and direction: copy engine, one direction at a time, the lowest-numbered GPU,
/// and the largest transfer size the run measured (where the link, not per-copy overhead, sets the rate).</summary>
public static class HeadlineResults
{
    public const string Rule = "copy engine, one direction at a time, lowest-numbered GPU, largest transfer size measured";

    public static IReadOnlyList<TestResult> Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var candidates = run.Results.Where(r => r.Test.Method == CopyMethod.CopyEngine && !r.Test.Bidirectional).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        int device = candidates.Min(r => r.Test.Device);
        return [.. candidates.Where(r => r.Test.Device == device)
            .GroupBy(r => (r.Test.Memory, r.Test.Direction))
            .Select(g => g.MaxBy(r => r.Test.Bytes)!)
            .OrderBy(r => r.Test.Direction == Direction.DeviceToDevice).ThenBy(r => r.Test.Memory).ThenBy(r => r.Test.Direction)];
    }
}
