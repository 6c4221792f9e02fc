using CvmBench.Measurement;
using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>The copying threads a pipeline starts, counted by name in the process's thread list (Linux names each
/// thread in /proc/self/task), never exceed the budget it was given.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class StagingThreadBudgetTests
{
    // The pipeline names its threads "staging host copy N"; Linux keeps the first 15 characters.
    private const string ThreadName = "staging host co";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_pipeline_starts_no_more_copying_threads_than_its_budget(int budget)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "threads are counted in /proc/self/task");
        // Another test's pipeline, left undisposed, would still have its threads.
        int before = StagingThreads();
        using var faulty = new FaultyDevice(new HostMemoryDevice());
        int most = 0;
        faulty.EachDma = () => most = Math.Max(most, StagingThreads());
        using (var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: budget, Streams: 2)))
        {
            StagingContract.RoundTrip(faulty, pipeline, 4L << 20, 3, 0, 5, $"budget {budget}");
        }

        // One thread copies and drives the device in turn: the caller's own; more are helpers, all started.
        Assert.Equal(budget == 1 ? 0 : budget, most - before);
        Assert.Equal(before, StagingThreads());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_tuner_respects_a_thread_budget(int budget)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "threads are counted in /proc/self/task");
        int before = StagingThreads();
        using var faulty = new FaultyDevice(new HostMemoryDevice(linkBytesPerSecond: 8e9));
        int most = before;
        faulty.EachDma = () => most = Math.Max(most, StagingThreads());

        var tuning = StagingTuner.Tune(faulty, TestHost.Facts with { LogicalCpus = 16 }, budget, TestContext.Current.CancellationToken);

        Assert.InRange(tuning.Options.HostThreads, 1, budget);
        Assert.InRange(most - before, 0, budget);
        Assert.Contains("per copying thread", tuning.Summary, StringComparison.Ordinal);
        Assert.Contains($"budget of {budget}", tuning.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_below_one_is_refused()
    {
        using var device = new HostMemoryDevice();
        Assert.Throws<ArgumentOutOfRangeException>(() => StagingTuner.Tune(device, TestHost.Facts, 0, TestContext.Current.CancellationToken));
    }

    private static int StagingThreads()
    {
        int count = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(ThreadName, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The thread ended while the list was read.
            }
        }
        return count;
    }
}
