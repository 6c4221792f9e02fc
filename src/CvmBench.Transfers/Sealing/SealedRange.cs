namespace CvmBench.Transfers.Sealing;

/// <summary>The counters one chunk was opened or sealed with on the simulated device: its first and how many segments.</summary>
internal readonly record struct SealedRange(Direction Direction, ulong FirstCounter, long Segments);
