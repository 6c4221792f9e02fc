using System.Runtime.InteropServices;
using CvmBench.Cuda;

namespace CvmBench.Tests.Staging;

public sealed unsafe class CacheLineDemotionTests
{
    [Fact]
    public void The_loop_is_placed_on_x64_linux()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64, "the loop is x86-64 machine code for Linux");

        Assert.True(CacheLineDemotion.Available);
    }

    [Fact]
    public void Demoting_any_range_leaves_every_byte_as_it_was()
    {
        const int Room = 1 << 20;
        byte* memory = (byte*)NativeMemory.AlignedAlloc(Room, 4096);
        try
        {
            var random = new Random(7);
            var expected = new byte[Room];
            random.NextBytes(expected);
            expected.CopyTo(new Span<byte>(memory, Room));
            for (int trial = 0; trial < 200; trial++)
            {
                int start = random.Next(0, Room - 1);
                long length = trial % 4 == 0 ? random.Next(0, 130) : random.Next(0, Room - start);

                CacheLineDemotion.Demote((nint)(memory + start), length);
            }
            // The last line, and a range that starts mid-line and ends at the buffer's end.
            CacheLineDemotion.Demote((nint)(memory + Room - 64), 64);
            CacheLineDemotion.Demote((nint)(memory + 33), Room - 33);

            Assert.True(new ReadOnlySpan<byte>(memory, Room).SequenceEqual(expected));
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }
}
