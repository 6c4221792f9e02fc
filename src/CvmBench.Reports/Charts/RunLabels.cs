using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;

namespace CvmBench.Reports.Charts;

/// <summary>How a run is named in legends and tables: its id prefix, its tool, and where it ran (host and
/// environment class for our runs, the GPU for an imported peer run, which knows no host).</summary>
public static class RunLabels
{
    public const int IdPrefixLength = 8;

    public static string ShortId(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Id.Length > IdPrefixLength ? run.Id[..IdPrefixLength] : run.Id;
    }

    public static string For(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string where = Where(run.Environment.Host, run.Environment.Class, run.Environment.Summary);
        if (where.Length > 36)
        {
            where = where[..35] + "…";
        }
        return $"{ShortId(run)} {run.Tool} · {where}{(run.Simulated ? " (simulated)" : "")}";
    }

    /// <summary>Where a run ran: host and environment class for our runs; an imported peer run knows no host, only the
    /// GPU it printed, which leads its summary.</summary>
    public static string Where(string host, EnvironmentClass environmentClass, string summary) =>
        environmentClass != EnvironmentClass.Unknown ? $"{host} ({EnvironmentClassNames.ToText(environmentClass)})" : summary.Split(" · ")[0];

    /// <summary>"pinned H2D", "pageable D2H", "device D2D".</summary>
    public static string Category(HostPath memory, Direction direction) =>
        $"{(direction == Direction.DeviceToDevice ? "device" : HostPathNames.ToText(memory))} {DirectionNames.ToText(direction).ToUpperInvariant()}";
}
