using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

public sealed class StagingAllocationTests
{
    [Fact]
    public void Steady_state_transfers_allocate_nothing_on_the_calling_thread()
    {
        using var device = new ImmediateDevice();
        AssertNoSteadyStateAllocation(device);
    }

    /// <summary>After a warm-up, transfers both ways (the calling thread copies slices and queues DMAs too) allocate no managed memory.</summary>
    internal static unsafe void AssertNoSteadyStateAllocation(ITransferDevice device)
    {
        const long Bytes = 4L << 20;
        foreach (int threads in new[] { 1, 3 })
        {
            using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 4, HostThreads: threads, Streams: 2));
            using var memory = device.AllocateDevice(Bytes);
            using var host = new HostRange(Bytes, 1);
            using var cancellation = new CancellationTokenSource();
            for (int i = 0; i < 3; i++)
            {
                pipeline.CopyToDevice(memory, 0, host.Start, Bytes, cancellation.Token);
                pipeline.CopyToHost(host.Start, memory, 0, Bytes, cancellation.Token);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                pipeline.CopyToDevice(memory, 0, host.Start, Bytes, cancellation.Token);
                pipeline.CopyToHost(host.Start, memory, 0, Bytes, cancellation.Token);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
