using System.Diagnostics;
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
    /// <summary>How long, in microseconds, an idle helper spins after a transfer (yielding its processor to any thread
    /// that wants it) before it sleeps until the next. Back-to-back transfers (a meter's copies, a loop over a model's
    /// layers) come within that and skip a wake-up, which costs a virtual machine tens of microseconds; an idle pipeline
    /// costs each helper at most this much processor time per transfer, and nothing once asleep.</summary>
    public const int IdleSpinMicroseconds = 100;

    private readonly ITransferDevice _device;
    private readonly IHostBuffer _pool;
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    private readonly HelperCrew? _helpers;
    private readonly SemaphoreSlim _turn = new(1, 1);
    // The transfer in progress, started afresh for each one.
    private readonly StagingTransfer _transfer;
    private volatile bool _disposed;

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
        _queues = new ITransferQueue[options.Streams];
        _markers = new IQueueEvent[options.PoolChunks];
        // One host thread: the calling thread copies and drives. More: that many helpers copy, the caller drives.
        int helpers = options.HostThreads == 1 ? 0 : options.HostThreads;
        device.BindToThread();
        _pool = device.AllocateHost(MemoryKind.Pinned, options.ChunkBytes * options.PoolChunks);
        try
        {
            _transfer = new StagingTransfer(_pool, options, _queues, _markers, helpers);
            for (int q = 0; q < _queues.Length; q++)
            {
                _queues[q] = device.CreateQueue();
            }
            for (int s = 0; s < _markers.Length; s++)
            {
                _markers[s] = _queues[0].Mark();
            }
            _helpers = new HelperCrew(helpers, "staging host copy", _transfer.Help);
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
        Run(Direction.HostToDevice, destination, [new StagingPiece(source, destinationOffset, bytes)], cancellation);
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
        Run(Direction.DeviceToHost, source, [new StagingPiece(destination, sourceOffset, bytes)], cancellation);
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

    /// <summary>Copies every piece's host memory (scattered, pageable or not, any alignment) to its range of
    /// <paramref name="destination"/> as one pipelined transfer, and returns when all have arrived. The pieces share the
    /// pool's chunks, and pieces adjacent on the device share DMAs, so many small pieces move about as fast as one copy of
    /// their total size. Empty pieces, and an empty list, move nothing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A piece's range does not fit the device buffer, or its length is negative.</exception>
    /// <exception cref="ArgumentNullException">A non-empty piece has no host address.</exception>
    /// <exception cref="ArgumentException">Two pieces' device ranges overlap; nothing was copied.</exception>
    /// <exception cref="OperationCanceledException">The transfer was cancelled; the pipeline stays usable.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public void CopyToDevice(IDeviceBuffer destination, ReadOnlySpan<StagingPiece> pieces, CancellationToken cancellation = default)
    {
        CheckPieces(destination, pieces);
        Run(Direction.HostToDevice, destination, pieces, cancellation);
    }

    /// <summary>Copies each piece's range of <paramref name="source"/> to its host memory (scattered, pageable or not,
    /// any alignment) as one pipelined transfer, and returns when all have arrived; as
    /// <see cref="CopyToDevice(IDeviceBuffer, ReadOnlySpan{StagingPiece}, CancellationToken)"/>, but two pieces may read
    /// the same device bytes and none may write the same host bytes.</summary>
    /// <exception cref="ArgumentException">Two pieces' host ranges overlap; nothing was copied.</exception>
    /// <inheritdoc cref="CopyToDevice(IDeviceBuffer, ReadOnlySpan{StagingPiece}, CancellationToken)" path="/exception"/>
    public void CopyToHost(IDeviceBuffer source, ReadOnlySpan<StagingPiece> pieces, CancellationToken cancellation = default)
    {
        CheckPieces(source, pieces);
        Run(Direction.DeviceToHost, source, pieces, cancellation);
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

    private static void CheckPieces(IDeviceBuffer buffer, ReadOnlySpan<StagingPiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        for (int i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            if (piece.Bytes < 0 || piece.DeviceOffset < 0 || piece.Bytes > buffer.Length - piece.DeviceOffset)
            {
                throw new ArgumentOutOfRangeException(nameof(pieces),
                    $"piece {i} ({piece.Bytes} bytes at device offset {piece.DeviceOffset}) does not fit the device buffer of {buffer.Length} bytes");
            }
            if (piece.Bytes > 0 && piece.Host == 0)
            {
                throw new ArgumentNullException(nameof(pieces), $"piece {i} ({piece.Bytes} bytes) has no host address");
            }
        }
    }

    private void Run(Direction direction, IDeviceBuffer buffer, ReadOnlySpan<StagingPiece> pieces, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellation.ThrowIfCancellationRequested();
        if (!HasBytes(pieces))
        {
            return;
        }
        _turn.Wait(cancellation);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long started = Stopwatch.GetTimestamp();
            _transfer.Layout.Arrange(pieces, direction);
            var plan = StagingPlan.For(Options, direction, _transfer.Layout.Bytes, CacheLineDemotion.Available);
            _transfer.Start(started, plan, buffer, cancellation);
            try
            {
                _device.BindToThread();
                _transfer.QueueFirstDmas();
            }
            catch (Exception e)
            {
                _transfer.Failure.Fail(e);
            }
            // Woken even after a failure: they leave at once.
            _helpers!.Wake(plan.Helpers);
            try
            {
                _transfer.Drive();
            }
            catch (Exception e)
            {
                _transfer.Failure.Fail(e);
            }
            _helpers.AwaitHelpers();
            long helpersOut = Stopwatch.GetTimestamp();
            _transfer.Failure.Drain(_queues);
            _transfer.Failure.ThrowIfFailed();
            LastTransfer = _transfer.Timeline(helpersOut);
        }
        finally
        {
            _transfer.Finish();
            _turn.Release();
        }
    }

    private static bool HasBytes(ReadOnlySpan<StagingPiece> pieces)
    {
        foreach (var piece in pieces)
        {
            if (piece.Bytes > 0)
            {
                return true;
            }
        }
        return false;
    }


    private void Release()
    {
        _disposed = true;
        _helpers?.Dispose();
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
