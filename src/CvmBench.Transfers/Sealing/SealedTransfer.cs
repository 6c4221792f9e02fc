using CvmBench.Transfers.Staging;

namespace CvmBench.Transfers.Sealing;

/// <summary>The sealed transfer in progress on a <see cref="SealedPipeline"/>, shared by the driving thread and the
/// helpers. Host to device, host threads seal slices of the caller's memory into a pool slot; when a slot's chunk is
/// sealed the driving thread queues its DMA into the same slot of the device ring and the device's open into the
/// destination. Device to host, the driving thread queues the device's seal into a ring slot on the sealing queue and
/// the DMA into the pool slot on a DMA queue, which waits for that seal on the device: the seals run ahead while the
/// link moves earlier chunks, where on one queue the copy engine would idle through each seal (the link then ran at
/// about half its rate). Host threads open each chunk into the caller's memory. A slot's marker is recorded behind the
/// DMA and the device's open, so a slot (of the pool and of the ring) is reused only once the device is done with it.</summary>
internal sealed class SealedTransfer
{
    private readonly IHostBuffer _pool;
    private readonly IDeviceBuffer _ring;
    private readonly IDeviceBuffer _status;
    private readonly IDeviceSealingKeys _keys;
    private readonly long _slotBytes;
    private readonly int _slots;
    // The DMA queues, then the sealing queue.
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    // Per slot, device to host: recorded behind the slot's seal on the sealing queue, waited on by its DMA.
    private readonly IQueueEvent[] _sealed;
    // One per host thread (helpers, then the driving thread): AesGcm instances are not shared between threads.
    private readonly SegmentCipher[] _ciphers;
    // As in staging, per slot and counted in rounds: the device's work done, the host's work done, slices still to do.
    private readonly long[] _dmaRounds;
    private readonly long[] _hostRounds;
    private readonly int[] _remaining;

    private SealedPlan _plan;
    private IDeviceBuffer? _deviceBuffer;
    private long _deviceOffset;
    private nint _host;
    private ulong _firstCounter;
    private CancellationToken _cancellation;
    private long _nextSlice;

    public SealedTransfer(IHostBuffer pool, IDeviceBuffer ring, IDeviceBuffer status, IDeviceSealingKeys keys, long slotBytes, int slots,
        ITransferQueue[] queues, IQueueEvent[] markers, IQueueEvent[] @sealed, SegmentCipher[] ciphers)
    {
        _pool = pool;
        _ring = ring;
        _status = status;
        _keys = keys;
        _slotBytes = slotBytes;
        _slots = slots;
        _queues = queues;
        _markers = markers;
        _sealed = @sealed;
        _ciphers = ciphers;
        _dmaRounds = new long[slots];
        _hostRounds = new long[slots];
        _remaining = new int[slots];
    }

    /// <summary>The transfer's first failure, and whether its threads should stop.</summary>
    public TransferFailure Failure { get; } = new();

    /// <summary>Sets up the transfer; its helpers may be woken once this returns.</summary>
    public void Start(in SealedPlan plan, nint host, IDeviceBuffer buffer, long deviceOffset, ulong firstCounter, CancellationToken cancellation)
    {
        _plan = plan;
        _host = host;
        _deviceBuffer = buffer;
        _deviceOffset = deviceOffset;
        _firstCounter = firstCounter;
        _nextSlice = 0;
        _cancellation = cancellation;
        Failure.Reset();
        long used = Math.Min(_slots, plan.Dmas);
        for (int s = 0; s < used; s++)
        {
            _dmaRounds[s] = 0;
            _hostRounds[s] = 0;
            _remaining[s] = s == plan.Dmas - 1 ? plan.LastDmaSlices : plan.SlicesPerDma;
        }
    }

    /// <summary>Lets go of the caller's memory and the device buffer.</summary>
    public void Finish()
    {
        _deviceBuffer = null;
        _host = 0;
        Failure.Forget();
        _cancellation = default;
    }

    /// <summary>The driving thread's loop, as staging's: queues each chunk's device work in order as its slot allows,
    /// retires it as its marker is reached; without helpers it also seals or opens.</summary>
    public void Drive()
    {
        bool working = _plan.Helpers == 0;
        long chunks = _plan.Dmas;
        long queued = 0;
        long retired = 0;
        while (retired < chunks || (working && _nextSlice < _plan.Slices))
        {
            if (Failure.Stopped)
            {
                return;
            }
            if (_cancellation.IsCancellationRequested)
            {
                Failure.Fail(new OperationCanceledException(_cancellation));
                return;
            }
            if (queued < chunks && Volatile.Read(ref _hostRounds[Slot(queued)]) >= Round(queued) + (_plan.ToDevice ? 1 : 0))
            {
                Queue(queued++);
            }
            else if (working && TryNextSlice())
            {
                // Working alone, it asks the driver about a chunk only when no slice can be done without the answer.
            }
            else if (retired < queued && _markers[Slot(retired)].IsReached)
            {
                Volatile.Write(ref _dmaRounds[Slot(retired)], Round(retired) + 1);
                retired++;
            }
            else
            {
                Thread.SpinWait(8);
            }
        }
    }

    /// <summary>Helper <paramref name="index"/>'s part: claims slices until none is left or the transfer is aborted.</summary>
    public void Help(int index)
    {
        try
        {
            Work(_ciphers[index]);
        }
        catch (Exception e)
        {
            Failure.Fail(e);
        }
    }

    private int Slot(long chunk) => (int)(chunk % _slots);

    private long Round(long chunk) => chunk / _slots;

    private ulong Counter(long chunk) => _firstCounter + (ulong)(chunk * (_plan.DmaBytes / _plan.SegmentBytes));

    private bool TryNextSlice()
    {
        long slice = _nextSlice;
        if (slice >= _plan.Slices || !SliceReady(slice))
        {
            return false;
        }
        _nextSlice = slice + 1;
        DoSlice(_ciphers[^1], slice);
        return true;
    }

    private bool SliceReady(long slice)
    {
        long chunk = slice / _plan.SlicesPerDma;
        return Volatile.Read(ref _dmaRounds[Slot(chunk)]) >= Round(chunk) + (_plan.ToDevice ? 0 : 1);
    }

    private void Work(SegmentCipher cipher)
    {
        while (!Failure.Stopped)
        {
            long slice = Interlocked.Increment(ref _nextSlice) - 1;
            if (slice >= _plan.Slices)
            {
                return;
            }
            var spin = new SpinWait();
            while (!SliceReady(slice))
            {
                if (Failure.Stopped)
                {
                    return;
                }
                spin.SpinOnce(sleep1Threshold: -1);
            }
            if (_cancellation.IsCancellationRequested)
            {
                Failure.Fail(new OperationCanceledException(_cancellation));
                return;
            }
            DoSlice(cipher, slice);
        }
    }

    /// <summary>Seals or opens one slice's segments between the caller's memory and its chunk's pool slot; whoever does
    /// a chunk's last slice counts the slot's round as done.</summary>
    private void DoSlice(SegmentCipher cipher, long slice)
    {
        long chunk = slice / _plan.SlicesPerDma;
        int j = (int)(slice % _plan.SlicesPerDma);
        int slot = Slot(chunk);
        long plainBytes = _plan.PlainBytes(chunk);
        long firstSegment = (long)j * _plan.SegmentsPerSlice;
        long segments = Math.Min(_plan.SegmentsPerSlice, SealedLayout.Segments(plainBytes, _plan.SegmentBytes) - firstSegment);
        nint pooled = _pool.Pointer + (nint)(slot * _slotBytes);
        nint host = _host + (nint)(chunk * _plan.DmaBytes);
        if (_plan.ToDevice)
        {
            // The seal is the copy: the caller's plaintext goes straight into the pool as ciphertext.
            cipher.Seal(host, pooled, plainBytes, _plan.SegmentBytes, firstSegment, segments, Counter(chunk));
        }
        else
        {
            cipher.Open(pooled, host, plainBytes, _plan.SegmentBytes, firstSegment, segments, Counter(chunk));
        }
        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            long next = chunk + _slots;
            _remaining[slot] = next == _plan.Dmas - 1 ? _plan.LastDmaSlices : _plan.SlicesPerDma;
            Volatile.Write(ref _hostRounds[slot], Round(chunk) + 1);
        }
    }

    private void Queue(long chunk)
    {
        int slot = Slot(chunk);
        long plainBytes = _plan.PlainBytes(chunk);
        long sealedBytes = SealedLayout.SealedBytes(plainBytes, _plan.SegmentBytes);
        long slotOffset = slot * _slotBytes;
        long deviceOffset = _deviceOffset + chunk * _plan.DmaBytes;
        var queue = _queues[chunk % _plan.Queues];
        if (_plan.ToDevice)
        {
            // The streams alternate, so one chunk's open overlaps the next one's DMA.
            queue.CopyHostToDevice(_ring, slotOffset, _pool, slotOffset, sealedBytes, CopyMethod.CopyEngine);
            ((ISealingQueue)queue).Open(_keys, _ring, slotOffset, plainBytes, _plan.SegmentBytes, Counter(chunk), _deviceBuffer!, deviceOffset, _status);
        }
        else
        {
            var sealing = _queues[^1];
            ((ISealingQueue)sealing).Seal(_keys, _deviceBuffer!, deviceOffset, plainBytes, _plan.SegmentBytes, Counter(chunk), _ring, slotOffset);
            sealing.Record(_sealed[slot]);
            queue.Wait(_sealed[slot]);
            queue.CopyDeviceToHost(_pool, slotOffset, _ring, slotOffset, sealedBytes, CopyMethod.CopyEngine);
        }
        queue.Record(_markers[slot]);
    }
}
