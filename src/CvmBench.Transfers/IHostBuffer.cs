
namespace CvmBench.Transfers;

/// <summary>Host memory a device can copy from or to.</summary>
public interface IHostBuffer : IDisposable
{
    MemoryKind Kind { get; }

    long Length { get; }

    /// <summary>The host address.</summary>
    nint Pointer { get; }

    /// <summary>The address kernels use for this memory (device-mapped memory); 0 when kernels cannot reach it.</summary>
    ulong DeviceAddress { get; }
}
