using CvmBench.Cuda;

namespace CvmBench.Transfers;

/// <summary>What a transfer device is, for results and efficiency figures.</summary>
/// <param name="Ordinal">The CUDA ordinal (or the simulated device's number).</param>
/// <param name="Name">The device's name; simulated devices say so in it.</param>
/// <param name="Simulated">True for the host-memory device: its numbers are never a GPU's.</param>
/// <param name="Link">The PCIe link, when known.</param>
/// <param name="MemoryBytes">Device memory in bytes.</param>
/// <param name="CpuAffinity">The CPUs near the device (NUMA), in CPU-list notation; empty when unknown.</param>
public sealed record DeviceDescription(int Ordinal, string Name, bool Simulated, PcieLink? Link, long MemoryBytes, string CpuAffinity);
