using CvmBench.Transfers;

namespace CvmBench.Model;

/// <summary>What the model predicts for one transfer.</summary>
/// <param name="Platform">The platform profile.</param>
/// <param name="Strategy">The strategy.</param>
/// <param name="Direction">Host to device or device to host.</param>
/// <param name="Bytes">Bytes moved.</param>
/// <param name="Seconds">Predicted time for the transfer.</param>
public sealed record TransferPrediction(PlatformProfile Platform, TransferStrategy Strategy, Direction Direction, double Bytes, double Seconds)
{
    /// <summary>Throughput in GB/s (1e9 bytes/s).</summary>
    public double GigabytesPerSecond => Bytes / Seconds / 1e9;
}
