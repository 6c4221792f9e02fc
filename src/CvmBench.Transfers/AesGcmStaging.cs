using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CvmBench.Transfers;

/// <summary>The encrypted staging format of a GPU in confidential-computing mode: data is encrypted with AES-GCM
/// (AES-256, 96-bit IV, 128-bit tag) in segments, each with its own tag, and a sealed chunk is its ciphertext followed
/// by its segments' tags. The IV of a segment is the transfer number and the segment's index in the transfer, so no
/// IV repeats under one key. Not thread-safe: one instance per thread.</summary>
public sealed class AesGcmStaging : IDisposable
{
    /// <summary>Bytes of one authentication tag.</summary>
    public const int TagBytes = 16;

    private const int IvBytes = 12;
    private readonly AesGcm _aes;

    /// <param name="key">A 32-byte AES-256 key.</param>
    /// <param name="segmentBytes">Bytes per tag: 4096 (a tag per 4 KiB page) or the whole chunk.</param>
    public AesGcmStaging(ReadOnlySpan<byte> key, int segmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentBytes);
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }
        _aes = new AesGcm(key, TagBytes);
        SegmentBytes = segmentBytes;
    }

    public int SegmentBytes { get; }

    /// <summary>A fresh random key.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Segments (and so tags) in <paramref name="plainBytes"/>.</summary>
    public long Segments(long plainBytes) => (plainBytes + SegmentBytes - 1) / SegmentBytes;

    /// <summary>Sealed size of <paramref name="plainBytes"/>: the ciphertext and one tag per segment.</summary>
    public long SealedBytes(long plainBytes) => plainBytes + Segments(plainBytes) * TagBytes;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="sealed"/> (ciphertext, then the tags).
    /// <paramref name="firstSegment"/> is the index of its first segment in the transfer.</summary>
    public void Seal(ReadOnlySpan<byte> plaintext, Span<byte> @sealed, uint transfer, long firstSegment)
    {
        CheckSealed(plaintext.Length, @sealed.Length);
        Span<byte> iv = stackalloc byte[IvBytes];
        var tags = @sealed[plaintext.Length..];
        long segments = Segments(plaintext.Length);
        for (int s = 0; s < segments; s++)
        {
            int offset = s * SegmentBytes;
            int length = Math.Min(SegmentBytes, plaintext.Length - offset);
            Iv(iv, transfer, firstSegment + s);
            _aes.Encrypt(iv, plaintext.Slice(offset, length), @sealed.Slice(offset, length), tags.Slice(s * TagBytes, TagBytes));
        }
    }

    /// <summary>Decrypts and authenticates what <see cref="Seal"/> wrote.</summary>
    /// <exception cref="AuthenticationTagMismatchException">A byte of the ciphertext or a tag was changed, or the
    /// transfer number or segment index differ from the ones it was sealed with.</exception>
    public void Open(ReadOnlySpan<byte> @sealed, Span<byte> plaintext, uint transfer, long firstSegment)
    {
        CheckSealed(plaintext.Length, @sealed.Length);
        Span<byte> iv = stackalloc byte[IvBytes];
        var tags = @sealed[plaintext.Length..];
        long segments = Segments(plaintext.Length);
        for (int s = 0; s < segments; s++)
        {
            int offset = s * SegmentBytes;
            int length = Math.Min(SegmentBytes, plaintext.Length - offset);
            Iv(iv, transfer, firstSegment + s);
            _aes.Decrypt(iv, @sealed.Slice(offset, length), tags.Slice(s * TagBytes, TagBytes), plaintext.Slice(offset, length));
        }
    }

    public void Dispose() => _aes.Dispose();

    private void CheckSealed(int plainBytes, int sealedBytes)
    {
        if (sealedBytes != SealedBytes(plainBytes))
        {
            throw new ArgumentException($"{plainBytes} plain bytes seal into {SealedBytes(plainBytes)} bytes, not {sealedBytes}");
        }
    }

    private static void Iv(Span<byte> iv, uint transfer, long segment)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(iv, transfer);
        BinaryPrimitives.WriteInt64LittleEndian(iv[4..], segment);
    }
}
