using System.Security.Cryptography;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Tests.Transfers;

public class AesGcmStagingTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray();

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4095, 4096)]
    [InlineData(4096, 4096)]
    [InlineData((2 << 20) + 5, 4096)]
    [InlineData(2 << 20, 2 << 20)]
    public void Sealed_data_opens_to_exactly_what_was_sealed(int bytes, int segment)
    {
        using var staging = new AesGcmStaging(Key, segment);
        byte[] plain = new byte[bytes];
        DataPattern.Fill(plain, 42, 0);
        byte[] @sealed = new byte[staging.SealedBytes(bytes)];
        staging.Seal(plain, @sealed, transfer: 3, firstSegment: 17);

        Assert.Equal(bytes + (bytes + segment - 1) / segment * AesGcmStaging.TagBytes, @sealed.Length);
        Assert.False(@sealed.AsSpan(0, Math.Min(bytes, 64)).SequenceEqual(plain.AsSpan(0, Math.Min(bytes, 64))), "the ciphertext is not the plaintext");
        byte[] opened = new byte[bytes];
        staging.Open(@sealed, opened, transfer: 3, firstSegment: 17);
        Assert.Equal(plain, opened);
    }

    [Theory]
    [InlineData(0)]            // the first ciphertext byte
    [InlineData(5000)]         // a byte of the second segment
    [InlineData(3 * 4096 + 1)] // the tag area: a bit of the first tag
    public void A_flipped_bit_anywhere_is_detected(int at)
    {
        using var staging = new AesGcmStaging(Key, 4096);
        byte[] plain = new byte[3 * 4096];
        DataPattern.Fill(plain, 7, 0);
        byte[] @sealed = new byte[staging.SealedBytes(plain.Length)];
        staging.Seal(plain, @sealed, 1, 0);
        @sealed[at] ^= 0x10;
        Assert.Throws<AuthenticationTagMismatchException>(() => staging.Open(@sealed, new byte[plain.Length], 1, 0));
    }

    [Fact]
    public void Data_opened_with_another_transfer_number_or_segment_index_is_refused()
    {
        using var staging = new AesGcmStaging(Key, 4096);
        byte[] plain = new byte[8192];
        byte[] @sealed = new byte[staging.SealedBytes(plain.Length)];
        staging.Seal(plain, @sealed, 9, 100);
        Assert.Throws<AuthenticationTagMismatchException>(() => staging.Open(@sealed, new byte[plain.Length], 10, 100));
        Assert.Throws<AuthenticationTagMismatchException>(() => staging.Open(@sealed, new byte[plain.Length], 9, 101));
    }
}
