namespace CvmBench.Measurement;

/// <summary>Everything measured for one <see cref="TransferTest"/>.</summary>
/// <param name="Test">The configuration.</param>
/// <param name="Samples">Every timed sample, in order.</param>
/// <param name="Bandwidth">Statistics of the samples' GB/s by the device clock.</param>
/// <param name="WallBandwidth">Statistics of the samples' GB/s by the wall clock.</param>
/// <param name="LinkEfficiency">Median over the PCIe link's theoretical per-direction rate; null for device-to-device or an unknown link.</param>
/// <param name="Verified">The bytes that arrived were compared with what was sent and matched.</param>
/// <param name="Method">How the test was run, in a line: copies per sample, warm-up, how cache reuse was avoided.</param>
public sealed record TestResult(
    TransferTest Test,
    IReadOnlyList<BandwidthSample> Samples,
    BandwidthStatistics Bandwidth,
    BandwidthStatistics WallBandwidth,
    double? LinkEfficiency,
    bool Verified,
    string Method);
