using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>Throughput of one platform and strategy as one variable is swept.</summary>
/// <param name="Platform">The platform profile.</param>
/// <param name="Strategy">The strategy (for batch and reuse sweeps, the kind; its knob is the swept variable).</param>
/// <param name="Direction">The direction.</param>
/// <param name="Variable">What X is: <c>bytes</c>, <c>batchPages</c> or <c>reuses</c>.</param>
/// <param name="Points">The curve.</param>
public sealed record ThroughputCurve(PlatformProfile Platform, string Strategy, Direction Direction, string Variable, IReadOnlyList<CurvePoint> Points);
