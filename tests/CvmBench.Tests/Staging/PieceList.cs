using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>Pieces for a many-piece transfer: each in its own host allocation (guarded, see <see cref="HostRange"/>), at
/// its own device offset; piece i carries the pattern of seed + i.</summary>
internal sealed class PieceList : IDisposable
{
    private readonly HostRange[] _hosts;

    public PieceList(long[] sizes, long[] deviceOffsets, int[] shifts, long deviceBytes)
    {
        _hosts = sizes.Select((size, i) => new HostRange(size, shifts[i])).ToArray();
        Pieces = sizes.Select((size, i) => new StagingPiece(_hosts[i].Start, deviceOffsets[i], size)).ToArray();
        DeviceBytes = deviceBytes;
    }

    public StagingPiece[] Pieces { get; }

    /// <summary>The device buffer these pieces need, with guard bytes after the last.</summary>
    public long DeviceBytes { get; }

    /// <summary><paramref name="count"/> pieces of 1 byte to <paramref name="maxBytes"/> (mostly small, some empty),
    /// placed on the device in a random order, half of them right after the one before and the others after a gap.</summary>
    public static PieceList Random(Random random, int count, long maxBytes)
    {
        var sizes = new long[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = random.Next(8) switch
            {
                0 => 0,
                1 or 2 => random.Next(1, 4097),
                3 => random.NextInt64(1, maxBytes + 1),
                _ => random.Next(4097, 512 << 10),
            };
        }
        return Placed(random, sizes, gaps: true);
    }

    /// <summary>The pieces of <paramref name="sizes"/>, placed on the device in a random order, each right after the one
    /// before or (with <paramref name="gaps"/>, half the time) after a gap.</summary>
    public static PieceList Placed(Random random, long[] sizes, bool gaps)
    {
        var offsets = new long[sizes.Length];
        long next = random.Next(0, 4096);
        foreach (int i in Enumerable.Range(0, sizes.Length).OrderBy(_ => random.Next()))
        {
            offsets[i] = next;
            next += sizes[i] + (gaps && random.Next(2) == 0 ? random.Next(1, 5000) : 0);
        }
        var shifts = sizes.Select(_ => random.Next(0, 128)).ToArray();
        return new PieceList(sizes, offsets, shifts, next + HostRange.Guard);
    }

    public void FillPatterns(ulong seed)
    {
        for (int i = 0; i < _hosts.Length; i++)
        {
            _hosts[i].FillPattern(seed + (ulong)i);
        }
    }

    public void PoisonHosts()
    {
        foreach (var host in _hosts)
        {
            host.PoisonAll();
        }
    }

    /// <summary>Null when each host range holds its piece's pattern and nothing around it was written.</summary>
    public string? HostProblem(ulong seed)
    {
        for (int i = 0; i < _hosts.Length; i++)
        {
            if (_hosts[i].Problem(seed + (ulong)i) is { } problem)
            {
                return $"piece {i} ({Pieces[i].Bytes} bytes): {problem}";
            }
        }
        return null;
    }

    public void UploadPatterns(ITransferDevice device, IDeviceBuffer memory, ulong seed)
    {
        for (int i = 0; i < Pieces.Length; i++)
        {
            DeviceRange.UploadPattern(device, memory, Pieces[i].DeviceOffset, Pieces[i].Bytes, seed + (ulong)i);
        }
    }

    /// <summary>Null when each piece's device range holds its pattern and every other device byte is poison.</summary>
    public string? DeviceProblem(ITransferDevice device, IDeviceBuffer memory, ulong seed)
    {
        var all = new byte[memory.Length];
        device.Download(all, memory, 0);
        long covered = 0;
        foreach (int i in Enumerable.Range(0, Pieces.Length).Where(i => Pieces[i].Bytes > 0).OrderBy(i => Pieces[i].DeviceOffset))
        {
            var piece = Pieces[i];
            int gap = all.AsSpan((int)covered, (int)(piece.DeviceOffset - covered)).IndexOfAnyExcept(HostRange.Poison);
            if (gap >= 0)
            {
                return $"device byte {covered + gap}, outside every piece, was written";
            }
            long mismatch = DataPattern.FindMismatch(all.AsSpan((int)piece.DeviceOffset, (int)piece.Bytes), seed + (ulong)i, 0);
            if (mismatch >= 0)
            {
                return $"piece {i} ({piece.Bytes} bytes at device offset {piece.DeviceOffset}): byte {mismatch} differs from what was sent";
            }
            covered = piece.DeviceOffset + piece.Bytes;
        }
        int after = all.AsSpan((int)covered).IndexOfAnyExcept(HostRange.Poison);
        return after >= 0 ? $"device byte {covered + after}, after every piece, was written" : null;
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }
}
