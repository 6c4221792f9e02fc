using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CvmBench.Cuda.Tests;

/// <summary>The sealed chunk layout with .NET's AesGcm, as the host side builds and reads it: ciphertext, then at
/// align16(plainBytes) a record per segment (nonce | length uint32 little-endian | tag).</summary>
internal static class HostSeal
{
    public static byte[] Nonce(ulong counter)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), counter);
        return nonce;
    }

    public static byte[] Seal(byte[] key, byte[] plain, int segmentBytes, ulong firstCounter)
    {
        using var aes = new AesGcm(key, 16);
        var chunk = new byte[SealedKernels.SealedBytes(plain.Length, segmentBytes)];
        int records = (plain.Length + 15) & ~15;
        for (int i = 0, offset = 0; offset < plain.Length; i++, offset += segmentBytes)
        {
            int length = Math.Min(segmentBytes, plain.Length - offset);
            Span<byte> record = chunk.AsSpan(records + i * SealedKernels.RecordBytes, SealedKernels.RecordBytes);
            Nonce(firstCounter + (ulong)i).CopyTo(record);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)length);
            aes.Encrypt(record[..12], plain.AsSpan(offset, length), chunk.AsSpan(offset, length), record[16..]);
        }
        return chunk;
    }

    /// <summary>Opens a chunk; throws <see cref="AuthenticationTagMismatchException"/> when a tag does not verify, and
    /// fails the assertion when a record's nonce or length is not the expected one.</summary>
    public static byte[] Open(byte[] key, byte[] chunk, int plainBytes, int segmentBytes, ulong firstCounter)
    {
        using var aes = new AesGcm(key, 16);
        var plain = new byte[plainBytes];
        int records = (plainBytes + 15) & ~15;
        for (int i = 0, offset = 0; offset < plainBytes; i++, offset += segmentBytes)
        {
            int length = Math.Min(segmentBytes, plainBytes - offset);
            ReadOnlySpan<byte> record = chunk.AsSpan(records + i * SealedKernels.RecordBytes, SealedKernels.RecordBytes);
            Assert.Equal(Nonce(firstCounter + (ulong)i), record[..12].ToArray());
            Assert.Equal((uint)length, BinaryPrimitives.ReadUInt32LittleEndian(record[12..]));
            aes.Decrypt(record[..12], chunk.AsSpan(offset, length), record[16..], plain.AsSpan(offset, length));
        }
        return plain;
    }
}
