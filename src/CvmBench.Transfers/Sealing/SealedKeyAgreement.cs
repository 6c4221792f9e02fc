using System.Security.Cryptography;

namespace CvmBench.Transfers.Sealing;

/// <summary>The key agreement both ends follow: ECDH on P-256, public keys as 64 bytes (X | Y, big-endian), and from
/// the shared x-coordinate Z one AES-256 key per direction by HKDF-SHA256 with an empty salt.</summary>
public static class SealedKeyAgreement
{
    /// <summary>HKDF info of the host-to-device key.</summary>
    public static ReadOnlySpan<byte> HostToDeviceInfo => "cvmbench sealed h2d v1"u8;

    /// <summary>HKDF info of the device-to-host key.</summary>
    public static ReadOnlySpan<byte> DeviceToHostInfo => "cvmbench sealed d2h v1"u8;

    /// <summary>A fresh P-256 key pair.</summary>
    public static ECDiffieHellman NewKeyPair() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The public half of <paramref name="keyPair"/> as 64 bytes.</summary>
    public static byte[] PublicKey(ECDiffieHellman keyPair)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        var q = keyPair.ExportParameters(includePrivateParameters: false).Q;
        return [.. q.X!, .. q.Y!];
    }

    /// <summary>Z, the x-coordinate of the shared point, from our key pair and the other end's 64-byte public key.</summary>
    /// <exception cref="CryptographicException">The other end's key is not a point on P-256.</exception>
    public static byte[] SharedSecret(ECDiffieHellman keyPair, ReadOnlySpan<byte> otherPublicKey)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        using var other = ImportPublicKey(otherPublicKey);
        using var otherKey = other.PublicKey;
        return keyPair.DeriveRawSecretAgreement(otherKey);
    }

    /// <summary>The key of one direction from Z.</summary>
    public static byte[] DirectionKey(ReadOnlySpan<byte> sharedSecret, Direction direction)
    {
        var info = direction switch
        {
            Direction.HostToDevice => HostToDeviceInfo,
            Direction.DeviceToHost => DeviceToHostInfo,
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "sealed keys are host to device or device to host"),
        };
        byte[] key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, key, salt: [], info);
        return key;
    }

    private static ECDiffieHellman ImportPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != SealedLayout.PublicKeyBytes)
        {
            throw new CryptographicException($"a P-256 public key is {SealedLayout.PublicKeyBytes} bytes, not {publicKey.Length}");
        }
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[..32].ToArray(), Y = publicKey[32..].ToArray() },
        };
        // Importing checks that the point lies on the curve: a key off it would leak bits of our secret.
        return ECDiffieHellman.Create(parameters);
    }
}
