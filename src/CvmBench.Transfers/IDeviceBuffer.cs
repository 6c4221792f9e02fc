namespace CvmBench.Transfers;

/// <summary>Device memory.</summary>
public interface IDeviceBuffer : IDisposable
{
    long Length { get; }

    /// <summary>The first byte's device address (CUDA: the CUdeviceptr; the simulated device: the host address), for
    /// callers outside .NET that name device memory by address.</summary>
    /// <exception cref="NotSupportedException">This device's memory has no address to give.</exception>
    ulong Address => throw new NotSupportedException("this device memory has no address");
}
