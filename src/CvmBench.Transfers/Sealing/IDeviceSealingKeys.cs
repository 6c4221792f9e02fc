namespace CvmBench.Transfers.Sealing;

/// <summary>The device's side of one agreement: its public key, and the direction keys it holds in its own memory
/// (never readable through this interface). Disposing frees them.</summary>
public interface IDeviceSealingKeys : IDisposable
{
    /// <summary>The device's public key, 64 bytes: X then Y, big-endian.</summary>
    ReadOnlySpan<byte> DevicePublicKey { get; }
}
