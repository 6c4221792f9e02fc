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
    public void A_pipeline_starts_no_more_copying_threads_than_its_budget(int budget) =>
        AssertThreadBudget(new HostMemoryDevice(), budget);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_pipeline_on_the_gpu_starts_no_more_copying_threads_than_its_budget(int budget) =>
        AssertThreadBudget(Gpu.OpenDevice(), budget);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_tuner_respects_a_thread_budget(int budget)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "threads are counted in /proc/self/task");
        int before = SettledStagingThreads(atMost: 0);
        using var faulty = new FaultyDevice(new HostMemoryDevice(linkBytesPerSecond: 8e9));
        int most = before;
        faulty.EachDma = () => most = Math.Max(most, StagingThreads());

        var tuning = StagingTuner.Tune(faulty, TestHost.Facts with { LogicalCpus = 16 }, budget, TestContext.Current.CancellationToken);

        Assert.InRange(tuning.Options.HostThreads, 1, budget);
        Assert.InRange(most - before, 0, budget);
        Assert.Contains("per copying thread", tuning.Summary, StringComparison.Ordinal);
        Assert.Contains($"budget of {budget}", tuning.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_tuner_tries_the_chunks_demoted_and_not_where_the_cpu_can_and_keeps_the_faster(bool canDemote)
    {
        using var device = new HostMemoryDevice(linkBytesPerSecond: 8e9);

        var tuning = StagingTuner.Tune(device, TestHost.Facts with { LogicalCpus = 16, CanDemoteCacheLines = canDemote }, 2, TestContext.Current.CancellationToken);

        if (!canDemote)
        {
            Assert.False(tuning.Options.DemoteChunks);
            Assert.Contains("no CLDEMOTE on this CPU", tuning.Summary, StringComparison.Ordinal);
            return;
        }
        var tried = System.Text.RegularExpressions.Regex.Match(tuning.Summary,
            @"with (\d+) threads host to device ran ([0-9.]+) GB/s (demoting|without demoting) against ([0-9.]+) (without|demoting)");
        Assert.True(tried.Success, tuning.Summary);
        Assert.Equal(tuning.Options.HostThreads.ToString(System.Globalization.CultureInfo.InvariantCulture), tried.Groups[1].Value);
        Assert.Equal(tuning.Options.DemoteChunks, tried.Groups[3].Value == "demoting");
        Assert.NotEqual(tried.Groups[3].Value == "demoting", tried.Groups[5].Value == "demoting");
        Assert.True(double.Parse(tried.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            >= double.Parse(tried.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), tuning.Summary);
    }

    [Fact]
    public void A_budget_below_one_is_refused()
    {
        using var device = new HostMemoryDevice();
        Assert.Throws<ArgumentOutOfRangeException>(() => StagingTuner.Tune(device, TestHost.Facts, 0, TestContext.Current.CancellationToken));
    }

    private static void AssertThreadBudget(ITransferDevice device, int budget)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "threads are counted in /proc/self/task");
        // Another test's pipeline, left undisposed, would still have its threads; one just disposed may still be
        // leaving /proc/self/task.
        int before = SettledStagingThreads(atMost: 0);
        using var faulty = new FaultyDevice(device);
        int most = 0;
        faulty.EachDma = () => most = Math.Max(most, StagingThreads());
        using (var pipeline = new StagingPipeline(faulty, new StagingOptions(ChunkBytes: 64 << 10, PoolChunks: 4, HostThreads: budget, Streams: 2)))
        {
            StagingContract.RoundTrip(faulty, pipeline, 4L << 20, 3, 0, 5, $"budget {budget}");
        }

        // One thread copies and drives the device in turn: the caller's own; more are helpers, all started.
        Assert.Equal(budget == 1 ? 0 : budget, most - before);
        Assert.Equal(before, SettledStagingThreads(atMost: before));
    }

    /// <summary>The staging threads once at most <paramref name="atMost"/> are left, or after ten seconds, whichever
    /// comes first: a joined thread has finished its work, but the kernel may list it a moment longer.</summary>
    private static int SettledStagingThreads(int atMost)
    {
        long until = Environment.TickCount64 + 10_000;
        int count = StagingThreads();
        while (count > atMost && Environment.TickCount64 < until)
        {
            Thread.Sleep(10);
            count = StagingThreads();
        }
        return count;
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
