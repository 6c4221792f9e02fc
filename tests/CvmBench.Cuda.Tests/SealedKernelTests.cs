using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CvmBench.Cuda.Tests;

/// <summary>The sealed-transfer kernels on a real GPU against NIST's vectors and .NET's AesGcm, ECDiffieHellman and HKDF;
/// skipped where there is no GPU.</summary>
public class SealedKernelTests
{
    private const int MiB = 1 << 20;
    private static readonly byte[] H2DInfo = Encoding.ASCII.GetBytes("cvmbench sealed h2d v1");
    private static readonly byte[] D2HInfo = Encoding.ASCII.GetBytes("cvmbench sealed d2h v1");

    [Fact]
    public void A_sealed_chunk_is_the_ciphertext_padded_to_16_then_a_record_per_segment()
    {
        Assert.Equal(0, SealedKernels.SealedBytes(0, 4096));
        Assert.Equal(16 + 32, SealedKernels.SealedBytes(1, 4096));
        Assert.Equal(4096 + 32, SealedKernels.SealedBytes(4096, 4096));
        Assert.Equal(4112 + 2 * 32, SealedKernels.SealedBytes(4097, 4096));
        Assert.Equal(1008 + 21 * 32, SealedKernels.SealedBytes(1000, 48));
    }

    [Fact]
    public void Nist_gcm_vectors_seal_and_open_on_the_gpu()
    {
        using var gpu = SealedGpu.Open();
        foreach (var v in SealedVectors.Read("gcm-aes256.rsp"))
        {
            byte[] iv = v["IV"];
            uint prefix = BinaryPrimitives.ReadUInt32BigEndian(iv);
            ulong counter = BinaryPrimitives.ReadUInt64BigEndian(iv.AsSpan(4));
            using var keys = gpu.InstallKeys(h2d: v["Key"], d2h: v["Key"]);
            byte[] sealedChunk = gpu.Seal(keys, v["PT"], 4096, counter, prefix);
            int records = (v["PT"].Length + 15) & ~15;
            Assert.Equal(Convert.ToHexString(v["CT"]), Convert.ToHexString(sealedChunk, 0, v["PT"].Length));
            Assert.Equal(Convert.ToHexString(v["Tag"]), Convert.ToHexString(sealedChunk, records + 16, 16));
            var (plain, status) = gpu.OpenChunk(keys, sealedChunk, v["PT"].Length, 4096, counter, prefix);
            Assert.Equal(0ul, status);
            Assert.Equal(v["PT"], plain);
        }
    }

    [Theory]
    [InlineData(5 * 4096 + 123, 4096)]
    [InlineData(3 * 65536 + 17, 65536)]
    [InlineData(2 * 2 * MiB + 4097, 2 * MiB)]
    [InlineData(10_000, 1000)]
    [InlineData(1, 4096)]
    public void Gpu_sealed_chunks_open_with_dotnet_AesGcm(int plainBytes, int segmentBytes)
    {
        using var gpu = SealedGpu.Open();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] plain = RandomNumberGenerator.GetBytes(plainBytes);
        const ulong First = 0x0000_7fff_ffff_ff00;
        using var keys = gpu.InstallKeys(h2d: new byte[32], d2h: key);
        byte[] sealedChunk = gpu.Seal(keys, plain, segmentBytes, First);
        Assert.Equal(SealedKernels.SealedBytes(plainBytes, segmentBytes), sealedChunk.Length);
        Assert.Equal(plain, HostSeal.Open(key, sealedChunk, plainBytes, segmentBytes, First));
    }

    [Theory]
    [InlineData(5 * 4096 + 123, 4096)]
    [InlineData(3 * 65536 + 17, 65536)]
    [InlineData(2 * 2 * MiB + 4097, 2 * MiB)]
    [InlineData(10_000, 1000)]
    [InlineData(1, 4096)]
    public void Dotnet_sealed_chunks_open_on_the_gpu(int plainBytes, int segmentBytes)
    {
        using var gpu = SealedGpu.Open();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] plain = RandomNumberGenerator.GetBytes(plainBytes);
        const ulong First = 77;
        using var keys = gpu.InstallKeys(h2d: key, d2h: new byte[32]);
        byte[] sealedChunk = HostSeal.Seal(key, plain, segmentBytes, First);
        var (opened, status) = gpu.OpenChunk(keys, sealedChunk, plainBytes, segmentBytes, First);
        Assert.Equal(0ul, status);
        Assert.Equal(plain, opened);
    }

    [Theory]
    [InlineData("ciphertext", SealedKernels.StatusTagMismatch)]
    [InlineData("tag", SealedKernels.StatusTagMismatch)]
    [InlineData("nonce", SealedKernels.StatusRecordMismatch)]
    [InlineData("length", SealedKernels.StatusRecordMismatch)]
    [InlineData("last segment", SealedKernels.StatusTagMismatch)]
    public void One_flipped_bit_fails_the_open(string where, ulong expected)
    {
        const int PlainBytes = 3 * 65536 + 1000, SegmentBytes = 65536;
        using var gpu = SealedGpu.Open();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var keys = gpu.InstallKeys(h2d: key, d2h: key);
        byte[] sealedChunk = gpu.Seal(keys, RandomNumberGenerator.GetBytes(PlainBytes), SegmentBytes, 5);
        int record1 = ((PlainBytes + 15) & ~15) + SealedKernels.RecordBytes;
        int offset = where switch
        {
            "ciphertext" => 65536 + 12345,
            "tag" => record1 + 16 + 7,
            "nonce" => record1 + 11,
            "length" => record1 + 12,
            _ => PlainBytes - 1,
        };
        sealedChunk[offset] ^= 0x10;
        var (_, status) = gpu.OpenChunk(keys, sealedChunk, PlainBytes, SegmentBytes, 5);
        Assert.NotEqual(0ul, status & expected);
    }

    [Fact]
    public void A_chunk_opened_with_another_first_counter_fails()
    {
        using var gpu = SealedGpu.Open();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var keys = gpu.InstallKeys(h2d: key, d2h: key);
        byte[] sealedChunk = gpu.Seal(keys, RandomNumberGenerator.GetBytes(10_000), 4096, 100);
        var (_, status) = gpu.OpenChunk(keys, sealedChunk, 10_000, 4096, 101);
        Assert.NotEqual(0ul, status);
    }

    [Fact]
    public void Nist_cdh_vectors_give_the_public_key_and_hkdf_of_z()
    {
        using var gpu = SealedGpu.Open();
        foreach (var v in SealedVectors.Read("ecc-cdh-p256.rsp"))
        {
            var result = gpu.AgreeWithScalar(v["dIUT"], [.. v["QCAVSx"], .. v["QCAVSy"]]);
            Assert.Equal(0ul, result.Status);
            Assert.Equal(Convert.ToHexString([.. v["QIUTx"], .. v["QIUTy"]]), Convert.ToHexString(result.DevicePublic));
            Assert.Equal(HkdfKeys(v["ZIUT"]), result.RawKeys);
        }
    }

    [Fact]
    public void The_gpu_agreement_with_a_given_scalar_equals_dotnet_DeriveRawSecretAgreement()
    {
        using var gpu = SealedGpu.Open();
        using var host = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var deviceTwin = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECParameters twin = deviceTwin.ExportParameters(includePrivateParameters: true);
        var result = gpu.AgreeWithScalar(twin.D!, PublicBytes(host));
        Assert.Equal(0ul, result.Status);
        Assert.Equal(PublicBytes(deviceTwin), result.DevicePublic);
        byte[] z = host.DeriveRawSecretAgreement(deviceTwin.PublicKey);
        Assert.Equal(HkdfKeys(z), result.RawKeys);
    }

    [Fact]
    public void An_agreement_from_device_entropy_seals_and_opens_with_the_host_derived_keys()
    {
        using var gpu = SealedGpu.Open();
        using var host = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var (devicePublic, keys, status) = gpu.Agree(PublicBytes(host));
        using (keys)
        {
            Assert.Equal(0ul, status);
            using var device = ImportPublic(devicePublic);
            byte[] z = host.DeriveRawSecretAgreement(device.PublicKey);
            byte[] h2d = HKDF.DeriveKey(HashAlgorithmName.SHA256, z, 32, [], H2DInfo);
            byte[] d2h = HKDF.DeriveKey(HashAlgorithmName.SHA256, z, 32, [], D2HInfo);
            byte[] plain = RandomNumberGenerator.GetBytes(100_000);

            byte[] fromGpu = gpu.Seal(keys, plain, 4096, 9);
            Assert.Equal(plain, HostSeal.Open(d2h, fromGpu, plain.Length, 4096, 9));
            var (opened, openStatus) = gpu.OpenChunk(keys, HostSeal.Seal(h2d, plain, 4096, 9), plain.Length, 4096, 9);
            Assert.Equal(0ul, openStatus);
            Assert.Equal(plain, opened);
        }
        var (second, secondKeys, _) = gpu.Agree(PublicBytes(host));
        secondKeys.Dispose();
        Assert.NotEqual(devicePublic, second);
    }

    [Fact]
    public void A_host_key_off_the_curve_is_refused()
    {
        using var gpu = SealedGpu.Open();
        using var host = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        byte[] bad = PublicBytes(host);
        bad[63] ^= 1;
        var (_, keys, status) = gpu.Agree(bad);
        keys.Dispose();
        Assert.Equal(SealedKernels.StatusBadHostKey, status & SealedKernels.StatusBadHostKey);
    }

    private static byte[] HkdfKeys(byte[] z) =>
        [.. HKDF.DeriveKey(HashAlgorithmName.SHA256, z, 32, [], H2DInfo), .. HKDF.DeriveKey(HashAlgorithmName.SHA256, z, 32, [], D2HInfo)];

    private static byte[] PublicBytes(ECDiffieHellman key)
    {
        ECPoint q = key.ExportParameters(includePrivateParameters: false).Q;
        return [.. q.X!, .. q.Y!];
    }

    private static ECDiffieHellman ImportPublic(byte[] xy) =>
        ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = xy[..32], Y = xy[32..] },
        });
}
