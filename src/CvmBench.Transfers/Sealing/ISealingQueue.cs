namespace CvmBench.Transfers.Sealing;

/// <summary>The device side of sealed transfers, queued in order with a queue's copies. Chunks are laid out as
/// <see cref="SealedLayout"/> says; a segment's counter is <c>firstCounter</c> plus its index in the chunk.</summary>
public interface ISealingQueue
{
    /// <summary>Queues opening the sealed chunk at <paramref name="ringOffset"/> of <paramref name="ring"/> with the
    /// host-to-device key into <paramref name="destination"/> at <paramref name="destinationOffset"/>. Any failure
    /// (a record's nonce or length, a tag) makes <paramref name="status"/>'s first 8 bytes non-zero; the caller zeroes
    /// them before a transfer and reads them after it.</summary>
    void Open(IDeviceSealingKeys keys, IDeviceBuffer ring, long ringOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer destination, long destinationOffset, IDeviceBuffer status);

    /// <summary>Queues sealing <paramref name="plainBytes"/> of <paramref name="source"/> at <paramref name="sourceOffset"/>
    /// with the device-to-host key into the chunk at <paramref name="ringOffset"/> of <paramref name="ring"/>.</summary>
    void Seal(IDeviceSealingKeys keys, IDeviceBuffer source, long sourceOffset, long plainBytes, int segmentBytes, ulong firstCounter,
        IDeviceBuffer ring, long ringOffset);
}
