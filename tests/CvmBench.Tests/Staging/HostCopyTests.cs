using System.Runtime.InteropServices;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

public sealed unsafe class HostCopyTests
{
    public static TheoryData<int> Widths() => [16, 32, 64];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Non_temporal_copies_of_any_length_and_alignment_are_exact_and_stay_in_range(int width)
    {
        Assert.SkipWhen(width > HostCopy.NonTemporalWidth, $"this code has no {width}-byte non-temporal stores (widest: {HostCopy.NonTemporalWidth})");
        const int Room = 256 << 10;
        byte* source = (byte*)NativeMemory.AlignedAlloc(Room, 4096);
        byte* destination = (byte*)NativeMemory.AlignedAlloc(Room, 4096);
        try
        {
            var random = new Random(width);
            random.NextBytes(new Span<byte>(source, Room));
            for (int trial = 0; trial < 300; trial++)
            {
                int from = random.Next(0, 200);
                int to = random.Next(0, 200);
                int length = trial % 3 == 0 ? random.Next(0, 8192) : random.Next(0, Room - 400);
                new Span<byte>(destination, Room).Fill(0xA5);

                HostCopy.CopyNonTemporal((nint)(destination + to), (nint)(source + from), length, width);

                var copied = new ReadOnlySpan<byte>(destination + to, length);
                Assert.True(copied.SequenceEqual(new ReadOnlySpan<byte>(source + from, length)), $"trial {trial}: {length} bytes from +{from} to +{to}");
                Assert.Equal(-1, new ReadOnlySpan<byte>(destination, to).IndexOfAnyExcept((byte)0xA5));
                Assert.Equal(-1, new ReadOnlySpan<byte>(destination + to + length, Room - to - length).IndexOfAnyExcept((byte)0xA5));
            }
        }
        finally
        {
            NativeMemory.AlignedFree(source);
            NativeMemory.AlignedFree(destination);
        }
    }

    [Fact]
    public void The_widest_stores_are_named_for_reports()
    {
        Assert.Contains("non-temporal", HostCopy.NonTemporalName(HostCopy.NonTemporalWidth), StringComparison.Ordinal);
        Assert.Equal(HostCopy.NonTemporalWidth > 0, HostCopy.NonTemporalSupported);
    }
}
