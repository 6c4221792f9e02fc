using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>The machine: link, DMA and host copies. SI units: bytes, seconds, bytes per second.</summary>
/// <param name="H2DDmaRate">Host-to-device DMA rate from DMA-able memory (what pinned memory reaches).</param>
/// <param name="D2HDmaRate">Device-to-host DMA rate into DMA-able memory.</param>
/// <param name="H2DDmaLatency">Fixed cost of one host-to-device transfer: launch and completion, seen from the host.</param>
/// <param name="D2HDmaLatency">The same device to host.</param>
/// <param name="CopyRatePerThread">memcpy rate of one thread between pageable memory and an area larger than the
/// last-level cache (a swiotlb pool; the caller's memory when copying out of staging chunks).</param>
/// <param name="CopyThreads">Threads that copy.</param>
/// <param name="StagingChunkBytes">The driver's pinned staging chunk on bare metal and plain VMs.</param>
/// <param name="MemoryBytes">Guest memory (sizes the swiotlb pool).</param>
/// <param name="StagingCopyRatePerThread">memcpy rate of one thread from pageable memory into the driver's staging
/// chunks, a pool that stays in the last-level cache.</param>
/// <param name="StagingSubmitCost">Seconds the copying thread spends per chunk queuing its DMA and recording its event.</param>
public sealed record MachineParameters(
    double H2DDmaRate,
    double D2HDmaRate,
    double H2DDmaLatency,
    double D2HDmaLatency,
    double CopyRatePerThread,
    int CopyThreads,
    double StagingChunkBytes,
    double MemoryBytes,
    double StagingCopyRatePerThread,
    double StagingSubmitCost)
{
    /// <summary>Rate of the copy between pageable memory and an area larger than the cache, all threads together.</summary>
    public double CopyRate => CopyRatePerThread * CopyThreads;

    /// <summary>Rate of the copy into the driver's staging chunks, all threads together.</summary>
    public double StagingCopyRate => StagingCopyRatePerThread * CopyThreads;

    /// <summary>The DMA rate of a direction; the ceiling no strategy can pass.</summary>
    public double DmaRate(Direction direction) => direction switch
    {
        Direction.HostToDevice => H2DDmaRate,
        Direction.DeviceToHost => D2HDmaRate,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "the model covers host-device transfers"),
    };

    /// <summary>The fixed cost of one transfer in a direction: every transfer pays it once.</summary>
    public double DmaLatency(Direction direction) => direction switch
    {
        Direction.HostToDevice => H2DDmaLatency,
        Direction.DeviceToHost => D2HDmaLatency,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "the model covers host-device transfers"),
    };
}
