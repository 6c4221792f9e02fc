namespace CvmBench.Transfers.Sealing;

/// <summary>A device that can take part in sealed transfers (<see cref="SealedPipeline"/>): it agrees keys with the
/// host and opens and seals chunks in its own memory. Its queues are <see cref="ISealingQueue"/>s.</summary>
public interface ISealingDevice
{
    /// <summary>Makes the device's P-256 key pair on the device, checks <paramref name="hostPublicKey"/> (64 bytes,
    /// <see cref="SealedLayout.PublicKeyBytes"/>), and derives both direction keys into device memory, where they stay.
    /// Synchronous.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The host key is not a point on P-256.</exception>
    IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey);
}
