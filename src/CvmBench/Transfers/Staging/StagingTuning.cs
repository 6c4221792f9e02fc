namespace CvmBench.Transfers.Staging;

/// <summary>What <see cref="StagingTuner.Tune"/> measured and picked. Rates are GB/s (1e9 bytes per second).</summary>
/// <param name="Options">The options picked.</param>
/// <param name="HostToDeviceDma">The copy engines' host-to-device rate from pinned memory at the chosen chunk size.</param>
/// <param name="DeviceToHostDma">The copy engines' device-to-host rate into pinned memory at the chosen chunk size.</param>
/// <param name="HostToDeviceCopy">The host threads' copy rate from pageable memory into the pool, at the chosen thread count.</param>
/// <param name="DeviceToHostCopy">The host threads' copy rate from the pool into pageable memory, at the chosen thread count and stores.</param>
/// <param name="Summary">What was picked and why, in a few clauses, for logs and result notes.</param>
public sealed record StagingTuning(
    StagingOptions Options,
    double HostToDeviceDma,
    double DeviceToHostDma,
    double HostToDeviceCopy,
    double DeviceToHostCopy,
    string Summary);
