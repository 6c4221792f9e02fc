using CvmBench.Measurement;
using CvmBench.Platform;

namespace CvmBench.Storage;

/// <summary>One line of the run list: a stored run without its results.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Started">When it began.</param>
/// <param name="Ended">When it ended; null if it never completed.</param>
/// <param name="Status">Complete or incomplete.</param>
/// <param name="Tool">What measured it (cvmbench, bandwidthTest, nvbandwidth).</param>
/// <param name="ToolVersion">That tool's version.</param>
/// <param name="Simulated">Measured on the host-memory device, not a GPU.</param>
/// <param name="Host">The host name.</param>
/// <param name="Fingerprint">The hardware's fingerprint (see <see cref="CvmBench.Platform.MachineFingerprint"/>); empty for a run without a probe.</param>
/// <param name="EnvironmentClass">What the machine was, as runs are compared by.</param>
/// <param name="EnvironmentSummary">The environment's one-line summary (for an imported peer run: the GPU it named).</param>
/// <param name="TestCount">Tests stored.</param>
/// <param name="SampleCount">Samples stored, over all tests and operations.</param>
/// <param name="OperationCount">Operations stored besides copies (conversion latencies, host rates, emulated transfers).</param>
/// <param name="SourceHash">The SHA-256 of the file the run was imported from (what refuses a second import of it);
/// empty for a run measured here.</param>
public sealed record RunSummary(
    string Id,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    RunStatus Status,
    string Tool,
    string ToolVersion,
    bool Simulated,
    string Host,
    string Fingerprint,
    EnvironmentClass EnvironmentClass,
    string EnvironmentSummary,
    int TestCount,
    long SampleCount,
    int OperationCount,
    string SourceHash);
