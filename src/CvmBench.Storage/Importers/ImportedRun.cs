using CvmBench.Measurement;

namespace CvmBench.Storage.Importers;

/// <summary>What one file became.</summary>
/// <param name="Run">The run to store.</param>
/// <param name="Format">What the file was recognised as, for messages.</param>
/// <param name="Skipped">What the file held that has no place in our vocabulary (peer-to-peer, latency, waived
/// testcases), so the user sees it was left out rather than lost silently.</param>
/// <param name="SourceHash">The SHA-256 of the file's bytes, in lowercase hex: the same file imported twice is
/// stored once.</param>
public sealed record ImportedRun(RunRecord Run, string Format, IReadOnlyList<string> Skipped, string SourceHash = "");
