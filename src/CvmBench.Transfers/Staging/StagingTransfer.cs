using System.Diagnostics;
using CvmBench.Cuda;

namespace CvmBench.Transfers.Staging;

/// <summary>The transfer in progress on a <see cref="StagingPipeline"/>, shared by the driving thread and the helpers:
/// its plan, its cursors, the pool slots' counters and its clock readings. The pipeline keeps one and starts it afresh
/// for each transfer, so a steady stream of transfers allocates nothing.</summary>
internal sealed class StagingTransfer
{
    private const long PlacementAlignment = 4096;

    private readonly IHostBuffer _pool;
    private readonly long _slotBytes;
    private readonly int _slots;
    private readonly ITransferQueue[] _queues;
    private readonly IQueueEvent[] _markers;
    // Per pool slot, counted in rounds (chunk c is round c / slots of slot c % slots): the DMAs done, written by the
    // driving thread; the host copies done, written by the thread that finishes a chunk's last slice; the slices of the
    // current round still to copy.
    private readonly long[] _dmaRounds;
    private readonly long[] _hostRounds;
    private readonly int[] _remaining;
    // When each helper began to work on the transfer.
    private readonly long[] _joined;

    // Where in the pool transfers start, carried from one to the next: the slot of the next transfer's first chunk, and
    // the turn of the ring of slots, which picks where within its slots a transfer of DMAs smaller than a slot lies.
    private int _nextFirstSlot;
    private long _ringTurn;

    // Written by Start before the helpers are woken, read by all.
    private StagingPlan _plan;
    private int _firstSlot;
    private long _placement;
    private IDeviceBuffer? _deviceBuffer;
    private CancellationToken _cancellation;
    private long _nextSlice;
    // DMAs queued so far; only the driving thread touches it.
    private long _queued;
    // Stopwatch timestamps for the timeline: each written once, by whichever thread reaches the point.
    private long _started;
    private long _firstClaimed;
    private long _firstCopied;
    private long _firstQueued;
    private long _lastCopied;
    private long _lastQueued;
    private long _retired;

    /// <summary>A transfer over <paramref name="pool"/>'s slots of <paramref name="options"/>' chunk size, with DMAs on
    /// <paramref name="queues"/> and a marker per slot, copied by up to <paramref name="helpers"/> helper threads.</summary>
    public StagingTransfer(IHostBuffer pool, StagingOptions options, ITransferQueue[] queues, IQueueEvent[] markers, int helpers)
    {
        _pool = pool;
        _slotBytes = options.ChunkBytes;
        _slots = options.PoolChunks;
        _queues = queues;
        _markers = markers;
        _dmaRounds = new long[_slots];
        _hostRounds = new long[_slots];
        _remaining = new int[_slots];
        _joined = new long[helpers];
    }

    /// <summary>Where the next transfer's bytes lie; arranged before <see cref="Start"/>.</summary>
    public StagingLayout Layout { get; } = new();

    /// <summary>The transfer's first failure, and whether its threads should stop.</summary>
    public TransferFailure Failure { get; } = new();

    /// <summary>Sets up the transfer <paramref name="plan"/> describes, of the bytes <see cref="Layout"/> places, which had
    /// the pipeline at <paramref name="started"/>; its helpers may be woken once this returns.</summary>
    public void Start(long started, in StagingPlan plan, IDeviceBuffer buffer, CancellationToken cancellation)
    {
        _started = started;
        _plan = plan;
        _deviceBuffer = buffer;
        Place(plan);
        _nextSlice = 0;
        _queued = 0;
        _cancellation = cancellation;
        Failure.Reset();
        // Only the slots this transfer uses: the others are neither read nor written by it, and the next transfer that
        // uses one resets it here. A pool of thousands of slots (swiotlb's 1 GiB in 256 KiB chunks) would otherwise
        // cost every small transfer microseconds.
        long used = Math.Min(_slots, plan.Dmas);
        for (long c = 0; c < used; c++)
        {
            int s = Slot(c);
            _dmaRounds[s] = 0;
            _hostRounds[s] = 0;
            _remaining[s] = plan.DmaSlices(c);
        }
    }

    /// <summary>Places the transfer in the pool where the last one ended, and within its slots (where its DMAs are
    /// smaller than a slot) one place further each time round the ring, so small transfers use the whole pool in turn
    /// rather than the start of the same slots each time. Device to host, the copy engine then writes lines the host
    /// threads read longest ago, which have left their caches; lines still held there must be taken from each core
    /// before the write.</summary>
    private void Place(in StagingPlan plan)
    {
        _firstSlot = _nextFirstSlot;
        // Places start on pages, so the slices' cache-line boundaries stay aligned.
        long step = (plan.LargestDma + PlacementAlignment - 1) & ~(PlacementAlignment - 1);
        long places = Math.Max(1, _slotBytes / step);
        _placement = _ringTurn % places * step;
        long end = _firstSlot + plan.Dmas;
        _ringTurn += end / _slots;
        _nextFirstSlot = (int)(end % _slots);
    }

    /// <summary>Lets go of the caller's memory and the device buffer once the transfer is over, ended or not.</summary>
    public void Finish()
    {
        _deviceBuffer = null;
        Failure.Forget();
        _cancellation = default;
    }

    /// <summary>Device to host, queues the DMAs the empty pool has room for, before the helpers are woken: the helpers
    /// have nothing to copy until the first DMA is done, and waking sleeping ones costs the driving thread microseconds
    /// each that the DMAs need not wait for.</summary>
    public void QueueFirstDmas()
    {
        while (!_plan.ToDevice && _queued < _plan.Dmas && SlotFree(_queued))
        {
            QueueNext();
        }
    }

    /// <summary>The driving thread's loop: queues each chunk's DMA, in order, as soon as its slot allows (host to device:
    /// its slices are copied in; device to host: the slot's previous chunk is copied out), and retires the DMAs in order
    /// as their markers are reached, which frees the slot for the copying threads. Without helpers it also copies.</summary>
    public void Drive()
    {
        bool copying = _plan.Helpers == 0;
        long chunks = _plan.Dmas;
        long retired = 0;
        // Device to host, the last chunks are still to be copied out once their DMAs are retired.
        while (retired < chunks || (copying && _nextSlice < _plan.Slices))
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
            if (_queued < chunks && SlotFree(_queued))
            {
                QueueNext();
            }
            else if (copying && TryCopyNextSlice())
            {
                // Copying alone, it asks the driver about a DMA only when no slice can be copied without the answer.
            }
            else if (retired < _queued && _markers[Slot(retired)].IsReached)
            {
                // The marker is behind this chunk's DMA and cannot be recorded again before the slot's next round is
                // queued, which waits for this very count.
                Volatile.Write(ref _dmaRounds[Slot(retired)], Round(retired) + 1);
                if (++retired == chunks)
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

    /// <summary>Helper <paramref name="index"/>'s part: claims slices until none is left or the transfer is aborted.</summary>
    public void Help(int index)
    {
        _joined[index] = Stopwatch.GetTimestamp();
        try
        {
            // Helpers only copy host memory: the device is the driving thread's alone.
            Work();
        }
        catch (Exception e)
        {
            Failure.Fail(e);
        }
    }

    /// <summary>The completed transfer's timeline; the helpers had all left at <paramref name="helpersOut"/>.</summary>
    public StagingTimeline Timeline(long helpersOut)
    {
        long joined = _started;
        for (int h = 0; h < _plan.Helpers; h++)
        {
            joined = Math.Max(joined, _joined[h]);
        }
        return new StagingTimeline(_plan.Bytes, _plan.Dmas, Since(joined), Since(_firstClaimed), Since(_firstCopied), Since(_firstQueued),
            Since(_lastCopied), Since(_lastQueued), Since(_retired), Since(helpersOut), Since(Stopwatch.GetTimestamp()));
    }

    private TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(_started, timestamp);

    private int Slot(long chunk) => (int)((_firstSlot + chunk) % _slots);

    /// <summary>Whether chunk <paramref name="chunk"/>'s DMA may be queued: host to device, its slices are copied in;
    /// device to host, the slot's previous chunk is copied out.</summary>
    private bool SlotFree(long chunk) => Volatile.Read(ref _hostRounds[Slot(chunk)]) >= Round(chunk) + (_plan.ToDevice ? 1 : 0);

    private void QueueNext()
    {
        Dma(_queued++);
        if (_queued == 1)
        {
            _firstQueued = Stopwatch.GetTimestamp();
        }
        if (_queued == _plan.Dmas)
        {
            _lastQueued = Stopwatch.GetTimestamp();
        }
    }

    private long Round(long chunk) => chunk / _slots;

    /// <summary>The driving thread's own copying, when it has no helpers: the next slice if its slot is ready.</summary>
    private bool TryCopyNextSlice()
    {
        long slice = _nextSlice;
        if (slice >= _plan.Slices)
        {
            return false;
        }
        long chunk = _plan.DmaOf(slice);
        if (!ChunkCopyable(chunk))
        {
            return false;
        }
        _nextSlice = slice + 1;
        if (slice == 0)
        {
            _firstClaimed = Stopwatch.GetTimestamp();
        }
        CopySlice(slice, chunk);
        return true;
    }

    /// <summary>Whether the slices of chunk <paramref name="chunk"/> may be copied: host to device, a chunk of round r
    /// may be written once the slot's DMA of round r - 1 is done; device to host, it may be read once the DMA of round
    /// r is.</summary>
    private bool ChunkCopyable(long chunk)
    {
        return Volatile.Read(ref _dmaRounds[Slot(chunk)]) >= Round(chunk) + (_plan.ToDevice ? 0 : 1);
    }

    /// <summary>A helper's loop: claims slices in order until none is left or the transfer is aborted.</summary>
    private void Work()
    {
        while (!Failure.Stopped)
        {
            long slice = Interlocked.Increment(ref _nextSlice) - 1;
            if (slice >= _plan.Slices)
            {
                return;
            }
            if (slice == 0)
            {
                _firstClaimed = Stopwatch.GetTimestamp();
            }
            long chunk = _plan.DmaOf(slice);
            var spin = new SpinWait();
            while (!ChunkCopyable(chunk))
            {
                if (Failure.Stopped)
                {
                    return;
                }
                // Sleep(1) would stall a pipeline whose steps take tens of microseconds; yield instead.
                spin.SpinOnce(sleep1Threshold: -1);
            }
            if (_cancellation.IsCancellationRequested)
            {
                Failure.Fail(new OperationCanceledException(_cancellation));
                return;
            }
            try
            {
                CopySlice(slice, chunk);
            }
            catch (Exception e)
            {
                Failure.Fail(e);
                return;
            }
        }
    }

    /// <summary>Copies one slice between the caller's memory and its chunk's slot; whoever copies a chunk's last slice
    /// counts the slot's round as copied, which lets the driving thread queue the DMA that comes next for the slot.</summary>
    private void CopySlice(long slice, long chunk)
    {
        long within = (slice - _plan.FirstSlice(chunk)) * _plan.SliceBytes;
        int slot = Slot(chunk);
        long start = _plan.DmaStart(chunk) + within;
        long end = Math.Min(start + _plan.SliceBytes, _plan.DmaStart(chunk + 1));
        nint sliceInPool = _pool.Pointer + (nint)(slot * _slotBytes + _placement + within);
        nint pinned = sliceInPool;
        // The slice may hold the end of one piece and the start of others.
        for (int p = Layout.PieceAt(start); start < end; p++)
        {
            var piece = Layout.Piece(p);
            long pieceStart = Layout.PieceStart(p);
            long length = Math.Min(end, pieceStart + piece.Bytes) - start;
            nint host = piece.Host + (nint)(start - pieceStart);
            if (_plan.ToDevice)
            {
                HostCopy.Copy(pinned, host, length, _plan.NonTemporalStores);
            }
            else
            {
                HostCopy.Copy(host, pinned, length, _plan.NonTemporalStores);
            }
            pinned += (nint)length;
            start += length;
        }
        if (_plan.DemoteChunks)
        {
            CacheLineDemotion.Demote(sliceInPool, pinned - sliceInPool);
        }
        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            if (chunk == 0)
            {
                _firstCopied = Stopwatch.GetTimestamp();
            }
            if (chunk == _plan.Dmas - 1)
            {
                _lastCopied = Stopwatch.GetTimestamp();
            }
            long next = chunk + _slots;
            // Set before the round is published below; the next round's slices wait for that (through its DMAs).
            _remaining[slot] = next < _plan.Dmas ? _plan.DmaSlices(next) : 0;
            Volatile.Write(ref _hostRounds[slot], Round(chunk) + 1);
        }
    }

    private void Dma(long chunk)
    {
        int slot = Slot(chunk);
        long offset = _plan.DmaStart(chunk);
        long end = _plan.DmaStart(chunk + 1);
        long pooled = slot * _slotBytes + _placement;
        var queue = _queues[chunk % _plan.Queues];
        // One DMA per run of pieces adjacent on the device that the chunk holds, all on one queue, so the slot's marker
        // behind them is reached when the last is done.
        for (int r = Layout.RunAt(offset); offset < end; r++)
        {
            long length = Math.Min(end, Layout.RunStart(r + 1)) - offset;
            long device = Layout.RunDevice(r) + (offset - Layout.RunStart(r));
            if (_plan.ToDevice)
            {
                queue.CopyHostToDevice(_deviceBuffer!, device, _pool, pooled, length, CopyMethod.CopyEngine);
            }
            else
            {
                queue.CopyDeviceToHost(_pool, pooled, _deviceBuffer!, device, length, CopyMethod.CopyEngine);
            }
            offset += length;
            pooled += length;
        }
        queue.Record(_markers[slot]);
    }
}
