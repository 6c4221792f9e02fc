using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Staging;

/// <summary>Fills and checks device memory through the device's synchronous upload and download, in pieces.</summary>
internal static class DeviceRange
{
    private const int Piece = 64 << 20;

    public static void Poison(ITransferDevice device, IDeviceBuffer buffer)
    {
        byte[] poison = new byte[(int)Math.Min(Piece, buffer.Length)];
        poison.AsSpan().Fill(HostRange.Poison);
        for (long offset = 0; offset < buffer.Length; offset += Piece)
        {
            device.Upload(buffer, offset, poison.AsSpan(0, (int)Math.Min(Piece, buffer.Length - offset)));
        }
    }

    /// <summary>Writes the pattern's bytes [0, bytes) at <paramref name="offset"/>.</summary>
    public static void UploadPattern(ITransferDevice device, IDeviceBuffer buffer, long offset, long bytes, ulong seed)
    {
        byte[] piece = new byte[(int)Math.Min(Piece, bytes)];
        for (long done = 0; done < bytes; done += Piece)
        {
            var part = piece.AsSpan(0, (int)Math.Min(Piece, bytes - done));
            DataPattern.Fill(part, seed, done);
            device.Upload(buffer, offset + done, part);
        }
    }

    /// <summary>Null when [offset, offset + bytes) holds the pattern and the rest of the buffer is poison; else what is wrong.</summary>
    public static string? Problem(ITransferDevice device, IDeviceBuffer buffer, long offset, long bytes, ulong seed)
    {
        byte[] piece = new byte[(int)Math.Min(Piece, Math.Max(bytes, 1))];
        for (long done = 0; done < bytes; done += Piece)
        {
            var part = piece.AsSpan(0, (int)Math.Min(Piece, bytes - done));
            device.Download(part, buffer, offset + done);
            long mismatch = DataPattern.FindMismatch(part, seed, done);
            if (mismatch >= 0)
            {
                return $"device byte {mismatch} differs from what was sent";
            }
        }
        long after = offset + bytes;
        byte[] before = new byte[offset];
        byte[] behind = new byte[buffer.Length - after];
        device.Download(before, buffer, 0);
        device.Download(behind, buffer, after);
        int written = before.AsSpan().IndexOfAnyExcept(HostRange.Poison);
        if (written >= 0)
        {
            return $"device byte {written - offset} (before the range) was written";
        }
        written = behind.AsSpan().IndexOfAnyExcept(HostRange.Poison);
        return written >= 0 ? $"device byte {bytes + written} (after the range) was written" : null;
    }
}
