using CvmBench.Measurement;

namespace CvmBench.Tests.Measurement;

public class DataPatternTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(3, 1)]
    [InlineData(7, 17)]
    [InlineData(8, 64)]
    [InlineData(13, 1000)]
    public void Any_range_of_the_pattern_equals_the_same_range_of_the_whole(int offset, int length)
    {
        var whole = new byte[2048];
        DataPattern.Fill(whole, seed: 42, offset: 0);
        var part = new byte[length];
        DataPattern.Fill(part, seed: 42, offset: offset);
        Assert.Equal(whole.AsSpan(offset, length).ToArray(), part);
    }

    [Fact]
    public void The_pattern_is_not_constant_and_depends_on_the_seed()
    {
        var a = new byte[4096];
        var b = new byte[4096];
        DataPattern.Fill(a, seed: 1, offset: 0);
        DataPattern.Fill(b, seed: 2, offset: 0);
        Assert.NotEqual(a, b);
        Assert.True(a.Distinct().Count() > 200);
    }

    [Fact]
    public unsafe void A_single_changed_byte_is_found_at_its_offset()
    {
        var data = new byte[(3 << 20) + 5];
        DataPattern.Fill(data, seed: 9, offset: 0);
        Assert.Equal(-1, DataPattern.FindMismatch(data, 9, 0));
        data[2_000_001] ^= 0x10;
        Assert.Equal(2_000_001, DataPattern.FindMismatch(data, 9, 0));
        fixed (byte* p = data)
        {
            Assert.Equal(2_000_001, DataPattern.FindMismatch((nint)p, data.Length, 9));
        }
    }

    [Fact]
    public void Poison_never_equals_the_pattern()
    {
        var data = new byte[256];
        DataPattern.Fill(data, seed: 5, offset: 0);
        for (int i = 0; i < data.Length; i++)
        {
            Assert.NotEqual(data[i], DataPattern.PoisonAt(5, i));
        }
    }
}
