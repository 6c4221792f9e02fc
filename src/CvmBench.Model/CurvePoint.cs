namespace CvmBench.Model;

/// <summary>One point of a curve: the swept variable and the throughput there.</summary>
/// <param name="X">Bytes, pages per batch, or reuses, as the curve says.</param>
/// <param name="GigabytesPerSecond">Predicted throughput, GB/s (1e9 bytes/s).</param>
public sealed record CurvePoint(double X, double GigabytesPerSecond);
