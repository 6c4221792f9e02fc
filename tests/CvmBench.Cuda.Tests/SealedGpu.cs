namespace CvmBench.Cuda.Tests;

/// <summary>One GPU with the sealed kernels loaded, and the device-memory plumbing the sealed tests share: upload the
/// inputs, queue one wrapper call, synchronize, read the outputs back.</summary>
internal sealed unsafe class SealedGpu : IDisposable
{
    private readonly CudaDevice _device;
    private readonly CudaStream _stream;
    private readonly SealedKernels _kernels;

    private SealedGpu(CudaDevice device)
    {
        _device = device;
        _device.MakeCurrent();
        _stream = device.CreateStream();
        _kernels = new SealedKernels(device, multiprocessorCount: 16);
    }

    public static SealedGpu Open() => new(Gpu.Require().Open(0));

    public DeviceBuffer InstallKeys(byte[] h2d, byte[] d2h)
    {
        using var raw = Upload([.. h2d, .. d2h]);
        DeviceBuffer keys = _device.Allocate(SealedKernels.KeyStateBytes);
        _kernels.InstallRawKeys(_stream, raw.Pointer, keys.Pointer);
        _stream.Synchronize();
        return keys;
    }

    public byte[] Seal(DeviceBuffer keys, byte[] plain, int segmentBytes, ulong firstCounter, uint noncePrefix = 0)
    {
        using var source = Upload(plain);
        long sealedBytes = SealedKernels.SealedBytes(plain.Length, segmentBytes);
        using var chunk = _device.Allocate(sealedBytes);
        _kernels.Seal(_stream, keys.Pointer, source.Pointer, plain.Length, segmentBytes, firstCounter, chunk.Pointer, noncePrefix);
        _stream.Synchronize();
        return Download(chunk, sealedBytes);
    }

    public (byte[] Plain, ulong Status) OpenChunk(DeviceBuffer keys, byte[] sealedChunk, int plainBytes, int segmentBytes, ulong firstCounter,
                                                  uint noncePrefix = 0)
    {
        using var chunk = Upload(sealedChunk);
        using var destination = _device.Allocate(Math.Max(1, plainBytes));
        using var status = Zeroed(SealedKernels.StatusBytes);
        _kernels.Open(_stream, keys.Pointer, chunk.Pointer, plainBytes, segmentBytes, firstCounter, destination.Pointer, status.Pointer, noncePrefix);
        _stream.Synchronize();
        return (Download(destination, plainBytes), BitConverter.ToUInt64(Download(status, 8)));
    }

    public (byte[] DevicePublic, byte[] RawKeys, ulong Status) AgreeWithScalar(byte[] scalar, byte[] hostPublic)
    {
        using var d = Upload(scalar);
        using var host = Upload(hostPublic);
        using var devicePublic = Zeroed(SealedKernels.PublicKeyBytes);
        using var keys = _device.Allocate(SealedKernels.KeyStateBytes);
        using var status = Zeroed(SealedKernels.StatusBytes);
        _kernels.AgreeWithScalar(_stream, d.Pointer, host.Pointer, devicePublic.Pointer, keys.Pointer, status.Pointer);
        _stream.Synchronize();
        return (Download(devicePublic, 64), Download(keys, 64), BitConverter.ToUInt64(Download(status, 8)));
    }

    /// <summary>The agreement from device entropy; the caller owns the returned key state.</summary>
    public (byte[] DevicePublic, DeviceBuffer Keys, ulong Status) Agree(byte[] hostPublic)
    {
        using var host = Upload(hostPublic);
        using var devicePublic = Zeroed(SealedKernels.PublicKeyBytes);
        using var status = Zeroed(SealedKernels.StatusBytes);
        DeviceBuffer keys = _device.Allocate(SealedKernels.KeyStateBytes);
        _kernels.Agree(_stream, host.Pointer, devicePublic.Pointer, keys.Pointer, status.Pointer);
        _stream.Synchronize();
        return (Download(devicePublic, 64), keys, BitConverter.ToUInt64(Download(status, 8)));
    }

    public void Dispose()
    {
        _kernels.Dispose();
        _stream.Dispose();
        _device.Dispose();
    }

    private DeviceBuffer Upload(byte[] bytes)
    {
        DeviceBuffer buffer = _device.Allocate(Math.Max(1, bytes.Length));
        fixed (byte* p = bytes)
        {
            _device.CopyHostToDevice(buffer, (nint)p, bytes.Length);
        }
        // A copy from pageable memory may return before its DMA ends; the kernels run on a non-blocking stream.
        _device.Synchronize();
        return buffer;
    }

    private DeviceBuffer Zeroed(long bytes)
    {
        DeviceBuffer buffer = _device.Allocate(bytes);
        _device.Fill(buffer, 0);
        _device.Synchronize();
        return buffer;
    }

    private byte[] Download(DeviceBuffer buffer, long bytes)
    {
        var result = new byte[bytes];
        fixed (byte* p = result)
        {
            _device.CopyDeviceToHost((nint)p, buffer, bytes);
        }
        return result;
    }
}
