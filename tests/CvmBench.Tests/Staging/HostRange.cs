using System.Runtime.InteropServices;
using CvmBench.Measurement;

namespace CvmBench.Tests.Staging;

/// <summary>Native host memory for one transfer: <see cref="Start"/> sits <c>shift</c> bytes past a cache line, with
/// guard bytes on both sides that a correct transfer never writes.</summary>
internal sealed unsafe class HostRange : IDisposable
{
    public const int Guard = 64;
    public const byte Poison = 0xA5;

    private readonly byte* _base;
    private readonly long _total;

    public HostRange(long bytes, int shift)
    {
        Bytes = bytes;
        _total = bytes + shift + 2 * Guard;
        _base = (byte*)NativeMemory.AlignedAlloc((nuint)_total, 4096);
        Start = (nint)(_base + Guard + shift);
        Fill(_base, _total, Poison);
    }

    public long Bytes { get; }

    public nint Start { get; }

    public void FillPattern(ulong seed) => DataPattern.Fill(Start, Bytes, seed);

    public void PoisonAll() => Fill(_base, _total, Poison);

    /// <summary>Null when the range holds the pattern and everything around it is still poison; else what is wrong.</summary>
    public string? Problem(ulong seed)
    {
        long mismatch = DataPattern.FindMismatch(Start, Bytes, seed);
        if (mismatch >= 0)
        {
            return $"host byte {mismatch} differs from what was sent";
        }
        int before = (int)((byte*)Start - _base);
        int written = new ReadOnlySpan<byte>(_base, before).IndexOfAnyExcept(Poison);
        if (written >= 0)
        {
            return $"host byte {written - before} (before the range) was written";
        }
        written = new ReadOnlySpan<byte>((byte*)Start + Bytes, (int)(_total - before - Bytes)).IndexOfAnyExcept(Poison);
        if (written >= 0)
        {
            return $"host byte {Bytes + written} (after the range) was written";
        }
        return null;
    }

    public void Dispose() => NativeMemory.AlignedFree(_base);

    private static void Fill(byte* start, long bytes, byte value)
    {
        for (long offset = 0; offset < bytes; offset += int.MaxValue)
        {
            new Span<byte>(start + offset, (int)Math.Min(int.MaxValue, bytes - offset)).Fill(value);
        }
    }
}
