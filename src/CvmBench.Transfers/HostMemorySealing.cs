using System.Collections.Concurrent;
using System.Security.Cryptography;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Transfers;

/// <summary>The simulated device's side of sealed transfers, in C#: the reference of what the sealed kernels do, byte
/// for byte (the same agreement, keys, nonces and layout). Its test hook changes one bit of the next sealed chunk
/// between the DMA and the device's open (host to device) or between the device's seal and the DMA (device to host).</summary>
internal sealed unsafe class HostMemorySealing
{
    private int _tamper;

    /// <summary>Every chunk's counters, in the order the device opened or sealed them.</summary>
    public ConcurrentQueue<SealedRange> Ranges { get; } = new();

    public static IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey)
    {
        using var pair = SealedKeyAgreement.NewKeyPair();
        byte[] z = SealedKeyAgreement.SharedSecret(pair, hostPublicKey);
        try
        {
            return new Keys(SealedKeyAgreement.PublicKey(pair),
                SealedKeyAgreement.DirectionKey(z, Direction.HostToDevice), SealedKeyAgreement.DirectionKey(z, Direction.DeviceToHost));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    public void TamperWithNextChunk(SealedField field) => Volatile.Write(ref _tamper, (int)field);

    public void Open(IDeviceSealingKeys keys, nint chunk, long plainBytes, int segmentBytes, ulong firstCounter, nint destination, nint status)
    {
        long segments = SealedLayout.Segments(plainBytes, segmentBytes);
        Ranges.Enqueue(new SealedRange(Direction.HostToDevice, firstCounter, segments));
        Tamper(chunk, plainBytes);
        // A fresh cipher per chunk: the device's chunks may be opened on several queues at once.
        using var cipher = new SegmentCipher(((Keys)keys).ToDevice);
        try
        {
            cipher.Open(chunk, destination, plainBytes, segmentBytes, 0, segments, firstCounter);
        }
        catch (AuthenticationTagMismatchException)
        {
            Interlocked.Or(ref *(ulong*)status, 1);
        }
    }

    public void Seal(IDeviceSealingKeys keys, nint source, long plainBytes, int segmentBytes, ulong firstCounter, nint chunk)
    {
        long segments = SealedLayout.Segments(plainBytes, segmentBytes);
        Ranges.Enqueue(new SealedRange(Direction.DeviceToHost, firstCounter, segments));
        using var cipher = new SegmentCipher(((Keys)keys).ToHost);
        cipher.Seal(source, chunk, plainBytes, segmentBytes, 0, segments, firstCounter);
        Tamper(chunk, plainBytes);
    }

    private void Tamper(nint chunk, long plainBytes)
    {
        var field = (SealedField)Interlocked.Exchange(ref _tamper, (int)SealedField.None);
        byte* record = (byte*)chunk + SealedLayout.RecordsOffset(plainBytes);
        switch (field)
        {
            case SealedField.Ciphertext:
                *(byte*)chunk ^= 0x01;
                break;
            case SealedField.Tag:
                record[SealedLayout.NonceBytes + 4 + 7] ^= 0x10;
                break;
            case SealedField.Nonce:
                record[SealedLayout.NonceBytes - 1] ^= 0x01;
                break;
        }
    }

    /// <summary>The simulated device memory's keys.</summary>
    private sealed class Keys(byte[] publicKey, byte[] toDevice, byte[] toHost) : IDeviceSealingKeys
    {
        public ReadOnlySpan<byte> DevicePublicKey => publicKey;

        public byte[] ToDevice => toDevice;

        public byte[] ToHost => toHost;

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(toDevice);
            CryptographicOperations.ZeroMemory(toHost);
        }
    }
}
