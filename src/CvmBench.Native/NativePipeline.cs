using CvmBench.Cuda;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Transfers;
using CvmBench.Transfers.Sealing;
using CvmBench.Transfers.Staging;

namespace CvmBench.Native;

/// <summary>What one cvm_pipeline handle holds: the device, the staging pipeline on it (or the sealed one), and the
/// device memory cvm_device_alloc gave out. Device memory is named by address, checked to lie within an allocation
/// before use.</summary>
/// <remarks>Calls take the lock shared and close takes it exclusively, so closing waits for calls in progress and no
/// call sees a half-closed pipeline; the staging pipeline itself runs one transfer at a time.</remarks>
internal sealed class NativePipeline : IDisposable
{
    /// <summary>The simulated device's pipeline: small chunks, so the tests' transfers run through many of them.</summary>
    private static readonly StagingOptions SimulatedOptions = new(ChunkBytes: 256 << 10, PoolChunks: 8, HostThreads: 2, Streams: 2);

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly ITransferDevice _device;
    private readonly StagingPipeline? _pipeline;
    private readonly SealedPipeline? _sealed;
    private readonly bool _gpu;
    private readonly Dictionary<ulong, IDeviceBuffer> _allocations = [];
    private bool _closed;

    private NativePipeline(ITransferDevice device, StagingOptions options, CvmOptions asked, bool gpu, int number)
    {
        _device = device;
        _gpu = gpu;
        int segment = asked.SegmentBytes == 0 ? SealedLayout.DefaultSegmentBytes : (int)asked.SegmentBytes;
        if (asked.Sealed != 0)
        {
            _sealed = new SealedPipeline(device, options, segment);
        }
        else
        {
            _pipeline = new StagingPipeline(device, options);
        }
        Info = new CvmInfo
        {
            Device = number,
            Sealed = asked.Sealed != 0 ? 1 : 0,
            Threads = options.HostThreads,
            Streams = options.Streams,
            ChunkBytes = options.ChunkBytes,
            PoolChunks = options.PoolChunks,
            SegmentBytes = asked.Sealed != 0 ? segment : 0,
        };
    }

    public CvmInfo Info { get; }

    /// <summary>A pipeline on GPU <paramref name="device"/>, or on the simulated device (-1).</summary>
    public static NativePipeline Open(int device, CvmOptions options)
    {
        if (options.Threads is < 0 or > StagingOptions.MaxThreads)
        {
            throw new ArgumentException($"threads must be between 0 (tuned) and {StagingOptions.MaxThreads} (got {options.Threads})");
        }
        if (options.SegmentBytes is < 0 or > int.MaxValue || (options.SegmentBytes != 0 && options.Sealed == 0))
        {
            throw new ArgumentException($"a segment size applies to sealed pipelines only, and is positive (got {options.SegmentBytes})");
        }
        if (device == -1)
        {
            return OpenSimulated(options);
        }
        if (device < 0)
        {
            throw new DeviceNotFoundException($"there is no device {device}: a GPU number, or -1 for the simulated device");
        }
        return OpenGpu(device, options);
    }

    private static NativePipeline OpenSimulated(CvmOptions options)
    {
        var device = new HostMemoryDevice();
        try
        {
            var staging = options.Threads == 0 ? SimulatedOptions : SimulatedOptions with { HostThreads = options.Threads };
            return new NativePipeline(device, staging, options, gpu: false, -1);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    private static NativePipeline OpenGpu(int number, CvmOptions options)
    {
        var driver = CudaDriver.Load();
        if (number >= driver.DeviceCount)
        {
            throw new DeviceNotFoundException($"there is no GPU {number}: this machine has {driver.DeviceCount}");
        }
        using var caller = CallerContext.Save();
        var device = new CudaTransferDevice(driver, GpuInventory.Read(driver)[number]);
        try
        {
            var host = HostFacts.ReadLive();
            var tuning = options.Threads == 0 ? StagingTuner.Tune(device, host) : StagingTuner.Tune(device, host, options.Threads);
            return new NativePipeline(device, tuning.Options, options, gpu: true, number);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>The staging pipeline's last transfer; a sealed pipeline keeps no timeline (all zeros).</summary>
    public StagingTimeline LastTransfer => Run(() => _pipeline?.LastTransfer ?? default);

    public void CopyToDevice(ulong destination, nint source, long bytes) =>
        Copy(Direction.HostToDevice, [new CvmPiece { Host = source, Device = destination, Bytes = bytes }]);

    public void CopyToHost(nint destination, ulong source, long bytes) =>
        Copy(Direction.DeviceToHost, [new CvmPiece { Host = destination, Device = source, Bytes = bytes }]);

    public void Copy(Direction direction, CvmPiece[] pieces) => Run(() => CopyPieces(direction, pieces));

    public ulong Allocate(long bytes) => Run(() =>
    {
        if (bytes <= 0)
        {
            throw new ArgumentException($"device memory needs at least one byte (got {bytes})");
        }
        var buffer = _device.AllocateDevice(bytes);
        lock (_allocations)
        {
            _allocations[buffer.Address] = buffer;
        }
        return buffer.Address;
    });

    public void Free(ulong address) => Run(() =>
    {
        IDeviceBuffer? buffer;
        lock (_allocations)
        {
            if (!_allocations.Remove(address, out buffer))
            {
                throw new ArgumentException($"0x{address:x} is not device memory this pipeline allocated (or it was freed)");
            }
        }
        buffer.Dispose();
    });

    public void Upload(ulong destination, nint source, long bytes) => Run(() =>
    {
        using var buffer = Borrow(destination, source, bytes);
        if (buffer is not null)
        {
            unsafe
            {
                _device.Upload(buffer, 0, new ReadOnlySpan<byte>((void*)source, checked((int)bytes)));
            }
        }
    });

    public void Download(nint destination, ulong source, long bytes) => Run(() =>
    {
        using var buffer = Borrow(source, destination, bytes);
        if (buffer is not null)
        {
            unsafe
            {
                _device.Download(new Span<byte>((void*)destination, checked((int)bytes)), buffer, 0);
            }
        }
    });

    /// <summary>Waits for calls in progress, then frees everything.</summary>
    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            using var caller = _gpu ? CallerContext.Save() : null;
            _device.BindToThread();
            _pipeline?.Dispose();
            _sealed?.Dispose();
            foreach (var buffer in _allocations.Values)
            {
                buffer.Dispose();
            }
            _allocations.Clear();
            _device.Dispose();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void CopyPieces(Direction direction, CvmPiece[] pieces)
    {
        // One borrowed buffer from the lowest device byte to the highest; only the pieces' own ranges are touched, and
        // each is checked first.
        ulong low = ulong.MaxValue;
        ulong high = 0;
        for (int i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            if (piece.Bytes < 0)
            {
                throw new ArgumentException($"piece {i} has a negative length ({piece.Bytes})");
            }
            if (piece.Bytes == 0)
            {
                continue;
            }
            if (piece.Host == 0)
            {
                throw new ArgumentException($"piece {i} ({piece.Bytes} bytes) has no host address");
            }
            if (piece.Device > ulong.MaxValue - (ulong)piece.Bytes)
            {
                throw new ArgumentException($"piece {i} runs past the end of the address space");
            }
            _device.CheckAllocated(piece.Device, piece.Bytes);
            low = Math.Min(low, piece.Device);
            high = Math.Max(high, piece.Device + (ulong)piece.Bytes);
        }
        if (high == 0)
        {
            return;
        }
        if (high - low > long.MaxValue)
        {
            throw new ArgumentException("the pieces' device addresses are further apart than one transfer can span");
        }
        if (_sealed is not null)
        {
            CopySealed(direction, pieces);
            return;
        }
        var staged = new StagingPiece[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            staged[i] = piece.Bytes == 0 ? default : new StagingPiece(piece.Host, (long)(piece.Device - low), piece.Bytes);
        }
        using var buffer = _device.Borrow(low, (long)(high - low));
        if (direction == Direction.HostToDevice)
        {
            _pipeline!.CopyToDevice(buffer, staged);
        }
        else
        {
            _pipeline!.CopyToHost(buffer, staged);
        }
    }

    /// <summary>A sealed pipeline moves one range per transfer: the pieces go one after another, after the overlap check
    /// the staging pipeline makes of a many-piece transfer, so nothing is copied when two destinations overlap.</summary>
    private void CopySealed(Direction direction, CvmPiece[] pieces)
    {
        var written = pieces.Where(p => p.Bytes > 0)
            .Select(p => direction == Direction.HostToDevice ? (Start: p.Device, p.Bytes) : (Start: (ulong)p.Host, p.Bytes))
            .OrderBy(range => range.Start)
            .ToArray();
        for (int i = 1; i < written.Length; i++)
        {
            if (written[i - 1].Start + (ulong)written[i - 1].Bytes > written[i].Start)
            {
                throw new ArgumentException($"two pieces' {(direction == Direction.HostToDevice ? "device" : "host")} ranges overlap");
            }
        }
        foreach (var piece in pieces.Where(p => p.Bytes > 0))
        {
            using var buffer = _device.Borrow(piece.Device, piece.Bytes);
            if (direction == Direction.HostToDevice)
            {
                _sealed!.CopyToDevice(buffer, 0, piece.Host, piece.Bytes);
            }
            else
            {
                _sealed!.CopyToHost(piece.Host, buffer, 0, piece.Bytes);
            }
        }
    }

    /// <summary>The checked device range of a plain copy; null when it is empty.</summary>
    private IDeviceBuffer? Borrow(ulong device, nint host, long bytes)
    {
        if (bytes < 0 || bytes > int.MaxValue)
        {
            throw new ArgumentException($"a plain copy moves 0 to {int.MaxValue} bytes (got {bytes})");
        }
        if (bytes == 0)
        {
            return null;
        }
        if (host == 0)
        {
            throw new ArgumentException("the host address is null");
        }
        _device.CheckAllocated(device, bytes);
        return _device.Borrow(device, bytes);
    }

    private void Run(Action call) => Run(() =>
    {
        call();
        return 0;
    });

    /// <summary>Runs a call with the pipeline open; on a GPU, the caller's current context is current again after.</summary>
    private T Run<T>(Func<T> call)
    {
        _lock.EnterReadLock();
        try
        {
            if (_closed)
            {
                throw new ObjectDisposedException("cvmbench pipeline", "the pipeline is closed");
            }
            using var caller = _gpu ? CallerContext.Save() : null;
            // The caller's thread may have no context or another one current: every call works on the primary context.
            _device.BindToThread();
            return call();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
