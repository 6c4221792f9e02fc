using System.Buffers.Binary;
using System.Security.Cryptography;
using CvmBench.Tests.Staging;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Sealing;

/// <summary>What every device must do for sealed transfers: the same specification runs against the simulated device
/// (the C# reference of the kernels) in CI and against a real GPU where there is one.</summary>
public abstract class SealedContract
{
    /// <summary>A fresh device that can seal (skips the test where there is none).</summary>
    protected abstract ITransferDevice OpenDevice();

    /// <summary>Random cases per segment size.</summary>
    protected abstract int Seeds { get; }

    /// <summary>The largest random transfer.</summary>
    protected abstract long MaxRandomBytes { get; }

    [Theory]
    [InlineData(4 << 10)]
    [InlineData(64 << 10)]
    [InlineData(2 << 20)]
    public void Random_sizes_and_offsets_arrive_byte_exact_both_ways(int segmentBytes)
    {
        using var device = OpenDevice();
        var random = new Random(segmentBytes);
        for (int seed = 1; seed <= Seeds; seed++)
        {
            // A chunk holds whole segments: 1 to 4 MiB, rounded down to the segment size (one segment at least).
            long chunk = Math.Max(1, (random.Next(1, 5) << 20) / segmentBytes) * (long)segmentBytes;
            var options = new StagingOptions(ChunkBytes: chunk, PoolChunks: random.Next(1, 5),
                HostThreads: random.Next(1, 5), Streams: random.Next(1, 3), FixedChunks: random.Next(3) == 0);
            long bytes = random.Next(3) == 0 ? random.Next(1, 70_000) : random.NextInt64(1, MaxRandomBytes + 1);
            using var pipeline = new SealedPipeline(device, options, segmentBytes);
            RoundTrip(device, pipeline, bytes, random.Next(0, 64), random.Next(0, 4099), (ulong)seed,
                $"seed {seed}: {bytes} bytes, segment {segmentBytes}, {options}");
        }
    }

    [Fact]
    public void The_device_seals_the_contract_layout_with_the_agreed_key_and_counter_nonces()
    {
        using var device = OpenDevice();
        using var host = SealedKeyAgreement.NewKeyPair();
        using var keys = ((ISealingDevice)device).Agree(SealedKeyAgreement.PublicKey(host));
        byte[] toHost = SealedKeyAgreement.DirectionKey(SealedKeyAgreement.SharedSecret(host, keys.DevicePublicKey), Direction.DeviceToHost);
        const int Segment = 4096;
        const long Plain = 3 * Segment + 100;
        const ulong Counter = 0x0102_0304_0506_0708;
        byte[] plaintext = RandomNumberGenerator.GetBytes((int)Plain);
        byte[] chunk = new byte[SealedLayout.SealedBytes(Plain, Segment)];
        using var source = device.AllocateDevice(Plain);
        using var ring = device.AllocateDevice(chunk.Length);
        device.Upload(source, 0, plaintext);
        using var queue = device.CreateQueue();

        ((ISealingQueue)queue).Seal(keys, source, 0, Plain, Segment, Counter, ring, 0);
        queue.Synchronize();
        device.Download(chunk, ring, 0);

        Assert.Equal(12400 + 4 * 32, chunk.Length);
        using var aes = new AesGcm(toHost, 16);
        for (int i = 0; i < 4; i++)
        {
            int length = (int)Math.Min(Segment, Plain - i * Segment);
            var record = chunk.AsSpan((int)SealedLayout.RecordsOffset(Plain) + i * 32, 32);
            byte[] nonce = [0, 0, 0, 0, .. BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(Counter + (ulong)i))];
            Assert.Equal(nonce, record[..12].ToArray());
            Assert.Equal((uint)length, BinaryPrimitives.ReadUInt32LittleEndian(record[12..16]));
            byte[] opened = new byte[length];
            aes.Decrypt(nonce, chunk.AsSpan(i * Segment, length), record[16..], opened);
            Assert.Equal(plaintext.AsSpan(i * Segment, length).ToArray(), opened);
        }
    }

    [Theory]
    [InlineData(SealedFlip.None)]
    [InlineData(SealedFlip.Ciphertext)]
    [InlineData(SealedFlip.Tag)]
    [InlineData(SealedFlip.Nonce)]
    [InlineData(SealedFlip.Length)]
    public void The_device_opens_a_chunk_sealed_by_the_host_and_reports_any_changed_bit(SealedFlip flip)
    {
        using var device = OpenDevice();
        using var host = SealedKeyAgreement.NewKeyPair();
        using var keys = ((ISealingDevice)device).Agree(SealedKeyAgreement.PublicKey(host));
        byte[] toDevice = SealedKeyAgreement.DirectionKey(SealedKeyAgreement.SharedSecret(host, keys.DevicePublicKey), Direction.HostToDevice);
        const int Segment = 64 << 10;
        const long Plain = 5 * Segment - 7;
        byte[] plaintext = RandomNumberGenerator.GetBytes((int)Plain);
        byte[] chunk = SealOnHost(toDevice, plaintext, Segment, 77);
        Flip(chunk, Plain, flip);
        using var ring = device.AllocateDevice(chunk.Length);
        using var destination = device.AllocateDevice(Plain);
        using var status = device.AllocateDevice(8);
        device.Upload(ring, 0, chunk);
        device.Upload(status, 0, new byte[8]);
        using var queue = device.CreateQueue();

        ((ISealingQueue)queue).Open(keys, ring, 0, Plain, Segment, 77, destination, 0, status);
        queue.Synchronize();

        byte[] word = new byte[8];
        device.Download(word, status, 0);
        Assert.Equal(flip == SealedFlip.None, word.All(b => b == 0));
        if (flip == SealedFlip.None)
        {
            byte[] arrived = new byte[Plain];
            device.Download(arrived, destination, 0);
            Assert.Equal(plaintext, arrived);
        }
    }

    [Theory]
    [InlineData(SealedFlip.Ciphertext)]
    [InlineData(SealedFlip.Tag)]
    [InlineData(SealedFlip.Nonce)]
    [InlineData(SealedFlip.Length)]
    public void The_host_refuses_a_device_sealed_chunk_with_any_changed_bit(SealedFlip flip)
    {
        using var device = OpenDevice();
        using var host = SealedKeyAgreement.NewKeyPair();
        using var keys = ((ISealingDevice)device).Agree(SealedKeyAgreement.PublicKey(host));
        byte[] toHost = SealedKeyAgreement.DirectionKey(SealedKeyAgreement.SharedSecret(host, keys.DevicePublicKey), Direction.DeviceToHost);
        const int Segment = 4096;
        const long Plain = 9 * Segment;
        using var source = device.AllocateDevice(Plain);
        using var ring = device.AllocateDevice(SealedLayout.SealedBytes(Plain, Segment));
        device.Upload(source, 0, RandomNumberGenerator.GetBytes((int)Plain));
        using var queue = device.CreateQueue();
        ((ISealingQueue)queue).Seal(keys, source, 0, Plain, Segment, 5, ring, 0);
        queue.Synchronize();
        byte[] chunk = new byte[ring.Length];
        device.Download(chunk, ring, 0);
        Flip(chunk, Plain, flip);

        Assert.Throws<AuthenticationTagMismatchException>(() => OpenOnHost(toHost, chunk, Plain, Segment, 5));
    }

    [Fact]
    public void The_device_refuses_a_host_key_off_the_curve()
    {
        using var device = OpenDevice();
        byte[] offCurve = new byte[SealedLayout.PublicKeyBytes];
        offCurve[31] = 1;
        offCurve[63] = 1;

        Assert.ThrowsAny<CryptographicException>(() => ((ISealingDevice)device).Agree(offCurve));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_transfer_over_twenty_chunks_arrives_byte_exact(bool toDevice)
    {
        using var device = OpenDevice();
        using var pipeline = new SealedPipeline(device, new StagingOptions(ChunkBytes: 1 << 20, PoolChunks: 3, HostThreads: 4, Streams: 2));
        RoundTrip(device, pipeline, (20L << 20) + 4097, toDevice ? 3 : 0, 17, 99, "twenty chunks");
    }

    /// <summary>Seals <paramref name="bytes"/> of a pattern to the device at an offset, checks the device bytes, then
    /// opens them back into other host memory and checks that too (and that nothing around it was written).</summary>
    internal static void RoundTrip(ITransferDevice device, SealedPipeline pipeline, long bytes, int shift, long deviceOffset, ulong seed, string because)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var source = new HostRange(bytes, shift);
        using var back = new HostRange(bytes, (shift + 13) % 64);
        using var memory = device.AllocateDevice(deviceOffset + bytes + HostRange.Guard);
        DeviceRange.Poison(device, memory);
        source.FillPattern(seed);

        pipeline.CopyToDevice(memory, deviceOffset, source.Start, bytes, cancellation);
        Assert.True(DeviceRange.Problem(device, memory, deviceOffset, bytes, seed) is null, $"{because}: {DeviceRange.Problem(device, memory, deviceOffset, bytes, seed)}");
        pipeline.CopyToHost(back.Start, memory, deviceOffset, bytes, cancellation);
        Assert.True(back.Problem(seed) is null, $"{because}: {back.Problem(seed)}");
    }

    internal static byte[] SealOnHost(byte[] key, byte[] plaintext, int segment, ulong counter)
    {
        byte[] chunk = new byte[SealedLayout.SealedBytes(plaintext.Length, segment)];
        using var cipher = new SegmentCipher(key);
        unsafe
        {
            fixed (byte* p = plaintext, c = chunk)
            {
                cipher.Seal((nint)p, (nint)c, plaintext.Length, segment, 0, SealedLayout.Segments(plaintext.Length, segment), counter);
            }
        }
        return chunk;
    }

    internal static void OpenOnHost(byte[] key, byte[] chunk, long plain, int segment, ulong counter)
    {
        byte[] plaintext = new byte[plain];
        using var cipher = new SegmentCipher(key);
        unsafe
        {
            fixed (byte* p = plaintext, c = chunk)
            {
                cipher.Open((nint)c, (nint)p, plain, segment, 0, SealedLayout.Segments(plain, segment), counter);
            }
        }
    }

    /// <summary>Changes one bit of the last segment's ciphertext or record.</summary>
    internal static void Flip(byte[] chunk, long plain, SealedFlip flip)
    {
        int last = (int)(SealedLayout.RecordsOffset(plain) + (chunk.Length - SealedLayout.RecordsOffset(plain) - 32));
        switch (flip)
        {
            case SealedFlip.Ciphertext:
                chunk[plain - 1] ^= 0x80;
                break;
            case SealedFlip.Nonce:
                chunk[last + 4] ^= 0x01;
                break;
            case SealedFlip.Length:
                chunk[last + 12] ^= 0x01;
                break;
            case SealedFlip.Tag:
                chunk[last + 31] ^= 0x01;
                break;
        }
    }
}
