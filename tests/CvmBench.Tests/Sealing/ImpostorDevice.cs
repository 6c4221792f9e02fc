using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Tests.Sealing;

/// <summary>The simulated device with a tampered key agreement: it answers with a public key off the curve, or agrees
/// with a key pair of its own making instead of the host's (as a host in the middle would).</summary>
internal sealed class ImpostorDevice(HostMemoryDevice inner, bool offCurve) : ITransferDevice, ISealingDevice
{
    public DeviceDescription Description => inner.Description;

    public void BindToThread() => inner.BindToThread();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => inner.AllocateHost(kind, bytes);

    public IDeviceBuffer AllocateDevice(long bytes) => inner.AllocateDevice(bytes);

    public ITransferQueue CreateQueue() => inner.CreateQueue();

    public void ReleaseHeldQueues() => inner.ReleaseHeldQueues();

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source) => inner.Upload(destination, offset, source);

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset) => inner.Download(destination, source, offset);

    public IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey)
    {
        using var middle = SealedKeyAgreement.NewKeyPair();
        var keys = inner.Agree(SealedKeyAgreement.PublicKey(middle));
        return offCurve ? new OffCurve(keys) : keys;
    }

    public void Dispose() => inner.Dispose();

    private sealed class OffCurve(IDeviceSealingKeys keys) : IDeviceSealingKeys
    {
        private readonly byte[] _publicKey = [.. keys.DevicePublicKey[..63], (byte)(keys.DevicePublicKey[63] ^ 1)];

        public ReadOnlySpan<byte> DevicePublicKey => _publicKey;

        public void Dispose() => keys.Dispose();
    }
}
