using System.Security.Cryptography;
using CvmBench.Cuda;
using CvmBench.Transfers.Sealing;

namespace CvmBench.Transfers;

/// <summary>A real GPU behind <see cref="ITransferDevice"/>: CUDA streams, events, copy engines and the embedded copy kernel;
/// sealed transfers through the embedded sealed kernels.</summary>
public sealed unsafe class CudaTransferDevice : ITransferDevice, ISealingDevice
{
    // A held queue gives up on its own after this long, so a host that dies mid-sample cannot wedge the GPU.
    private const ulong HoldTimeoutNanoseconds = 20_000_000_000;

    private readonly CudaDevice _device;
    private readonly TransferKernels _kernels;
    private readonly PinnedHostBuffer _releaseFlag;
    private readonly ulong _releaseFlagDevice;
    private readonly int _multiprocessors;
    private readonly Lock _sealedLoad = new();
    // Loaded at the first agreement: a device that never seals needs no sealed module.
    private SealedKernels? _sealed;

    public CudaTransferDevice(CudaDriver driver, GpuInfo gpu)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(gpu);
        _device = driver.Open(gpu.Cuda.Ordinal);
        _kernels = new TransferKernels(_device, gpu.Cuda.MultiprocessorCount);
        _multiprocessors = gpu.Cuda.MultiprocessorCount;
        _releaseFlag = _device.AllocateHost(sizeof(int), HostAllocFlags.Portable | HostAllocFlags.DeviceMap);
        _releaseFlagDevice = _releaseFlag.DevicePointer();
        // The maximum link this device and system support: an idle GPU may report a down-trained current link.
        Description = new DeviceDescription(gpu.Cuda.Ordinal, gpu.Cuda.Name, Simulated: false,
            gpu.MaxLink.Value ?? gpu.CurrentLink.Value, gpu.Cuda.TotalMemoryBytes, gpu.CpuAffinity.Value ?? "");
    }

    public DeviceDescription Description { get; }

    internal CudaDevice Device => _device;

    public void BindToThread() => _device.MakeCurrent();

    public IHostBuffer AllocateHost(MemoryKind kind, long bytes) => kind switch
    {
        MemoryKind.Pageable => new PageableHostBuffer(bytes),
        // Device-mapped like cudaMallocHost under unified addressing, so SM kernels can reach every page-locked kind.
        MemoryKind.Pinned or MemoryKind.Mapped => new CudaPinnedBuffer(_device.AllocateHost(bytes, HostAllocFlags.Portable | HostAllocFlags.DeviceMap), kind),
        MemoryKind.WriteCombined => new CudaPinnedBuffer(_device.AllocateHost(bytes, HostAllocFlags.Portable | HostAllocFlags.DeviceMap | HostAllocFlags.WriteCombined), kind),
        MemoryKind.Registered => new CudaRegisteredBuffer(_device, bytes),
        _ => throw new ArgumentException($"{MemoryKindNames.ToText(kind)} memory is not a host allocation", nameof(kind)),
    };

    public IDeviceBuffer AllocateDevice(long bytes) => new CudaDeviceBuffer(_device.Allocate(bytes));

    /// <summary>Checked with cuMemGetAddressRange in the primary context.</summary>
    public void CheckAllocated(ulong address, long bytes) => _device.CheckAllocated(address, bytes);

    public IDeviceBuffer Borrow(ulong address, long bytes) => new CudaDeviceBuffer(_device.Borrow(address, bytes));

    /// <summary>cuMemHostRegister with no flags: pinned and DMA-mapped for copy engines, nothing more.</summary>
    public IHostBuffer Register(nint pointer, long bytes) => new CudaRegistration(_device.Register(pointer, bytes, HostRegisterFlags.None));

    public ITransferQueue CreateQueue() => new CudaTransferQueue(this, _device.CreateStream());

    public void ReleaseHeldQueues() => Volatile.Write(ref *(int*)_releaseFlag.Pointer, 1);

    internal void HoldQueue(CudaStream stream)
    {
        // Re-armed before each hold; a queue already released has passed its hold, so this cannot trap it.
        Volatile.Write(ref *(int*)_releaseFlag.Pointer, 0);
        _kernels.Hold(stream, _releaseFlagDevice, HoldTimeoutNanoseconds);
    }

    internal void KernelCopy(CudaStream stream, ulong source, ulong destination, long bytes) =>
        _kernels.Copy(stream, source, destination, (ulong)bytes);

    /// <summary>The GPU makes its key pair from its own entropy, checks ours and derives both direction keys into device
    /// memory (<see cref="SealedKernels.Agree"/>); only its public key comes back.</summary>
    public IDeviceSealingKeys Agree(ReadOnlySpan<byte> hostPublicKey)
    {
        if (hostPublicKey.Length != SealedLayout.PublicKeyBytes)
        {
            throw new CryptographicException($"a P-256 public key is {SealedLayout.PublicKeyBytes} bytes, not {hostPublicKey.Length}");
        }
        var kernels = Sealed;
        using var hostPublic = new CudaDeviceBuffer(_device.Allocate(SealedKernels.PublicKeyBytes));
        using var devicePublic = new CudaDeviceBuffer(_device.Allocate(SealedKernels.PublicKeyBytes));
        using var status = new CudaDeviceBuffer(_device.Allocate(SealedKernels.StatusBytes));
        var keyState = new CudaDeviceBuffer(_device.Allocate(SealedKernels.KeyStateBytes));
        try
        {
            Upload(hostPublic, 0, hostPublicKey);
            Upload(status, 0, stackalloc byte[SealedKernels.StatusBytes]);
            using (var stream = _device.CreateStream())
            {
                kernels.Agree(stream, hostPublic.Buffer.Pointer, devicePublic.Buffer.Pointer, keyState.Buffer.Pointer, status.Buffer.Pointer);
                stream.Synchronize();
            }
            Span<byte> word = stackalloc byte[SealedKernels.StatusBytes];
            Download(word, status, 0);
            ulong refused = BitConverter.ToUInt64(word);
            if (refused != 0)
            {
                throw new CryptographicException((refused & SealedKernels.StatusBadHostKey) != 0
                    ? "the GPU refused the host's public key: it is not a point on P-256"
                    : $"the GPU's key agreement failed (status {refused:x})");
            }
            byte[] publicKey = new byte[SealedKernels.PublicKeyBytes];
            Download(publicKey, devicePublic, 0);
            return new CudaSealingKeys(this, keyState, publicKey);
        }
        catch
        {
            keyState.Dispose();
            throw;
        }
    }

    internal SealedKernels Sealed
    {
        get
        {
            lock (_sealedLoad)
            {
                return _sealed ??= new SealedKernels(_device, _multiprocessors);
            }
        }
    }

    public void Upload(IDeviceBuffer destination, long offset, ReadOnlySpan<byte> source)
    {
        var target = ((CudaDeviceBuffer)destination).Buffer;
        fixed (byte* p = source)
        {
            using var stream = _device.CreateStream();
            stream.CopyHostToDevice(target, offset, (nint)p, source.Length);
            stream.Synchronize();
        }
    }

    public void Download(Span<byte> destination, IDeviceBuffer source, long offset)
    {
        var from = ((CudaDeviceBuffer)source).Buffer;
        fixed (byte* p = destination)
        {
            using var stream = _device.CreateStream();
            stream.CopyDeviceToHost((nint)p, from, offset, destination.Length);
            stream.Synchronize();
        }
    }

    public void Dispose()
    {
        _releaseFlag.Dispose();
        _sealed?.Dispose();
        _kernels.Dispose();
        _device.Dispose();
    }

    internal sealed class CudaDeviceBuffer(DeviceBuffer buffer) : IDeviceBuffer
    {
        public DeviceBuffer Buffer { get; } = buffer;

        public long Length => Buffer.Length;

        public ulong Address => Buffer.Pointer;

        public void Dispose() => Buffer.Dispose();
    }

    /// <summary>The direction keys in device memory; zeroed before they are freed.</summary>
    internal sealed class CudaSealingKeys(CudaTransferDevice owner, CudaDeviceBuffer keyState, byte[] devicePublicKey) : IDeviceSealingKeys
    {
        public ReadOnlySpan<byte> DevicePublicKey => devicePublicKey;

        public ulong KeyState => keyState.Buffer.Pointer;

        public void Dispose()
        {
            owner.Upload(keyState, 0, new byte[SealedKernels.KeyStateBytes]);
            keyState.Dispose();
        }
    }

    private sealed class CudaPinnedBuffer(PinnedHostBuffer buffer, MemoryKind kind) : IHostBuffer
    {
        public MemoryKind Kind { get; } = kind;

        public long Length => buffer.Length;

        public nint Pointer => buffer.Pointer;

        public ulong DeviceAddress { get; } = buffer.DevicePointer();

        public void Dispose() => buffer.Dispose();
    }

    private sealed class CudaRegistration(HostRegistration registration) : IHostBuffer
    {
        public MemoryKind Kind => MemoryKind.Registered;

        public long Length => registration.Length;

        public nint Pointer => registration.Pointer;

        public ulong DeviceAddress => 0;

        public void Dispose() => registration.Dispose();
    }

    /// <summary>Pageable memory page-locked in place, as a framework would do with a user's existing buffer.</summary>
    private sealed class CudaRegisteredBuffer : IHostBuffer
    {
        private readonly PageableHostBuffer _memory;
        private readonly HostRegistration _registration;

        public CudaRegisteredBuffer(CudaDevice device, long bytes)
        {
            _memory = new PageableHostBuffer(bytes);
            try
            {
                _registration = device.Register(_memory.Pointer, bytes, HostRegisterFlags.Portable | HostRegisterFlags.DeviceMap);
                DeviceAddress = _registration.DevicePointer();
            }
            catch
            {
                _memory.Dispose();
                throw;
            }
        }

        public MemoryKind Kind => MemoryKind.Registered;

        public long Length => _memory.Length;

        public nint Pointer => _memory.Pointer;

        public ulong DeviceAddress { get; }

        public void Dispose()
        {
            _registration.Dispose();
            _memory.Dispose();
        }
    }
}
