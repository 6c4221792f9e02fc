using System.Buffers.Binary;

namespace CvmBench.Transfers.Sealing;

/// <summary>The bytes of a sealed chunk, identical in the pinned pool and in the device ring: the ciphertext (segment i
/// at i x segment size), then from the plain size rounded up to 16 one 32-byte record per segment: nonce (12 bytes),
/// segment length (uint32 little-endian), tag (16 bytes). A segment's nonce is 4 zero bytes and its counter as a
/// big-endian uint64.</summary>
public static class SealedLayout
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;
    public const int RecordBytes = 32;

    /// <summary>A public key as it travels between host and device: X then Y, each 32 bytes big-endian (P-256).</summary>
    public const int PublicKeyBytes = 64;

    /// <summary>A tag per 64 KiB: the record costs 0.05% of the link, and a thread seals a segment in about ten
    /// microseconds, so a slice of a few segments is still shared out finely among the host threads.</summary>
    public const int DefaultSegmentBytes = 64 << 10;

    /// <summary>Counters stay below this: a transfer whose range would pass it is refused, and a new key is needed.</summary>
    public const ulong CounterLimit = 1UL << 63;

    /// <summary>Segments in <paramref name="plainBytes"/>: the last may be shorter.</summary>
    public static long Segments(long plainBytes, int segmentBytes) => (plainBytes + segmentBytes - 1) / segmentBytes;

    /// <summary>Where the records begin: the plain size rounded up to 16.</summary>
    public static long RecordsOffset(long plainBytes) => (plainBytes + 15) & ~15L;

    /// <summary>A sealed chunk's size: the ciphertext, aligned to 16, and a record per segment.</summary>
    public static long SealedBytes(long plainBytes, int segmentBytes) =>
        RecordsOffset(plainBytes) + Segments(plainBytes, segmentBytes) * RecordBytes;

    /// <summary>Writes the nonce of <paramref name="counter"/> into the first 12 bytes of <paramref name="nonce"/>.</summary>
    public static void WriteNonce(Span<byte> nonce, ulong counter)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, 0);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], counter);
    }

    /// <summary>Null when <paramref name="segmentBytes"/> can cut chunks of <paramref name="chunkBytes"/>; otherwise
    /// one line saying why not.</summary>
    public static string? SegmentProblem(int segmentBytes, long chunkBytes)
    {
        if (segmentBytes < 16 || segmentBytes % 16 != 0)
        {
            return $"segment size must be a positive multiple of 16 bytes (got {segmentBytes} bytes)";
        }
        if (chunkBytes % segmentBytes != 0)
        {
            return $"segment size {Units.FormatBytes(segmentBytes)} must divide the chunk size {Units.FormatBytes(chunkBytes)}";
        }
        return null;
    }
}
