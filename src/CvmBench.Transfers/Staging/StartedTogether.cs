using System.Diagnostics;

namespace CvmBench.Transfers.Staging;

/// <summary>Host threads released at one instant, for measuring what they do together.</summary>
public static class StartedTogether
{
    /// <summary>Seconds from releasing <paramref name="threads"/> threads, all started and waiting, to the last one
    /// finishing <paramref name="work"/> (called once per thread with its index). Thread start-up stays outside.</summary>
    public static double Seconds(int threads, Action<int> work)
    {
        using var ready = new CountdownEvent(threads);
        using var start = new ManualResetEventSlim();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                ready.Signal();
                start.Wait();
                work(index);
            }) { IsBackground = true };
            workers[t].Start();
        }
        ready.Wait();
        long begin = Stopwatch.GetTimestamp();
        start.Set();
        foreach (var worker in workers)
        {
            worker.Join();
        }
        return Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }
}
