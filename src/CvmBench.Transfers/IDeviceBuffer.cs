namespace CvmBench.Transfers;

/// <summary>Device memory.</summary>
public interface IDeviceBuffer : IDisposable
{
    long Length { get; }
}
