using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CvmBench.Transfers.Sealing;

/// <summary>Seals and opens segments of one sealed chunk (<see cref="SealedLayout"/>) with one AES-256-GCM key. The
/// plaintext side is wherever the caller's bytes are (pageable memory, device memory); the sealed side is the chunk.
/// Not thread-safe: one instance per thread.</summary>
public sealed unsafe class SegmentCipher : IDisposable
{
    private readonly AesGcm _aes;

    /// <param name="key">A 32-byte AES-256 key.</param>
    public SegmentCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }
        _aes = new AesGcm(key, SealedLayout.TagBytes);
    }

    /// <summary>Seals segments <paramref name="firstSegment"/> to <paramref name="firstSegment"/> +
    /// <paramref name="segments"/> of a chunk of <paramref name="plainBytes"/>: ciphertext and records into
    /// <paramref name="chunk"/>, from <paramref name="plaintext"/> (the chunk's first plain byte). Segment i's nonce
    /// carries <paramref name="chunkCounter"/> + i.</summary>
    public void Seal(nint plaintext, nint chunk, long plainBytes, int segmentBytes, long firstSegment, long segments, ulong chunkCounter)
    {
        Span<byte> nonce = stackalloc byte[SealedLayout.NonceBytes];
        for (long i = firstSegment; i < firstSegment + segments; i++)
        {
            long offset = i * segmentBytes;
            int length = (int)Math.Min(segmentBytes, plainBytes - offset);
            var record = Record(chunk, plainBytes, i);
            SealedLayout.WriteNonce(nonce, chunkCounter + (ulong)i);
            _aes.Encrypt(nonce, Bytes(plaintext + (nint)offset, length), Bytes(chunk + (nint)offset, length),
                record.Slice(SealedLayout.NonceBytes + 4, SealedLayout.TagBytes));
            nonce.CopyTo(record);
            BinaryPrimitives.WriteUInt32LittleEndian(record[SealedLayout.NonceBytes..], (uint)length);
        }
    }

    /// <summary>Opens what <see cref="Seal"/> wrote into <paramref name="plaintext"/>, checking each record's nonce and
    /// length against the expected ones before its tag.</summary>
    /// <exception cref="AuthenticationTagMismatchException">A record names another nonce or length, or a tag does
    /// not verify; the plaintext of the segments from the failing one on is undefined.</exception>
    public void Open(nint chunk, nint plaintext, long plainBytes, int segmentBytes, long firstSegment, long segments, ulong chunkCounter)
    {
        Span<byte> nonce = stackalloc byte[SealedLayout.NonceBytes];
        for (long i = firstSegment; i < firstSegment + segments; i++)
        {
            long offset = i * segmentBytes;
            int length = (int)Math.Min(segmentBytes, plainBytes - offset);
            var record = Record(chunk, plainBytes, i);
            SealedLayout.WriteNonce(nonce, chunkCounter + (ulong)i);
            if (!record[..SealedLayout.NonceBytes].SequenceEqual(nonce)
                || BinaryPrimitives.ReadUInt32LittleEndian(record[SealedLayout.NonceBytes..]) != (uint)length)
            {
                throw new AuthenticationTagMismatchException($"segment {i}'s record names another nonce or length than the one expected");
            }
            _aes.Decrypt(nonce, Bytes(chunk + (nint)offset, length), record.Slice(SealedLayout.NonceBytes + 4, SealedLayout.TagBytes),
                Bytes(plaintext + (nint)offset, length));
        }
    }

    public void Dispose() => _aes.Dispose();

    private static Span<byte> Record(nint chunk, long plainBytes, long segment) =>
        Bytes(chunk + (nint)(SealedLayout.RecordsOffset(plainBytes) + segment * SealedLayout.RecordBytes), SealedLayout.RecordBytes);

    private static Span<byte> Bytes(nint pointer, int length) => new((void*)pointer, length);
}
