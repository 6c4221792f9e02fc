namespace CvmBench.Measurement;

/// <summary>A finished suite: the run as recorded, and what each device measured.</summary>
public sealed record SuiteRun(RunRecord Run, IReadOnlyList<DeviceOutcome> Outcomes);
