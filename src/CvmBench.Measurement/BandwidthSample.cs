namespace CvmBench.Measurement;

/// <summary>One timed sample: <paramref name="Bytes"/> moved (all copies of the sample together) in the time measured.</summary>
/// <param name="Bytes">Bytes moved in the sample.</param>
/// <param name="Nanoseconds">Device time between the events around the copies (or the host clock where no events exist).</param>
/// <param name="WallNanoseconds">Host wall-clock time from releasing the queued copies to their completion.</param>
public sealed record BandwidthSample(long Bytes, long Nanoseconds, long WallNanoseconds)
{
    /// <summary>GB/s (1e9 bytes/s) by the device clock.</summary>
    public double GigabytesPerSecond => Nanoseconds > 0 ? (double)Bytes / Nanoseconds : 0;

    /// <summary>GB/s (1e9 bytes/s) by the wall clock.</summary>
    public double WallGigabytesPerSecond => WallNanoseconds > 0 ? (double)Bytes / WallNanoseconds : 0;
}
