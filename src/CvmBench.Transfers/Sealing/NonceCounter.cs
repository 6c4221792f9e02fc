namespace CvmBench.Transfers.Sealing;

/// <summary>One direction key's segment counter. Each transfer takes a range of it at once, so no two transfers, on any
/// threads, ever use one nonce under the key; a range that would pass <see cref="SealedLayout.CounterLimit"/> is refused.</summary>
internal sealed class NonceCounter(ulong first)
{
    private ulong _next = first;

    /// <summary>Counters still free.</summary>
    public ulong Left => SealedLayout.CounterLimit - Volatile.Read(ref _next);

    /// <summary>Takes <paramref name="count"/> counters and returns the first.</summary>
    /// <exception cref="InvalidOperationException">The range would pass the limit; nothing was taken.</exception>
    public ulong Take(long count, string key)
    {
        ulong next = Volatile.Read(ref _next);
        while (true)
        {
            if (count < 0 || (ulong)count > SealedLayout.CounterLimit - next)
            {
                throw new InvalidOperationException(
                    $"the {key} key has {SealedLayout.CounterLimit - next} nonces left and the transfer needs {count}: open a new sealed pipeline for a new key");
            }
            ulong seen = Interlocked.CompareExchange(ref _next, next + (ulong)count, next);
            if (seen == next)
            {
                return next;
            }
            next = seen;
        }
    }
}
