using CvmBench.Transfers;

namespace CvmBench.Emulation;

/// <summary>CC mode's encrypted bounce of pageable memory (see <see cref="EncryptedBounce"/>).</summary>
internal sealed class EncryptedCopy : IEmulatedTransfer
{
    /// <summary>The transfer number device memory is sealed with for transfers back.</summary>
    public const uint PreparedTransfer = 0;

    private readonly EncryptedBounce _bounce;
    private readonly IDeviceBuffer _deviceBuffer;
    private readonly Direction _direction;

    public EncryptedCopy(ITransferDevice device, IDeviceBuffer deviceBuffer, Direction direction, CostInjector? injector)
    {
        _bounce = new EncryptedBounce(device, AesGcmStaging.NewKey(), injector);
        _deviceBuffer = deviceBuffer;
        _direction = direction;
    }

    public EncryptedBounce Bounce => _bounce;

    public CostInjector? Injector
    {
        get => _bounce.Injector;
        set => _bounce.Injector = value;
    }

    public long Run(IHostBuffer host, long offset, long bytes)
    {
        if (_direction == Direction.HostToDevice)
        {
            _bounce.ToDevice(_deviceBuffer, host.Pointer + (nint)offset, bytes);
        }
        else
        {
            _bounce.ToHost(host.Pointer + (nint)offset, _deviceBuffer, bytes, PreparedTransfer);
        }
        return bytes;
    }

    public string Describe() => _direction == Direction.HostToDevice
        ? "AES-256-GCM on one CPU thread (a tag per 4 KiB) into 4 pinned 2 MiB staging chunks, DMA of ciphertext and tags overlapped with sealing the next chunk; GPU-side decryption not included"
        : "DMA of ciphertext and tags into 4 pinned 2 MiB staging chunks, AES-256-GCM opening (decrypt and authenticate) on one CPU thread overlapped with the next DMAs; GPU-side encryption not included (device memory holds data sealed beforehand)";

    public void Dispose() => _bounce.Dispose();
}
