using CvmBench.Transfers.Staging;

namespace CvmBench.Measurement;

/// <summary>What the <see cref="StagingTuner"/> measured and picked. Rates are GB/s (1e9 bytes per second).</summary>
/// <param name="Options">The options picked.</param>
/// <param name="HostToDeviceDma">The copy engines' host-to-device rate from pinned memory at the chosen chunk size.</param>
/// <param name="DeviceToHostDma">The copy engines' device-to-host rate into pinned memory at the chosen chunk size.</param>
/// <param name="HostToDeviceStaged">The pipeline's host-to-device rate with the chosen options, from pageable memory, in the calibration.</param>
/// <param name="DeviceToHostStaged">The pipeline's device-to-host rate with the chosen options, into pageable memory, in the calibration.</param>
/// <param name="Summary">What was picked and why, in a few clauses, for logs and result notes.</param>
public sealed record StagingTuning(
    StagingOptions Options,
    double HostToDeviceDma,
    double DeviceToHostDma,
    double HostToDeviceStaged,
    double DeviceToHostStaged,
    string Summary);
