using CvmBench.Transfers;

namespace CvmBench.Measurement;

/// <summary>Fills, poisons and checks device memory through the device's untimed upload and download, in pieces.</summary>
public static class DevicePattern
{
    private const int Piece = 64 << 20;

    public static void Fill(ITransferDevice device, IDeviceBuffer buffer, long bytes, ulong seed)
    {
        byte[] piece = new byte[(int)Math.Min(Piece, bytes)];
        for (long offset = 0; offset < bytes; offset += Piece)
        {
            var part = piece.AsSpan(0, (int)Math.Min(Piece, bytes - offset));
            DataPattern.Fill(part, seed, offset);
            device.Upload(buffer, offset, part);
        }
    }

    public static void Poison(ITransferDevice device, IDeviceBuffer buffer, long bytes, byte value)
    {
        byte[] piece = new byte[(int)Math.Min(Piece, bytes)];
        piece.AsSpan().Fill(value);
        for (long offset = 0; offset < bytes; offset += Piece)
        {
            device.Upload(buffer, offset, piece.AsSpan(0, (int)Math.Min(Piece, bytes - offset)));
        }
    }

    /// <summary>The offset of the first byte of [0, bytes) that differs from the pattern, or -1. The buffer is
    /// compared with the pattern from <paramref name="patternStart"/> on (where its bytes came from that far into a
    /// patterned host buffer).</summary>
    public static long FindMismatch(ITransferDevice device, IDeviceBuffer buffer, long bytes, ulong seed, long patternStart = 0)
    {
        byte[] piece = new byte[(int)Math.Min(Piece, bytes)];
        for (long offset = 0; offset < bytes; offset += Piece)
        {
            var part = piece.AsSpan(0, (int)Math.Min(Piece, bytes - offset));
            device.Download(part, buffer, offset);
            long mismatch = DataPattern.FindMismatch(part, seed, patternStart + offset);
            if (mismatch >= 0)
            {
                return mismatch - patternStart;
            }
        }
        return -1;
    }
}
