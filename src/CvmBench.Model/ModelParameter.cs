namespace CvmBench.Model;

/// <summary>One parameter of the cost model, as the parameter file shows it.</summary>
/// <param name="Name">A dotted name, for example <c>tdx.mapGpaExit</c>.</param>
/// <param name="Value">The value, in <paramref name="Unit"/>.</param>
/// <param name="Unit">GB/s (1e9 bytes/s), us, ns, bytes, KiB, MiB, GiB (powers of two), % or count.</param>
/// <param name="Description">What it is.</param>
/// <param name="Source">Where the value comes from: an entry of docs/sources.md,
/// <c>assumed:</c> with the reason, or <c>measured:</c> with the run.</param>
public sealed record ModelParameter(string Name, double Value, string Unit, string Description, string Source);
