using System.Runtime.ExceptionServices;
using CvmBench.Measurement;

namespace CvmBench.Transfers.Staging;

/// <summary>Copies pageable host memory to device memory and back at near-pinned speed, through a pool of pre-pinned
/// chunks: several host threads copy slices of the caller's memory into the chunks while the copy engines DMA earlier
/// chunks on several streams (device to host: the copy engines DMA into the chunks while host threads copy earlier
/// chunks out). In a confidential VM the pool is memory converted to shared once, so no transfer converts pages.</summary>
/// <remarks>
/// <para>Transfers are synchronous: when a call returns, every byte has arrived and neither the device nor any pipeline
/// thread touches the caller's memory any more. They run one at a time, each with the whole pool and every host
/// thread; callers on other threads wait their turn, so concurrent transfers never see each other's bytes.
/// For simultaneous host-to-device and device-to-host traffic, use two pipelines.</para>
/// <para>Any size from one byte up and any alignment of the host address, device offset and length are correct.
/// A steady stream of transfers allocates nothing. A transfer that is cancelled or fails (a copy error, a device error)
/// throws once every copy it started has finished; the destination's contents are then undefined and the pipeline
/// is ready for the next transfer.</para>
/// </remarks>
public sealed unsafe class StagingPipeline : IDisposable
{
    // Host threads share out the work by slices, so a chunk is filled by several threads at once and the first DMA
    // starts early; a slice is large enough that claiming it costs nothing in comparison.
    private const long SliceBytes = 256 << 10;
    // Helpers spin this long before they sleep, so back-to-back transfers do not pay a wake-up each.
    private const int HelperSpinCount = 2000;

    private readonly ITransferDevice _device;
    private readonly IHostBuffer _pool;
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    private readonly long[] _enqueued;
    private readonly long[] _completed;
    private readonly int[] _remaining;
    private readonly int[] _waiting;
    private readonly long[] _sliceStarts;
    private readonly Thread[] _helpers;
    private readonly ManualResetEventSlim[] _go;
    // Released once by the last helper out of a transfer. A semaphore, because an event's first blocking wait allocates.
    private readonly SemaphoreSlim _helpersDone = new(0);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly long _chunkBytes;
    private readonly int _slots;
    private readonly int _slicesPerChunk;
    private volatile bool _disposed;

    // The transfer in progress; written by the caller before the helpers are woken, read by all.
    private bool _toDevice;
    private nint _host;
    private IDeviceBuffer? _deviceBuffer;
    private long _deviceOffset;
    private long _bytes;
    private long _chunks;
    private int _lastChunkSlices;
    private long _sliceCount;
    private long _nextSlice;
    private int _activeHelpers;
    private CancellationToken _cancellation;
    private volatile bool _abort;
    private Exception? _failure;

    /// <summary>Allocates the pinned pool, the streams and the host threads.</summary>
    /// <exception cref="ArgumentException">The options cannot build a pipeline (see <see cref="StagingOptions.Problem"/>).</exception>
    public StagingPipeline(ITransferDevice device, StagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        _device = device;
        Options = options;
        _chunkBytes = options.ChunkBytes;
        _slots = options.PoolChunks;
        _slicesPerChunk = (int)Math.Max(1, _chunkBytes / SliceBytes);
        _sliceStarts = new long[_slicesPerChunk + 1];
        for (int j = 1; j < _slicesPerChunk; j++)
        {
            // Slice boundaries on cache lines, so no two threads write one line.
            _sliceStarts[j] = _chunkBytes * j / _slicesPerChunk & ~63L;
        }
        _sliceStarts[_slicesPerChunk] = _chunkBytes;
        _enqueued = new long[_slots];
        _completed = new long[_slots];
        _remaining = new int[_slots];
        _waiting = new int[_slots];
        _queues = new ITransferQueue[options.Streams];
        _markers = new IQueueEvent[_slots];
        _helpers = new Thread[options.HostThreads - 1];
        _go = new ManualResetEventSlim[_helpers.Length];
        device.BindToThread();
        _pool = device.AllocateHost(MemoryKind.Pinned, _chunkBytes * _slots);
        try
        {
            for (int q = 0; q < _queues.Length; q++)
            {
                _queues[q] = device.CreateQueue();
            }
            for (int s = 0; s < _slots; s++)
            {
                _markers[s] = _queues[0].Record();
            }
            for (int h = 0; h < _helpers.Length; h++)
            {
                _go[h] = new ManualResetEventSlim(initialState: false, HelperSpinCount);
                int index = h;
                _helpers[h] = new Thread(() => Help(index)) { IsBackground = true, Name = $"staging host copy {h + 1}" };
                _helpers[h].Start();
            }
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>How this pipeline was built.</summary>
    public StagingOptions Options { get; }

    /// <summary>Copies <paramref name="bytes"/> from host memory at <paramref name="source"/> (pageable or not, any
    /// alignment) to <paramref name="destination"/> at <paramref name="destinationOffset"/>, and returns when they have arrived.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not fit the device buffer.</exception>
    /// <exception cref="OperationCanceledException">The transfer was cancelled; the pipeline stays usable.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public void CopyToDevice(IDeviceBuffer destination, long destinationOffset, nint source, long bytes, CancellationToken cancellation = default)
    {
        CheckArguments(destination, destinationOffset, source, bytes);
        Run(toDevice: true, source, destination, destinationOffset, bytes, cancellation);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> at <paramref name="destinationOffset"/>.</summary>
    /// <inheritdoc cref="CopyToDevice(IDeviceBuffer, long, nint, long, CancellationToken)" path="/exception"/>
    public void CopyToDevice(IDeviceBuffer destination, long destinationOffset, ReadOnlySpan<byte> source, CancellationToken cancellation = default)
    {
        fixed (byte* pointer = source)
        {
            CopyToDevice(destination, destinationOffset, (nint)pointer, source.Length, cancellation);
        }
    }

    /// <summary>Copies <paramref name="bytes"/> from <paramref name="source"/> at <paramref name="sourceOffset"/> to host
    /// memory at <paramref name="destination"/> (pageable or not, any alignment), and returns when they have arrived.</summary>
    /// <inheritdoc cref="CopyToDevice(IDeviceBuffer, long, nint, long, CancellationToken)" path="/exception"/>
    public void CopyToHost(nint destination, IDeviceBuffer source, long sourceOffset, long bytes, CancellationToken cancellation = default)
    {
        CheckArguments(source, sourceOffset, destination, bytes);
        Run(toDevice: false, destination, source, sourceOffset, bytes, cancellation);
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="source"/> at <paramref name="sourceOffset"/>.</summary>
    /// <inheritdoc cref="CopyToDevice(IDeviceBuffer, long, nint, long, CancellationToken)" path="/exception"/>
    public void CopyToHost(Span<byte> destination, IDeviceBuffer source, long sourceOffset, CancellationToken cancellation = default)
    {
        fixed (byte* pointer = destination)
        {
            CopyToHost((nint)pointer, source, sourceOffset, destination.Length, cancellation);
        }
    }

    /// <summary>Waits for a transfer in progress, then stops the host threads and frees the pool and the streams.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _turn.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }
            Release();
        }
        finally
        {
            _turn.Release();
        }
    }

    private static void CheckArguments(IDeviceBuffer buffer, long offset, nint host, long bytes)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, buffer.Length - offset);
        if (bytes > 0 && host == 0)
        {
            throw new ArgumentNullException(nameof(host), "a host address is needed for a non-empty transfer");
        }
    }

    private void Run(bool toDevice, nint host, IDeviceBuffer buffer, long deviceOffset, long bytes, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellation.ThrowIfCancellationRequested();
        if (bytes == 0)
        {
            return;
        }
        _turn.Wait(cancellation);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Begin(toDevice, host, buffer, deviceOffset, bytes, cancellation);
            try
            {
                _device.BindToThread();
                if (!toDevice)
                {
                    // The first round of DMAs fills the pool before any host thread starts copying out.
                    for (long chunk = 0; chunk < Math.Min(_slots, _chunks); chunk++)
                    {
                        Dma(chunk, (int)chunk);
                        _enqueued[chunk] = 1;
                    }
                }
            }
            catch (Exception e)
            {
                Fail(e);
            }
            int helpers = (int)Math.Min(_helpers.Length, _sliceCount - 1);
            if (helpers > 0)
            {
                _activeHelpers = helpers;
                for (int h = 0; h < helpers; h++)
                {
                    _go[h].Set();
                }
            }
            Work();
            if (helpers > 0)
            {
                // Not cancellable: helpers must be out of the transfer before it ends, and they stop at the next slice.
                _helpersDone.Wait(CancellationToken.None);
            }
            Drain();
            if (_failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            _deviceBuffer = null;
            _host = 0;
            _failure = null;
            _cancellation = default;
            _turn.Release();
        }
    }

    private void Begin(bool toDevice, nint host, IDeviceBuffer buffer, long deviceOffset, long bytes, CancellationToken cancellation)
    {
        _toDevice = toDevice;
        _host = host;
        _deviceBuffer = buffer;
        _deviceOffset = deviceOffset;
        _bytes = bytes;
        _chunks = (bytes + _chunkBytes - 1) / _chunkBytes;
        long lastChunkBytes = bytes - (_chunks - 1) * _chunkBytes;
        _lastChunkSlices = 0;
        while (_lastChunkSlices < _slicesPerChunk && _sliceStarts[_lastChunkSlices] < lastChunkBytes)
        {
            _lastChunkSlices++;
        }
        _sliceCount = (_chunks - 1) * _slicesPerChunk + _lastChunkSlices;
        _nextSlice = 0;
        _cancellation = cancellation;
        _abort = false;
        _failure = null;
        // Only the slots this transfer uses: the others are neither read nor written by it, and the next transfer that
        // uses one resets it here. A pool of thousands of slots (swiotlb's 1 GiB in 256 KiB chunks) would otherwise
        // cost every small transfer microseconds.
        long used = Math.Min(_slots, _chunks);
        for (int s = 0; s < used; s++)
        {
            _enqueued[s] = 0;
            _completed[s] = 0;
            _waiting[s] = 0;
            _remaining[s] = s == _chunks - 1 ? _lastChunkSlices : _slicesPerChunk;
        }
    }

    /// <summary>Claims slices in order until none is left or the transfer is aborted. Every thread of a transfer runs this.</summary>
    private void Work()
    {
        while (!_abort)
        {
            long slice = Interlocked.Increment(ref _nextSlice) - 1;
            if (slice >= _sliceCount)
            {
                return;
            }
            if (_cancellation.IsCancellationRequested)
            {
                Fail(new OperationCanceledException(_cancellation));
                return;
            }
            try
            {
                CopySlice(slice);
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }
        }
    }

    /// <summary>Chunk c lives in pool slot c % slots, as that slot's round c / slots. Host to device, round r may be
    /// written once the slot's DMA of round r - 1 is done; device to host, it may be read once the DMA of round r is.
    /// Whoever copies a chunk's last slice queues the DMA that comes next for its slot.</summary>
    private void CopySlice(long slice)
    {
        long chunk = slice / _slicesPerChunk;
        int j = (int)(slice % _slicesPerChunk);
        int slot = (int)(chunk % _slots);
        long round = chunk / _slots;
        long dmasDone = _toDevice ? round : round + 1;
        if (Volatile.Read(ref _completed[slot]) < dmasDone && !AwaitDmas(slot, dmasDone))
        {
            return;
        }
        long chunkStart = chunk * _chunkBytes;
        long start = chunkStart + _sliceStarts[j];
        long length = Math.Min(chunkStart + _sliceStarts[j + 1], _bytes) - start;
        nint pinned = _pool.Pointer + (nint)(slot * _chunkBytes + _sliceStarts[j]);
        if (_toDevice)
        {
            HostCopy.Copy(pinned, _host + (nint)start, length, nonTemporal: false);
        }
        else
        {
            HostCopy.Copy(_host + (nint)start, pinned, length, Options.NonTemporalStores);
        }
        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            FinishChunk(chunk, slot, round);
        }
    }

    /// <summary>Waits until <paramref name="dmas"/> DMAs of the slot are queued and done; false when the transfer aborts first.
    /// One thread at a time waits on the slot's marker; the others spin on the count it raises, so the driver is not
    /// asked the same question by every thread at once.</summary>
    private bool AwaitDmas(int slot, long dmas)
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _completed[slot]) < dmas)
        {
            if (_abort)
            {
                return false;
            }
            if (Volatile.Read(ref _enqueued[slot]) >= dmas && Interlocked.CompareExchange(ref _waiting[slot], 1, 0) == 0)
            {
                try
                {
                    // The marker was recorded behind the slot's latest DMA, and no newer one is queued until this slice is copied.
                    _markers[slot].Wait();
                    RaiseCompleted(slot, dmas);
                }
                finally
                {
                    Volatile.Write(ref _waiting[slot], 0);
                }
                continue;
            }
            // Sleep(1) would stall a pipeline whose steps take tens of microseconds; yield instead.
            spin.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    private void RaiseCompleted(int slot, long dmas)
    {
        long seen = Volatile.Read(ref _completed[slot]);
        while (seen < dmas)
        {
            long previous = Interlocked.CompareExchange(ref _completed[slot], dmas, seen);
            if (previous == seen)
            {
                break;
            }
            seen = previous;
        }
    }

    private void FinishChunk(long chunk, int slot, long round)
    {
        long next = chunk + _slots;
        // Set before the next round is published below; its slices wait for that.
        _remaining[slot] = next == _chunks - 1 ? _lastChunkSlices : _slicesPerChunk;
        if (_toDevice)
        {
            Dma(chunk, slot);
            Volatile.Write(ref _enqueued[slot], round + 1);
        }
        else if (next < _chunks)
        {
            Dma(next, slot);
            Volatile.Write(ref _enqueued[slot], round + 2);
        }
    }

    private void Dma(long chunk, int slot)
    {
        long offset = chunk * _chunkBytes;
        long length = Math.Min(_chunkBytes, _bytes - offset);
        var queue = _queues[chunk % _queues.Length];
        if (_toDevice)
        {
            queue.CopyHostToDevice(_deviceBuffer!, _deviceOffset + offset, _pool, slot * _chunkBytes, length, CopyMethod.CopyEngine);
        }
        else
        {
            queue.CopyDeviceToHost(_pool, slot * _chunkBytes, _deviceBuffer!, _deviceOffset + offset, length, CopyMethod.CopyEngine);
        }
        queue.Record(_markers[slot]);
    }

    /// <summary>Waits for every DMA the transfer queued, so the pool is free and queued errors are seen.</summary>
    private void Drain()
    {
        foreach (var queue in _queues)
        {
            try
            {
                queue.Synchronize();
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        _abort = true;
    }

    private void Help(int index)
    {
        var go = _go[index];
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_disposed)
            {
                return;
            }
            try
            {
                _device.BindToThread();
                Work();
            }
            catch (Exception e)
            {
                Fail(e);
            }
            if (Interlocked.Decrement(ref _activeHelpers) == 0)
            {
                _helpersDone.Release();
            }
        }
    }

    private void Release()
    {
        // Helpers woken from here on see this and end.
        _disposed = true;
        for (int h = 0; h < _helpers.Length; h++)
        {
            if (_helpers[h] is { } helper)
            {
                _go[h].Set();
                helper.Join();
            }
            _go[h]?.Dispose();
        }
        foreach (var marker in _markers)
        {
            marker?.Dispose();
        }
        foreach (var queue in _queues)
        {
            queue?.Dispose();
        }
        _pool.Dispose();
        _helpersDone.Dispose();
    }
}
