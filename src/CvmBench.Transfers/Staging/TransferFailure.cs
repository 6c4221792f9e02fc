using System.Runtime.ExceptionServices;

namespace CvmBench.Transfers.Staging;

/// <summary>How a transfer in progress ends early: the first failure of any of its threads (the driving one, a helper,
/// a queued copy), and the flag that stops every thread at its next step. Staged and sealed transfers keep one each
/// and reset it for every transfer.</summary>
internal sealed class TransferFailure
{
    private volatile bool _stopped;
    private Exception? _first;

    /// <summary>Whether the transfer failed or was cancelled: every thread leaves it at its next step.</summary>
    public bool Stopped => _stopped;

    /// <summary>Clears the flag and the failure for the next transfer.</summary>
    public void Reset()
    {
        _stopped = false;
        _first = null;
    }

    /// <summary>Lets go of the failure once the transfer is over.</summary>
    public void Forget() => _first = null;

    /// <summary>Ends the transfer with <paramref name="e"/>, unless it already failed.</summary>
    public void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _first, e, null);
        _stopped = true;
    }

    /// <summary>Waits for everything queued on <paramref name="queues"/>, so the pool is free and queued errors are
    /// seen; an error a queue reports is the transfer's failure.</summary>
    public void Drain(ITransferQueue[] queues)
    {
        foreach (var queue in queues)
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

    /// <summary>Throws the transfer's first failure, if any.</summary>
    public void ThrowIfFailed()
    {
        if (_first is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
