using System.Globalization;

namespace CvmBench.Transfers.Staging;

/// <summary>Where a transfer's bytes lie. The pieces (one, for a contiguous transfer) are laid end to end in the order of
/// their device offsets; that stream is what the pool's chunks carry, cut into DMAs and slices by the plan. Pieces that
/// follow each other on the device form one run, and a DMA covers as much of a run as its chunk holds: pieces adjacent
/// on the device share DMAs of the chunk's size however small each is and wherever each lies in host memory. A DMA
/// cannot skip device bytes, so pieces with gaps between them on the device take a DMA each.</summary>
/// <remarks>The transfer in progress keeps one and arranges it afresh for each transfer; its arrays grow to the longest
/// list seen and are reused, so a steady stream of transfers allocates nothing.</remarks>
internal sealed class StagingLayout
{
    // The non-empty pieces in device order, where each begins in the stream, and the runs of pieces adjacent on the
    // device: where each begins in the stream (with the stream's end after the last) and on the device.
    private StagingPiece[] _pieces = new StagingPiece[1];
    private long[] _pieceStarts = new long[2];
    private long[] _runStarts = new long[2];
    private long[] _runDevice = new long[1];
    // Sorting scratch: keys and the caller's piece numbers.
    private long[] _keys = new long[1];
    private int[] _order = new int[1];

    /// <summary>Bytes in the stream: the pieces' lengths summed.</summary>
    public long Bytes { get; private set; }

    /// <summary>Non-empty pieces.</summary>
    public int Pieces { get; private set; }

    /// <summary>Runs of pieces adjacent on the device.</summary>
    public int Runs { get; private set; }

    /// <summary>Lays out <paramref name="pieces"/>, each already checked to fit the device buffer. Refuses pieces whose
    /// destinations overlap (device ranges host to device, host ranges device to host), naming the first two found,
    /// before anything is laid out.</summary>
    /// <exception cref="ArgumentException">Two pieces' destinations overlap.</exception>
    public void Arrange(ReadOnlySpan<StagingPiece> pieces, Direction direction)
    {
        Grow(pieces.Length);
        int count = 0;
        for (int i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Bytes > 0)
            {
                _order[count++] = i;
            }
        }
        if (direction == Direction.DeviceToHost)
        {
            Sort(pieces, count, p => p.Host);
            RefuseOverlaps(pieces, count, p => p.Host, "in host memory");
        }
        Sort(pieces, count, p => p.DeviceOffset);
        if (direction == Direction.HostToDevice)
        {
            RefuseOverlaps(pieces, count, p => p.DeviceOffset, "on the device");
        }

        long stream = 0;
        int runs = 0;
        for (int k = 0; k < count; k++)
        {
            var piece = pieces[_order[k]];
            bool follows = k > 0 && _pieces[k - 1].DeviceOffset + _pieces[k - 1].Bytes == piece.DeviceOffset;
            if (!follows)
            {
                _runStarts[runs] = stream;
                _runDevice[runs] = piece.DeviceOffset;
                runs++;
            }
            _pieces[k] = piece;
            _pieceStarts[k] = stream;
            stream += piece.Bytes;
        }
        _pieceStarts[count] = stream;
        _runStarts[runs] = stream;
        Bytes = stream;
        Pieces = count;
        Runs = runs;
    }

    /// <summary>The piece (in device order) holding stream byte <paramref name="offset"/>.</summary>
    public int PieceAt(long offset) => Find(_pieceStarts, Pieces, offset);

    public StagingPiece Piece(int index) => _pieces[index];

    /// <summary>Where piece <paramref name="index"/> begins in the stream; <see cref="Pieces"/> gives the stream's end.</summary>
    public long PieceStart(int index) => _pieceStarts[index];

    /// <summary>The run holding stream byte <paramref name="offset"/>.</summary>
    public int RunAt(long offset) => Find(_runStarts, Runs, offset);

    /// <summary>Where run <paramref name="index"/> begins in the stream; <see cref="Runs"/> gives the stream's end.</summary>
    public long RunStart(int index) => _runStarts[index];

    /// <summary>Where run <paramref name="index"/> begins on the device.</summary>
    public long RunDevice(int index) => _runDevice[index];

    /// <summary>Which of <paramref name="count"/> ascending starts is the last at or before <paramref name="offset"/>.</summary>
    private static int Find(long[] starts, int count, long offset)
    {
        int found = Array.BinarySearch(starts, 0, count, offset);
        return found >= 0 ? found : ~found - 1;
    }

    private void Grow(int length)
    {
        if (_order.Length >= length)
        {
            return;
        }
        _pieces = new StagingPiece[length];
        _pieceStarts = new long[length + 1];
        _runStarts = new long[length + 1];
        _runDevice = new long[length];
        _keys = new long[length];
        _order = new int[length];
    }

    private void Sort(ReadOnlySpan<StagingPiece> pieces, int count, Func<StagingPiece, long> key)
    {
        for (int k = 0; k < count; k++)
        {
            _keys[k] = key(pieces[_order[k]]);
        }
        _keys.AsSpan(0, count).Sort(_order.AsSpan(0, count));
    }

    /// <summary>With the first <paramref name="count"/> pieces in order of <paramref name="start"/>, two overlap where one
    /// ends past the next one's start.</summary>
    private void RefuseOverlaps(ReadOnlySpan<StagingPiece> pieces, int count, Func<StagingPiece, long> start, string where)
    {
        for (int k = 1; k < count; k++)
        {
            var before = pieces[_order[k - 1]];
            var after = pieces[_order[k]];
            if (start(before) + before.Bytes > start(after))
            {
                int first = Math.Min(_order[k - 1], _order[k]);
                int second = Math.Max(_order[k - 1], _order[k]);
                throw new ArgumentException(
                    $"pieces {first} and {second} overlap {where} ({Describe(pieces[first], start)} and {Describe(pieces[second], start)}); "
                    + "a destination byte must be written by one piece only", nameof(pieces));
            }
        }
    }

    private static string Describe(StagingPiece piece, Func<StagingPiece, long> start) =>
        string.Create(CultureInfo.InvariantCulture, $"[{start(piece):#,0}, {start(piece) + piece.Bytes:#,0})");
}
