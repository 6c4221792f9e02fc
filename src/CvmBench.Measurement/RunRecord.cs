namespace CvmBench.Measurement;

/// <summary>A run: one invocation of a measuring command (or one imported output of a peer tool) and its results.</summary>
/// <param name="Id">A unique id (a GUID in "N" format for our runs).</param>
/// <param name="Started">When the run began.</param>
/// <param name="Ended">When it ended; null while it runs or when it was interrupted.</param>
/// <param name="Status">Complete, or incomplete (running or interrupted).</param>
/// <param name="Tool">What measured it: <c>cvmbench</c>, <c>bandwidthTest</c> or <c>nvbandwidth</c>.</param>
/// <param name="ToolVersion">That tool's version.</param>
/// <param name="CommandLine">The command that produced it.</param>
/// <param name="Simulated">Measured on the host-memory device, not a GPU: never to be read as a GPU's numbers.</param>
/// <param name="Environment">Where it ran.</param>
/// <param name="Results">One result per test.</param>
/// <remarks>Besides copies, a run can hold <see cref="Operations"/>: conversion latencies, host rates and emulated
/// transfers (<c>convert</c>, <c>emulate</c>).</remarks>
public sealed record RunRecord(
    string Id,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    RunStatus Status,
    string Tool,
    string ToolVersion,
    string CommandLine,
    bool Simulated,
    RunEnvironment Environment,
    IReadOnlyList<TestResult> Results)
{
    /// <summary>Measured operations other than copies, in the order they were measured.</summary>
    public IReadOnlyList<OperationResult> Operations { get; init; } = [];
}
