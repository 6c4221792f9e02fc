namespace CvmBench.Measurement;

/// <summary>One timed sample of an operation: <paramref name="Bytes"/> acted on (all operations of the sample
/// together) in <paramref name="Nanoseconds"/> of host wall-clock time.</summary>
public sealed record OperationSample(long Bytes, long Nanoseconds);
