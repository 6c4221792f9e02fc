using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Transfers;

/// <summary>Device memory named by address, as callers outside .NET name it: checked against the device's allocations
/// before anything touches it, and never freed by the borrower.</summary>
public class BorrowedDeviceMemoryTests
{
    [Fact]
    public void A_range_within_an_allocation_passes_the_check()
    {
        using var device = new HostMemoryDevice();
        using var memory = device.AllocateDevice(1000);

        device.CheckAllocated(memory.Address, 1000);
        device.CheckAllocated(memory.Address + 999, 1);
        device.CheckAllocated(memory.Address + 400, 0);
    }

    [Theory]
    [InlineData(0, 1001)]
    [InlineData(1, 1000)]
    [InlineData(1000, 1)]
    [InlineData(-1, 2)]
    [InlineData(0, -1)]
    public void A_range_outside_every_allocation_is_refused(long offset, long bytes)
    {
        using var device = new HostMemoryDevice();
        using var memory = device.AllocateDevice(1000);

        var refusal = Assert.Throws<ArgumentException>(() => device.CheckAllocated(memory.Address + (ulong)offset, bytes));
        Assert.Contains("not within one allocation", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Freed_memory_is_refused()
    {
        using var device = new HostMemoryDevice();
        var memory = device.AllocateDevice(1000);
        ulong address = memory.Address;
        memory.Dispose();

        Assert.Throws<ArgumentException>(() => device.CheckAllocated(address, 1));
    }

    [Fact]
    public void A_pipeline_copies_through_borrowed_memory_and_disposing_it_frees_nothing()
    {
        using var device = new HostMemoryDevice();
        using var memory = device.AllocateDevice(3 << 20);
        using var pipeline = new StagingPipeline(device, new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 4, HostThreads: 2));
        byte[] data = new byte[(2 << 20) + 17];
        new Random(19).NextBytes(data);

        using (var borrowed = device.Borrow(memory.Address + 100, data.Length))
        {
            pipeline.CopyToDevice(borrowed, 0, data);
        }
        byte[] back = new byte[data.Length];
        device.Download(back, memory, 100);

        Assert.Equal(data, back);
        device.CheckAllocated(memory.Address, 3 << 20);
    }
}
