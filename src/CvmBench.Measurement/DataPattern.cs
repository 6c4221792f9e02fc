using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CvmBench.Measurement;

/// <summary>A reproducible pseudo-random byte pattern addressed by offset: any range can be written or checked on its
/// own, so buffers of any size are filled and verified in chunks without keeping a copy of what was sent.</summary>
public static unsafe class DataPattern
{
    /// <summary>Writes the pattern's bytes [<paramref name="offset"/>, offset + length) into <paramref name="destination"/>.</summary>
    public static void Fill(Span<byte> destination, ulong seed, long offset)
    {
        // Unaligned head, whole little-endian words, tail: the words are written directly for speed.
        int head = (int)Math.Min((8 - (offset & 7)) & 7, destination.Length);
        Span<byte> word = stackalloc byte[8];
        if (head > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(seed, offset >> 3));
            word.Slice((int)(offset & 7), head).CopyTo(destination);
        }
        long firstWord = (offset + head) >> 3;
        int wholeWords = (destination.Length - head) / 8;
        var words = MemoryMarshal.Cast<byte, ulong>(destination.Slice(head, wholeWords * 8));
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = BitConverter.IsLittleEndian ? Word(seed, firstWord + i) : BinaryPrimitives.ReverseEndianness(Word(seed, firstWord + i));
        }
        int tail = destination.Length - head - wholeWords * 8;
        if (tail > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, Word(seed, firstWord + wholeWords));
            word[..tail].CopyTo(destination[(head + wholeWords * 8)..]);
        }
    }

    /// <summary>Fills native memory with the pattern from offset 0, in parallel chunks for large buffers.</summary>
    public static void Fill(nint destination, long bytes, ulong seed) =>
        ForEachChunk(bytes, (offset, length) => Fill(new Span<byte>((byte*)destination + offset, length), seed, offset));

    /// <summary>The offset of the first byte of <paramref name="actual"/> that differs from the pattern at
    /// <paramref name="offset"/>, or -1 when all match.</summary>
    public static long FindMismatch(ReadOnlySpan<byte> actual, ulong seed, long offset)
    {
        const int Block = 64 * 1024;
        byte[] expected = new byte[Math.Min(Block, actual.Length)];
        for (int start = 0; start < actual.Length; start += Block)
        {
            int length = Math.Min(Block, actual.Length - start);
            Span<byte> want = expected.AsSpan(0, length);
            Fill(want, seed, offset + start);
            var have = actual.Slice(start, length);
            if (!have.SequenceEqual(want))
            {
                for (int i = 0; i < length; i++)
                {
                    if (have[i] != want[i])
                    {
                        return offset + start + i;
                    }
                }
            }
        }
        return -1;
    }

    /// <summary>Checks native memory against the pattern from offset 0; -1 when it all matches.</summary>
    public static long FindMismatch(nint actual, long bytes, ulong seed)
    {
        long first = long.MaxValue;
        ForEachChunk(bytes, (offset, length) =>
        {
            long mismatch = FindMismatch(new ReadOnlySpan<byte>((byte*)actual + offset, length), seed, offset);
            if (mismatch >= 0)
            {
                InterlockedMin(ref first, mismatch);
            }
        });
        return first == long.MaxValue ? -1 : first;
    }

    /// <summary>A byte that is never the pattern's at that offset, for poisoning a destination before it is written.</summary>
    public static byte PoisonAt(ulong seed, long offset)
    {
        Span<byte> one = stackalloc byte[1];
        Fill(one, seed, offset);
        return (byte)~one[0];
    }

    /// <summary>SplitMix64 of the word index: cheap, and every word differs.</summary>
    private static ulong Word(ulong seed, long index)
    {
        ulong z = seed + (ulong)index * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static void ForEachChunk(long bytes, Action<long, int> action)
    {
        const int Chunk = 16 << 20;
        long chunks = (bytes + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            long offset = c * Chunk;
            action(offset, (int)Math.Min(Chunk, bytes - offset));
        });
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long current;
        while (value < (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
