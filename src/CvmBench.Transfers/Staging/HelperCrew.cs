using System.Diagnostics;

namespace CvmBench.Transfers.Staging;

/// <summary>A pipeline's helper threads: each sleeps until <see cref="Wake"/> calls it to a transfer, does its part,
/// then spins by the clock for <see cref="StagingPipeline.IdleSpinMicroseconds"/> before it sleeps again, so
/// back-to-back transfers skip a wake-up. Shared by the staging and the sealed pipelines.</summary>
/// <remarks>The crew counts the helpers it called out of the transfer itself, so a transfer ends only once none of its
/// helpers touches its memory any more, whatever their part did.</remarks>
internal sealed class HelperCrew : IDisposable
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _go;
    private volatile bool _disposed;
    // Helpers called by the last Wake that have not finished their part.
    private int _active;

    /// <param name="count">Helper threads to start.</param>
    /// <param name="name">Their thread name, numbered from 1.</param>
    /// <param name="help">A helper's part of the transfer it was woken for, given its index.</param>
    public HelperCrew(int count, string name, Action<int> help)
    {
        _threads = new Thread[count];
        _go = new ManualResetEventSlim[count];
        try
        {
            for (int h = 0; h < count; h++)
            {
                // The event's own spinning is counted in iterations of unknown length; the helper spins by the clock instead.
                _go[h] = new ManualResetEventSlim(initialState: false, spinCount: 0);
                int index = h;
                _threads[h] = new Thread(() => Run(index, help)) { IsBackground = true, Name = $"{name} {h + 1}" };
                _threads[h].Start();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _threads.Length;

    /// <summary>Calls the first <paramref name="count"/> helpers to the transfer now in progress.</summary>
    public void Wake(int count)
    {
        Volatile.Write(ref _active, count);
        for (int h = 0; h < count; h++)
        {
            _go[h].Set();
        }
    }

    /// <summary>Returns once every helper the last <see cref="Wake"/> called has finished its part. Not cancellable:
    /// helpers must be out of a transfer before it ends, and they stop at the next slice once it fails. The calling
    /// thread spins (it has a processor of its own): being woken from a blocking wait costs a virtual machine tens of
    /// microseconds, a fair part of a small transfer.</summary>
    public void AwaitHelpers()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _active) > 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Ends every helper (after the part it is doing) and waits for it.</summary>
    public void Dispose()
    {
        // Helpers woken from here on see this and end.
        _disposed = true;
        for (int h = 0; h < _threads.Length; h++)
        {
            if (_threads[h] is { IsAlive: true } thread)
            {
                _go[h].Set();
                thread.Join();
            }
            _go[h]?.Dispose();
        }
    }

    private void Run(int index, Action<int> help)
    {
        var go = _go[index];
        while (true)
        {
            // Spin by the clock for the next transfer, then sleep until it comes.
            long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * StagingPipeline.IdleSpinMicroseconds / 1_000_000;
            var spin = new SpinWait();
            while (!go.IsSet && Stopwatch.GetTimestamp() < until)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
            go.Wait();
            go.Reset();
            if (_disposed)
            {
                return;
            }
            help(index);
            Interlocked.Decrement(ref _active);
        }
    }
}
