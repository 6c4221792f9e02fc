using CvmBench.Transfers;

namespace CvmBench.Tests.Transfers;

/// <summary>One queue's work waiting, on the device, for a marker another queue records: what a sealed transfer's DMAs
/// rely on to follow the device's seals without the host in between.</summary>
public class QueueWaitTests
{
    [Fact]
    public void Work_queued_behind_a_wait_runs_only_after_the_other_queue_reaches_the_marker()
    {
        using var device = new HostMemoryDevice();
        using var producer = device.CreateQueue();
        using var consumer = device.CreateQueue();
        using var memory = device.AllocateDevice(4096);
        using var source = device.AllocateHost(MemoryKind.Pinned, 4096);
        using var destination = device.AllocateHost(MemoryKind.Pinned, 4096);
        unsafe
        {
            new Span<byte>((void*)source.Pointer, 4096).Fill(0x5a);
        }

        producer.Hold();
        bool reachedWhileHeld;
        IQueueEvent? written = null;
        IQueueEvent? read = null;
        try
        {
            producer.CopyHostToDevice(memory, 0, source, 0, 4096, CopyMethod.CopyEngine);
            written = producer.Mark();
            consumer.Wait(written);
            consumer.CopyDeviceToHost(destination, 0, memory, 0, 4096, CopyMethod.CopyEngine);
            read = consumer.Mark();
            // The producer is held, so the consumer cannot have passed its wait, however long this thread sleeps.
            Thread.Sleep(50);
            reachedWhileHeld = read.IsReached;
        }
        finally
        {
            device.ReleaseHeldQueues();
        }
        consumer.Synchronize();

        Assert.False(reachedWhileHeld);
        Assert.True(read.IsReached);
        unsafe
        {
            Assert.True(new ReadOnlySpan<byte>((void*)destination.Pointer, 4096).SequenceEqual(new ReadOnlySpan<byte>((void*)source.Pointer, 4096)));
        }
        written.Dispose();
        read.Dispose();
    }
}
