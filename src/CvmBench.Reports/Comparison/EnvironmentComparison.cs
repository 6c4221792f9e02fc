using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Reports.Comparison;

/// <summary>Runs from many machines grouped by environment class (bare metal, VM, SEV, SNP, TDX, CC on). For each
/// test configuration, each group's run medians are summarised (their median, range and 95% interval) and set
/// against a baseline group. A run counts once per configuration, through its result on the lowest-numbered GPU
/// that measured it, so a machine with eight GPUs does not outvote one with a single GPU. Simulated runs are left
/// out: they measured no GPU.</summary>
public static class EnvironmentComparison
{
    /// <summary>The groups, and one row per configuration and group; configurations the baseline measured come first,
    /// each with the baseline's own row first. <paramref name="baseline"/> need not be among the groups: then no
    /// row has a ratio.</summary>
    public static (IReadOnlyList<EnvironmentGroup> Groups, IReadOnlyList<EnvironmentRow> Rows) Build(IReadOnlyList<RunRecord> runs, EnvironmentClass baseline)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var measured = runs.Where(r => !r.Simulated).ToList();
        var groups = measured.GroupBy(r => r.Environment.Class)
            // From no virtualisation to the most protection, as the classes are declared; unknown last.
            .OrderBy(g => g.Key == EnvironmentClass.Unknown).ThenBy(g => g.Key)
            .Select(g => new EnvironmentGroup(g.Key, g.Count(), [.. g.Select(Machine).Distinct().Order(StringComparer.Ordinal)]))
            .ToList();

        var medians = new Dictionary<(TransferTest Test, EnvironmentClass Class), List<double>>();
        foreach (var run in measured)
        {
            foreach (var result in run.Results.GroupBy(r => r.Test with { Device = 0 }).Select(g => (g.Key, g.MinBy(r => r.Test.Device)!)))
            {
                var key = (result.Key, run.Environment.Class);
                if (!medians.TryGetValue(key, out var list))
                {
                    medians[key] = list = [];
                }
                list.Add(result.Item2.Bandwidth.Median);
            }
        }

        var rows = new List<EnvironmentRow>();
        var configurations = medians.Keys.Select(k => k.Test).Distinct()
            .OrderBy(t => !medians.ContainsKey((t, baseline)))
            .ThenBy(t => t.Direction).ThenBy(t => t.Memory).ThenBy(t => t.Method).ThenBy(t => t.Bidirectional).ThenBy(t => t.Bytes);
        foreach (var test in configurations)
        {
            var reference = medians.TryGetValue((test, baseline), out var values) ? Statistics.Summarize(values) : null;
            foreach (var group in groups.OrderBy(g => g.Class != baseline))
            {
                if (medians.TryGetValue((test, group.Class), out var mine))
                {
                    var stats = Statistics.Summarize(mine);
                    rows.Add(new EnvironmentRow(test, group.Class, stats, reference, reference is null ? null : RunComparison.Verdict(reference, stats)));
                }
            }
        }
        return (groups, rows);
    }

    /// <summary>A machine: its host name, and its hardware fingerprint where the run was probed (hosts get renamed
    /// and names get reused; the fingerprint tells the machines apart).</summary>
    public static string Machine(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string fingerprint = run.Environment.Fingerprint;
        return fingerprint.Length > 0 ? $"{run.Environment.Host} ({fingerprint})" : run.Environment.Host;
    }
}
