using System.Security.Cryptography;
using CvmBench.Transfers.Staging;

namespace CvmBench.Transfers.Sealing;

/// <summary>Copies pageable host memory to device memory and back through a pool of pinned chunks that only ever hold
/// ciphertext: host threads seal the caller's bytes straight into the pool with AES-256-GCM (the seal is the copy), the
/// copy engines move the sealed chunks into a ring in device memory, and the device opens them into the destination;
/// device to host the device seals into the ring and host threads open into the caller's memory. A host that reads the
/// pool or the link (a confidential VM's shared memory) sees ciphertext and tags only.</summary>
/// <remarks>
/// <para>Keys: at construction the host makes a P-256 key pair (in this process's memory only), the device makes its
/// own on the device, both derive Z by ECDH and one AES-256 key per direction by HKDF (<see cref="SealedKeyAgreement"/>).
/// The host's private key and Z are dropped once the direction keys are made.</para>
/// <para>Nonces: each direction key has a counter; each transfer takes the range of counters its segments need at once,
/// before it waits for its turn, so concurrent callers never share a nonce. A transfer whose range would pass 2^63 is
/// refused: a new pipeline agrees a new key.</para>
/// <para>Threads, pool, DMAs and cancellation are as in <see cref="StagingPipeline"/>: transfers are synchronous and run
/// one at a time; a cancelled or failed transfer throws once every copy it started has finished, its destination
/// undefined, and the pipeline is ready for the next. A chunk whose segment does not open (a record or a tag changed
/// in the pool, on the link or in the ring) fails the whole transfer with <see cref="AuthenticationTagMismatchException"/>.</para>
/// </remarks>
public sealed class SealedPipeline : IDisposable
{
    private readonly ITransferDevice _device;
    private readonly IDeviceSealingKeys _keys;
    private readonly IHostBuffer _pool;
    private readonly IDeviceBuffer _ring;
    private readonly IDeviceBuffer _status;
    // The streams' DMA queues, then the queue the device seals on (device to host), so seals run ahead of the DMAs.
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    private readonly IQueueEvent[] _sealed;
    private readonly SegmentCipher[] _sealers;
    private readonly SegmentCipher[] _openers;
    private readonly HelperCrew? _helpers;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly NonceCounter _toDevice;
    private readonly NonceCounter _toHost;
    private readonly SealedTransfer _sealing;
    private readonly SealedTransfer _opening;
    private SealedTransfer? _current;
    private volatile bool _disposed;

    /// <summary>Agrees keys with the device, then allocates the pinned pool, the device ring and the host threads.</summary>
    /// <param name="device">A device that can seal (<see cref="ISealingDevice"/>).</param>
    /// <param name="options">Pool, threads and streams, as a staging pipeline's.</param>
    /// <param name="segmentBytes">Plain bytes per tag; a multiple of 16 that divides the chunk size.</param>
    /// <exception cref="ArgumentException">The options or the segment size cannot build a pipeline.</exception>
    /// <exception cref="NotSupportedException">The device cannot seal.</exception>
    /// <exception cref="CryptographicException">The device's public key is not a point on P-256, or it refused ours.</exception>
    public SealedPipeline(ITransferDevice device, StagingOptions options, int segmentBytes = SealedLayout.DefaultSegmentBytes)
        : this(device, options, segmentBytes, firstCounter: 0)
    {
    }

    /// <summary>As the public constructor, with both keys' counters starting at <paramref name="firstCounter"/>, so
    /// tests reach the counters' limit.</summary>
    internal SealedPipeline(ITransferDevice device, StagingOptions options, int segmentBytes, ulong firstCounter)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        if ((options.Problem() ?? SealedLayout.SegmentProblem(segmentBytes, options.ChunkBytes)) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        if (device is not ISealingDevice sealingDevice)
        {
            throw new NotSupportedException($"{device.Description.Name} cannot open or seal chunks: it has no sealed transfers");
        }
        _device = device;
        Options = options;
        SegmentBytes = segmentBytes;
        _toDevice = new NonceCounter(firstCounter);
        _toHost = new NonceCounter(firstCounter);
        int threads = options.HostThreads == 1 ? 0 : options.HostThreads;
        _queues = new ITransferQueue[options.Streams + 1];
        _markers = new IQueueEvent[options.PoolChunks];
        _sealed = new IQueueEvent[options.PoolChunks];
        // Helpers, then the driving thread.
        _sealers = new SegmentCipher[threads + 1];
        _openers = new SegmentCipher[threads + 1];
        // A slot holds a whole chunk sealed, and starts on a page, as the pool's chunks do.
        long slotBytes = (SealedLayout.SealedBytes(options.ChunkBytes, segmentBytes) + 4095) & ~4095L;
        device.BindToThread();
        _keys = Agree(sealingDevice);
        try
        {
            _pool = device.AllocateHost(MemoryKind.Pinned, slotBytes * options.PoolChunks);
            _ring = device.AllocateDevice(slotBytes * options.PoolChunks);
            _status = device.AllocateDevice(sizeof(ulong));
            for (int q = 0; q < _queues.Length; q++)
            {
                _queues[q] = device.CreateQueue();
                if (_queues[q] is not ISealingQueue)
                {
                    throw new NotSupportedException($"{device.Description.Name}'s queues cannot open or seal chunks");
                }
            }
            for (int s = 0; s < _markers.Length; s++)
            {
                _markers[s] = _queues[0].Mark();
                _sealed[s] = _queues[^1].Mark();
            }
            _sealing = new SealedTransfer(_pool, _ring, _status, _keys, slotBytes, options.PoolChunks, _queues, _markers, _sealed, _sealers);
            _opening = new SealedTransfer(_pool, _ring, _status, _keys, slotBytes, options.PoolChunks, _queues, _markers, _sealed, _openers);
            _helpers = new HelperCrew(threads, "sealed host thread", index => Volatile.Read(ref _current)!.Help(index));
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>How this pipeline was built.</summary>
    public StagingOptions Options { get; }

    /// <summary>Plain bytes per tag.</summary>
    public int SegmentBytes { get; }

    /// <summary>Seals <paramref name="bytes"/> of host memory at <paramref name="source"/> (pageable or not, any
    /// alignment) to <paramref name="destination"/> at <paramref name="destinationOffset"/>, and returns once the device
    /// has opened and verified every segment.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not fit the device buffer.</exception>
    /// <exception cref="AuthenticationTagMismatchException">A sealed chunk did not open; the destination is undefined.</exception>
    /// <exception cref="InvalidOperationException">The key's nonces would run out; open a new pipeline.</exception>
    /// <exception cref="OperationCanceledException">The transfer was cancelled; the pipeline stays usable.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public void CopyToDevice(IDeviceBuffer destination, long destinationOffset, nint source, long bytes, CancellationToken cancellation = default)
    {
        CheckArguments(destination, destinationOffset, source, bytes);
        Run(Direction.HostToDevice, source, destination, destinationOffset, bytes, cancellation);
    }

    /// <summary>Has the device seal <paramref name="bytes"/> of <paramref name="source"/> at <paramref name="sourceOffset"/>
    /// and opens them into host memory at <paramref name="destination"/> (pageable or not, any alignment).</summary>
    /// <inheritdoc cref="CopyToDevice(IDeviceBuffer, long, nint, long, CancellationToken)" path="/exception"/>
    public void CopyToHost(nint destination, IDeviceBuffer source, long sourceOffset, long bytes, CancellationToken cancellation = default)
    {
        CheckArguments(source, sourceOffset, destination, bytes);
        Run(Direction.DeviceToHost, destination, source, sourceOffset, bytes, cancellation);
    }

    /// <summary>Waits for a transfer in progress, then stops the host threads and frees the pool, the ring and the keys.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _turn.Wait();
        try
        {
            if (!_disposed)
            {
                Release();
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    private IDeviceSealingKeys Agree(ISealingDevice device)
    {
        using var host = SealedKeyAgreement.NewKeyPair();
        var keys = device.Agree(SealedKeyAgreement.PublicKey(host));
        byte[]? z = null;
        byte[]? h2d = null;
        byte[]? d2h = null;
        try
        {
            z = SealedKeyAgreement.SharedSecret(host, keys.DevicePublicKey);
            h2d = SealedKeyAgreement.DirectionKey(z, Direction.HostToDevice);
            d2h = SealedKeyAgreement.DirectionKey(z, Direction.DeviceToHost);
            for (int t = 0; t < _sealers.Length; t++)
            {
                _sealers[t] = new SegmentCipher(h2d);
                _openers[t] = new SegmentCipher(d2h);
            }
            return keys;
        }
        catch
        {
            keys.Dispose();
            DisposeCiphers();
            throw;
        }
        finally
        {
            // The ciphers hold their own key schedules; no copy of a key or of Z outlives the agreement here.
            CryptographicOperations.ZeroMemory(z);
            CryptographicOperations.ZeroMemory(h2d);
            CryptographicOperations.ZeroMemory(d2h);
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

    private void Run(Direction direction, nint host, IDeviceBuffer buffer, long deviceOffset, long bytes, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellation.ThrowIfCancellationRequested();
        if (bytes == 0)
        {
            return;
        }
        var plan = SealedPlan.For(Options, SegmentBytes, direction, bytes);
        // Taken before the turn: whatever order callers run in, their ranges are disjoint.
        ulong firstCounter = direction == Direction.HostToDevice
            ? _toDevice.Take(plan.Segments, "host-to-device")
            : _toHost.Take(plan.Segments, "device-to-host");
        _turn.Wait(cancellation);
        var transfer = direction == Direction.HostToDevice ? _sealing : _opening;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _device.BindToThread();
            if (plan.ToDevice)
            {
                Span<byte> clear = stackalloc byte[sizeof(ulong)];
                clear.Clear();
                _device.Upload(_status, 0, clear);
            }
            transfer.Start(plan, host, buffer, deviceOffset, firstCounter, cancellation);
            Volatile.Write(ref _current, transfer);
            _helpers!.Wake(plan.Helpers);
            try
            {
                transfer.Drive();
            }
            catch (Exception e)
            {
                transfer.Failure.Fail(e);
            }
            _helpers.AwaitHelpers();
            transfer.Failure.Drain(_queues);
            transfer.Failure.ThrowIfFailed();
            if (plan.ToDevice && !StatusClear())
            {
                throw new AuthenticationTagMismatchException("the device could not open a sealed chunk: a record or a tag was changed on the way");
            }
        }
        finally
        {
            transfer.Finish();
            _turn.Release();
        }
    }

    private bool StatusClear()
    {
        Span<byte> word = stackalloc byte[sizeof(ulong)];
        _device.Download(word, _status, 0);
        return !word.ContainsAnyExcept((byte)0);
    }

    private void Release()
    {
        _disposed = true;
        _helpers?.Dispose();
        foreach (var marker in _markers.Concat(_sealed))
        {
            marker?.Dispose();
        }
        foreach (var queue in _queues)
        {
            queue?.Dispose();
        }
        _status?.Dispose();
        _ring?.Dispose();
        _pool?.Dispose();
        _keys.Dispose();
        DisposeCiphers();
    }

    private void DisposeCiphers()
    {
        foreach (var cipher in _sealers.Concat(_openers))
        {
            cipher?.Dispose();
        }
    }
}
