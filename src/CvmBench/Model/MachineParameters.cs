using CvmBench.Measurement;

namespace CvmBench.Model;

/// <summary>The machine: link, DMA and host copies. SI units: bytes, seconds, bytes per second.</summary>
/// <param name="H2DDmaRate">Host-to-device DMA rate from DMA-able memory (what pinned memory reaches).</param>
/// <param name="D2HDmaRate">Device-to-host DMA rate into DMA-able memory.</param>
/// <param name="DmaLatency">Fixed cost of one transfer: launch and completion.</param>
/// <param name="CopyRatePerThread">memcpy rate of one thread into a staging or bounce buffer.</param>
/// <param name="CopyThreads">Threads that copy.</param>
/// <param name="StagingChunkBytes">The driver's pinned staging chunk on bare metal and plain VMs.</param>
/// <param name="MemoryBytes">Guest memory (sizes the swiotlb pool).</param>
public sealed record MachineParameters(
    double H2DDmaRate,
    double D2HDmaRate,
    double DmaLatency,
    double CopyRatePerThread,
    int CopyThreads,
    double StagingChunkBytes,
    double MemoryBytes)
{
    /// <summary>Rate of the copy into staging or bounce buffers, all threads together.</summary>
    public double CopyRate => CopyRatePerThread * CopyThreads;

    /// <summary>The DMA rate of a direction; the ceiling no strategy can pass.</summary>
    public double DmaRate(Direction direction) => direction switch
    {
        Direction.HostToDevice => H2DDmaRate,
        Direction.DeviceToHost => D2HDmaRate,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "the model covers host-device transfers"),
    };
}
