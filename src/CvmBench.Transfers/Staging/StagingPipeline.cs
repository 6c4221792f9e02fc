using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CvmBench.Cuda;

namespace CvmBench.Transfers.Staging;

/// <summary>Copies pageable host memory to device memory and back at near-pinned speed, through a pool of pre-pinned
/// chunks: several host threads copy slices of the caller's memory into the chunks while the copy engines DMA earlier
/// chunks on several streams (device to host: the copy engines DMA into the chunks while host threads copy earlier
/// chunks out). In a confidential VM the pool is memory converted to shared once, so no transfer converts pages.</summary>
/// <remarks>
/// <para>The calling thread drives the device: it alone queues the DMAs and watches them complete, and the copying
/// threads learn what they may do from counters in memory, never from the driver. So no copying thread waits in a
/// driver call or contends for the driver's locks, and each DMA is queued the moment its chunk is ready. With one host
/// thread the calling thread does both, in turn.</para>
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
    // A transfer smaller than this many chunks is cut into this many DMAs (of at least AdaptiveChunkMinimum), so its
    // first DMA starts, and its last ends, after a fraction of the transfer rather than a whole chunk.
    private const long AdaptiveChunks = 16;
    private const long AdaptiveChunkMinimum = 1 << 20;
    // Helpers spin this long before they sleep, so back-to-back transfers do not pay a wake-up each.
    private const int HelperSpinCount = 2000;

    private readonly ITransferDevice _device;
    private readonly IHostBuffer _pool;
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    // Per pool slot, counted in rounds (chunk c is round c / slots of slot c % slots): the DMAs done, written by the
    // driving thread; the host copies done, written by the thread that finishes a chunk's last slice; the slices of the
    // current round still to copy.
    private readonly long[] _dmaRounds;
    private readonly long[] _hostRounds;
    private readonly int[] _remaining;
    private readonly long[] _sliceStarts;
    private readonly Thread[] _helpers;
    private readonly ManualResetEventSlim[] _go;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly long _chunkBytes;
    private readonly int _slots;
    private volatile bool _disposed;

    // The transfer in progress; written by the caller before the helpers are woken, read by all.
    private bool _toDevice;
    private nint _host;
    private IDeviceBuffer? _deviceBuffer;
    private long _deviceOffset;
    private long _bytes;
    // Bytes per DMA in this transfer: the pool's chunk size, or less for a small transfer. Pool slots keep their stride.
    private long _chunk;
    private int _slicesPerChunk;
    private long _chunks;
    private int _lastChunkSlices;
    private long _sliceCount;
    // Whether the host threads write the chunks with non-temporal stores or demote them after writing, and whether the
    // DMAs keep to one queue (see Begin).
    private bool _streamIntoPool;
    private bool _demoteChunks;
    private bool _oneQueue;
    private long _nextSlice;
    private int _activeHelpers;
    private CancellationToken _cancellation;
    private volatile bool _abort;
    private Exception? _failure;
    // Stopwatch timestamps of the transfer in progress, for LastTransfer: each written once, by whichever thread
    // reaches the point.
    private long _started;
    private long _firstClaimed;
    private long _firstCopied;
    private long _firstQueued;
    private long _lastCopied;
    private long _lastQueued;
    private long _retired;
    private readonly long[] _joined;

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
        _sliceStarts = new long[Math.Max(1, _chunkBytes / SliceBytes) + 1];
        _dmaRounds = new long[_slots];
        _hostRounds = new long[_slots];
        _remaining = new int[_slots];
        _queues = new ITransferQueue[options.Streams];
        _markers = new IQueueEvent[_slots];
        // One host thread: the calling thread copies and drives. More: that many helpers copy, the caller drives.
        _helpers = new Thread[options.HostThreads == 1 ? 0 : options.HostThreads];
        _go = new ManualResetEventSlim[_helpers.Length];
        _joined = new long[_helpers.Length];
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
                _markers[s] = _queues[0].Mark();
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

    /// <summary>Where the last completed transfer's time went: a few clock readings per transfer, so a caller can see
    /// whether filling, draining or waking the threads costs what the bandwidth does not explain.</summary>
    public StagingTimeline LastTransfer { get; private set; }

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
            _started = Stopwatch.GetTimestamp();
            Begin(toDevice, host, buffer, deviceOffset, bytes, cancellation);
            int helpers = (int)Math.Min(_helpers.Length, _sliceCount);
            _activeHelpers = helpers;
            for (int h = 0; h < helpers; h++)
            {
                _go[h].Set();
            }
            try
            {
                _device.BindToThread();
                Drive(copying: helpers == 0);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            // Not cancellable: helpers must be out of the transfer before it ends, and they stop at the next slice. The
            // driving thread spins (it has a processor of its own): being woken from a blocking wait costs a virtual
            // machine tens of microseconds, a fair part of a small transfer.
            var spin = new SpinWait();
            while (Volatile.Read(ref _activeHelpers) > 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
            long helpersOut = Stopwatch.GetTimestamp();
            Drain();
            if (_failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
            long joined = _started;
            for (int h = 0; h < helpers; h++)
            {
                joined = Math.Max(joined, _joined[h]);
            }
            LastTransfer = new StagingTimeline(bytes, _chunks, Since(joined), Since(_firstClaimed), Since(_firstCopied), Since(_firstQueued),
                Since(_lastCopied), Since(_lastQueued), Since(_retired), Since(helpersOut), Since(Stopwatch.GetTimestamp()));
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

    private TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(_started, timestamp);

    private void Begin(bool toDevice, nint host, IDeviceBuffer buffer, long deviceOffset, long bytes, CancellationToken cancellation)
    {
        _toDevice = toDevice;
        _host = host;
        _deviceBuffer = buffer;
        _deviceOffset = deviceOffset;
        _bytes = bytes;
        _chunk = Options.FixedChunks ? _chunkBytes : Math.Clamp(
            (bytes + AdaptiveChunks - 1) / AdaptiveChunks, Math.Min(AdaptiveChunkMinimum, _chunkBytes), _chunkBytes);
        _slicesPerChunk = (int)Math.Max(1, _chunk / SliceBytes);
        for (int j = 1; j < _slicesPerChunk; j++)
        {
            // Slice boundaries on cache lines, so no two threads write one line.
            _sliceStarts[j] = _chunk * j / _slicesPerChunk & ~63L;
        }
        _sliceStarts[_slicesPerChunk] = _chunk;
        _chunks = (bytes + _chunk - 1) / _chunk;
        long lastChunkBytes = bytes - (_chunks - 1) * _chunk;
        _lastChunkSlices = 0;
        while (_lastChunkSlices < _slicesPerChunk && _sliceStarts[_lastChunkSlices] < lastChunkBytes)
        {
            _lastChunkSlices++;
        }
        _sliceCount = (_chunks - 1) * _slicesPerChunk + _lastChunkSlices;
        // Host to device, the copy engine reads chunks just written with regular stores slowly: their lines are still
        // modified in the copying cores' private caches, and each is fetched from there. Transfers of at least the
        // pool's size write regular stores and then demote each slice's lines to the shared cache (CLDEMOTE, where the
        // CPU has it), so the pool stays in the cache and the copy engine reads it there at up to the link's rate. On
        // the H100 VM, 15 threads moved 128 MiB to 1 GiB at 45 to 53 GB/s so (pinned: 55), against 28 to 47 without
        // demoting, and 64 MiB at 45 to 49 against 40 to 43 (docs/runs/h100-staging-demote-1923.md). Demoting costs
        // each thread about half its copy rate (8 threads fell to 22 to 37 GB/s), so it pays only where there are
        // threads enough for the DMAs, not the copies, to bound the transfer. Smaller transfers, and larger ones on
        // CPUs without it, keep what was measured before: non-temporal stores up to the pool's size (a 4 MiB
        // transfer's DMAs took half as long as after regular stores) and regular stores above it. Device to host, one
        // queue ran 15 to 20% faster than two from the pool's size up (two copy engines sharing the link made each DMA
        // take twice as long); below it two queues stay, as measured before (one queue there once ran far slower, once
        // not).
        long poolBytes = _chunkBytes * _slots;
        _demoteChunks = toDevice && Options.DemoteChunks && CacheLineDemotion.Available && bytes >= poolBytes;
        _streamIntoPool = toDevice && Options.NonTemporalStores && !_demoteChunks && bytes <= poolBytes;
        _oneQueue = !toDevice && bytes >= poolBytes;
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
            _dmaRounds[s] = 0;
            _hostRounds[s] = 0;
            _remaining[s] = s == _chunks - 1 ? _lastChunkSlices : _slicesPerChunk;
        }
    }

    /// <summary>The driving thread's loop: queues each chunk's DMA, in order, as soon as its slot allows (host to device:
    /// its slices are copied in; device to host: the slot's previous chunk is copied out), and retires the DMAs in order
    /// as their markers are reached, which frees the slot for the copying threads. Without helpers it also copies.</summary>
    private void Drive(bool copying)
    {
        long queued = 0;
        long retired = 0;
        // Device to host, the last chunks are still to be copied out once their DMAs are retired.
        while (retired < _chunks || (copying && _nextSlice < _sliceCount))
        {
            if (_abort)
            {
                return;
            }
            if (_cancellation.IsCancellationRequested)
            {
                Fail(new OperationCanceledException(_cancellation));
                return;
            }
            if (queued < _chunks && Volatile.Read(ref _hostRounds[Slot(queued)]) >= Round(queued) + (_toDevice ? 1 : 0))
            {
                Dma(queued++);
                if (queued == 1)
                {
                    _firstQueued = Stopwatch.GetTimestamp();
                }
                if (queued == _chunks)
                {
                    _lastQueued = Stopwatch.GetTimestamp();
                }
            }
            else if (copying && TryCopyNextSlice())
            {
                // Copying alone, it asks the driver about a DMA only when no slice can be copied without the answer.
            }
            else if (retired < queued && _markers[Slot(retired)].IsReached)
            {
                // The marker is behind this chunk's DMA and cannot be recorded again before the slot's next round is
                // queued, which waits for this very count.
                Volatile.Write(ref _dmaRounds[Slot(retired)], Round(retired) + 1);
                if (++retired == _chunks)
                {
                    _retired = Stopwatch.GetTimestamp();
                }
            }
            else
            {
                Thread.SpinWait(8);
            }
        }
    }

    private int Slot(long chunk) => (int)(chunk % _slots);

    private long Round(long chunk) => chunk / _slots;

    /// <summary>The driving thread's own copying, when it has no helpers: the next slice if its slot is ready.</summary>
    private bool TryCopyNextSlice()
    {
        long slice = _nextSlice;
        if (slice >= _sliceCount || !SliceReady(slice))
        {
            return false;
        }
        _nextSlice = slice + 1;
        if (slice == 0)
        {
            _firstClaimed = Stopwatch.GetTimestamp();
        }
        CopySlice(slice);
        return true;
    }

    /// <summary>Host to device, a slice of round r may be written once the slot's DMA of round r - 1 is done; device to
    /// host, it may be read once the DMA of round r is.</summary>
    private bool SliceReady(long slice)
    {
        long chunk = slice / _slicesPerChunk;
        return Volatile.Read(ref _dmaRounds[Slot(chunk)]) >= Round(chunk) + (_toDevice ? 0 : 1);
    }

    /// <summary>A helper's loop: claims slices in order until none is left or the transfer is aborted.</summary>
    private void Work()
    {
        while (!_abort)
        {
            long slice = Interlocked.Increment(ref _nextSlice) - 1;
            if (slice >= _sliceCount)
            {
                return;
            }
            if (slice == 0)
            {
                _firstClaimed = Stopwatch.GetTimestamp();
            }
            var spin = new SpinWait();
            while (!SliceReady(slice))
            {
                if (_abort)
                {
                    return;
                }
                // Sleep(1) would stall a pipeline whose steps take tens of microseconds; yield instead.
                spin.SpinOnce(sleep1Threshold: -1);
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

    /// <summary>Copies one slice between the caller's memory and its chunk's slot; whoever copies a chunk's last slice
    /// counts the slot's round as copied, which lets the driving thread queue the DMA that comes next for the slot.</summary>
    private void CopySlice(long slice)
    {
        long chunk = slice / _slicesPerChunk;
        int j = (int)(slice % _slicesPerChunk);
        int slot = Slot(chunk);
        long chunkStart = chunk * _chunk;
        long start = chunkStart + _sliceStarts[j];
        long length = Math.Min(chunkStart + _sliceStarts[j + 1], _bytes) - start;
        nint pinned = _pool.Pointer + (nint)(slot * _chunkBytes + _sliceStarts[j]);
        if (_toDevice)
        {
            HostCopy.Copy(pinned, _host + (nint)start, length, _streamIntoPool);
            if (_demoteChunks)
            {
                CacheLineDemotion.Demote(pinned, length);
            }
        }
        else
        {
            HostCopy.Copy(_host + (nint)start, pinned, length, Options.NonTemporalStores);
        }
        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            if (chunk == 0)
            {
                _firstCopied = Stopwatch.GetTimestamp();
            }
            if (chunk == _chunks - 1)
            {
                _lastCopied = Stopwatch.GetTimestamp();
            }
            long next = chunk + _slots;
            // Set before the round is published below; the next round's slices wait for that (through its DMAs).
            _remaining[slot] = next == _chunks - 1 ? _lastChunkSlices : _slicesPerChunk;
            Volatile.Write(ref _hostRounds[slot], Round(chunk) + 1);
        }
    }

    private void Dma(long chunk)
    {
        int slot = Slot(chunk);
        long offset = chunk * _chunk;
        long length = Math.Min(_chunk, _bytes - offset);
        var queue = _oneQueue ? _queues[0] : _queues[chunk % _queues.Length];
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
            _joined[index] = Stopwatch.GetTimestamp();
            try
            {
                // Helpers only copy host memory: the device is the driving thread's alone.
                Work();
            }
            catch (Exception e)
            {
                Fail(e);
            }
            Interlocked.Decrement(ref _activeHelpers);
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
    }
}
