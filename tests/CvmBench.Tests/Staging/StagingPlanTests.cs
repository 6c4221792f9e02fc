using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>What a staged transfer will do, decided from the options, its direction and size alone: the DMAs' ramp and
/// slices, the host threads' stores, demotion, helpers and queues.</summary>
public sealed class StagingPlanTests
{
    private const Direction ToDevice = Direction.HostToDevice;
    private const Direction ToHost = Direction.DeviceToHost;
    private const long MiB = 1L << 20;

    // A pool of 4 chunks of 8 MiB: 32 MiB.
    private static readonly StagingOptions Options = new(ChunkBytes: 8 * MiB, PoolChunks: 4, HostThreads: 8, Streams: 2);
    private static readonly StagingOptions Demoting = Options with { DemoteChunks = true };

    [Fact]
    public void Host_to_device_the_dmas_ramp_up_from_256_KiB_to_the_chunk_size()
    {
        var plan = StagingPlan.For(Options, ToDevice, 4 * MiB, canDemote: false);

        // 256 KiB, 512 KiB, 1 MiB, 2 MiB, then what is left: 256 KiB.
        Assert.Equal(new[] { 0, MiB / 4, 3 * MiB / 4, 7 * MiB / 4, 15 * MiB / 4, 4 * MiB }, Starts(plan));
        Assert.Equal(MiB / 4, plan.FirstDmaBytes);
        Assert.Equal(5, plan.RampDmas);
        Assert.Equal(2 * MiB, plan.LargestDma);
    }

    [Fact]
    public void Device_to_host_the_same_dmas_come_in_the_opposite_order_so_the_last_is_small()
    {
        var toDevice = StagingPlan.For(Options, ToDevice, 4 * MiB, canDemote: false);
        var toHost = StagingPlan.For(Options, ToHost, 4 * MiB, canDemote: false);

        Assert.Equal(Sizes(toDevice).Reverse(), Sizes(toHost));
        Assert.Equal(MiB / 4, Sizes(toHost).Last());
    }

    [Theory]
    [InlineData(ToDevice)]
    [InlineData(ToHost)]
    public void After_the_ramp_every_dma_carries_a_whole_chunk_but_the_short_one(Direction direction)
    {
        var plan = StagingPlan.For(Options, direction, 200 * MiB, canDemote: false);
        var sizes = Sizes(plan).ToList();

        // The ramp (256 KiB to 4 MiB: 7.75 MiB), 24 chunks of 8 MiB, and a last 0.25 MiB.
        Assert.Equal(30, plan.Dmas);
        Assert.Equal(24, sizes.Count(size => size == 8 * MiB));
        Assert.Equal(8 * MiB, plan.LargestDma);
        Assert.Equal(200 * MiB, sizes.Sum());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(20 * MiB, 3)]
    [InlineData(200 * MiB, 25)]
    public void Fixed_chunks_carry_a_whole_chunk_whatever_the_size(long bytes, long dmas)
    {
        foreach (var direction in new[] { ToDevice, ToHost })
        {
            var plan = StagingPlan.For(Options with { FixedChunks = true }, direction, bytes, canDemote: false);

            Assert.Equal(dmas, plan.Dmas);
            Assert.Equal(0, plan.RampDmas);
            Assert.All(Sizes(plan).SkipLast(1), size => Assert.Equal(8 * MiB, size));
        }
    }

    [Fact]
    public void Chunks_no_larger_than_the_first_dma_have_no_ramp()
    {
        var plan = StagingPlan.For(new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 4), ToDevice, MiB, canDemote: false);

        Assert.Equal(0, plan.RampDmas);
        Assert.Equal(4, plan.Dmas);
    }

    [Theory]
    [InlineData(ToDevice, 31 * MiB, 64 << 10)]
    [InlineData(ToHost, 31 * MiB, 64 << 10)]
    [InlineData(ToDevice, 32 * MiB, 256 << 10)]
    [InlineData(ToHost, 1024 * MiB, 256 << 10)]
    public void Below_the_pools_size_slices_are_64_KiB_so_every_thread_has_part_of_the_first_dmas(Direction direction, long bytes, long sliceBytes)
    {
        var plan = StagingPlan.For(Options, direction, bytes, canDemote: false);

        Assert.Equal(sliceBytes, plan.SliceBytes);
        Assert.Equal(Enumerable.Range(0, (int)plan.Dmas).Sum(d => (long)plan.DmaSlices(d)), plan.Slices);
    }

    [Fact]
    public void Fixed_chunks_keep_slices_of_256_KiB_at_every_size()
    {
        var plan = StagingPlan.For(new StagingOptions(ChunkBytes: MiB, PoolChunks: 64, FixedChunks: true), ToDevice, 3 * MiB, canDemote: false);

        Assert.Equal(3, plan.Dmas);
        Assert.Equal(4, plan.DmaSlices(0));
        Assert.Equal(12, plan.Slices);
    }

    [Theory]
    [InlineData(4 << 10, 1, false)]
    [InlineData(64 << 10, 100_000, false)]
    [InlineData(516 << 10, 3 * MiB + 5, false)]
    [InlineData(772 << 10, (772 << 10) + 300_000, true)]
    [InlineData(8 * MiB, 64 * MiB, false)]
    [InlineData(8 * MiB, 300 * MiB + 1, false)]
    [InlineData(4 * MiB, 31 * MiB + 4095, false)]
    [InlineData(4 * MiB, 1, false)]
    public void Every_byte_is_in_one_dma_and_one_slice_in_order(long chunk, long bytes, bool fixedChunks)
    {
        foreach (var direction in new[] { ToDevice, ToHost })
        {
            var options = new StagingOptions(ChunkBytes: chunk, PoolChunks: 8, FixedChunks: fixedChunks);
            var plan = StagingPlan.For(options, direction, bytes, canDemote: false);

            Assert.Equal(0, plan.DmaStart(0));
            Assert.Equal(bytes, plan.DmaStart(plan.Dmas));
            Assert.Equal(0, plan.FirstSlice(0));
            Assert.Equal(plan.Slices, plan.FirstSlice(plan.Dmas));
            for (long d = 0; d < plan.Dmas; d++)
            {
                long size = plan.DmaStart(d + 1) - plan.DmaStart(d);
                Assert.InRange(size, 1, Math.Min(chunk, plan.LargestDma));
                Assert.Equal((size + plan.SliceBytes - 1) / plan.SliceBytes, plan.DmaSlices(d));
                Assert.Equal(plan.FirstSlice(d) + plan.DmaSlices(d), plan.FirstSlice(d + 1));
                Assert.Equal(d, plan.DmaOf(plan.FirstSlice(d)));
                Assert.Equal(d, plan.DmaOf(plan.FirstSlice(d + 1) - 1));
            }
            Assert.Equal(0, plan.SliceBytes % 64);
        }
    }

    [Theory]
    // Below the pool's size (32 MiB): non-temporal stores into the chunks, never demoted.
    [InlineData(31 * MiB, true, true, true, false)]
    // From the pool's size up, where asked and the CPU can: regular stores, then demoted.
    [InlineData(32 * MiB, true, true, false, true)]
    [InlineData(1024 * MiB, true, true, false, true)]
    // Not asked, or the CPU cannot: non-temporal stores up to the pool's size, regular stores above it.
    [InlineData(32 * MiB, false, true, true, false)]
    [InlineData(32 * MiB, true, false, true, false)]
    [InlineData(33 * MiB, false, true, false, false)]
    [InlineData(33 * MiB, true, false, false, false)]
    public void Host_to_device_chunks_take_non_temporal_stores_within_the_pool_and_are_demoted_from_its_size_up_where_asked(
        long bytes, bool demoteAsked, bool canDemote, bool nonTemporal, bool demoted)
    {
        var plan = StagingPlan.For(Options with { DemoteChunks = demoteAsked }, ToDevice, bytes, canDemote);

        Assert.Equal(nonTemporal, plan.NonTemporalStores);
        Assert.Equal(demoted, plan.DemoteChunks);
    }

    [Theory]
    [InlineData(MiB)]
    [InlineData(32 * MiB)]
    [InlineData(1024 * MiB)]
    public void Without_non_temporal_stores_every_store_is_regular(long bytes)
    {
        var options = Demoting with { NonTemporalStores = false };

        Assert.False(StagingPlan.For(options, ToDevice, bytes, canDemote: false).NonTemporalStores);
        Assert.False(StagingPlan.For(options, ToHost, bytes, canDemote: true).NonTemporalStores);
    }

    [Theory]
    [InlineData(MiB)]
    [InlineData(32 * MiB)]
    [InlineData(1024 * MiB)]
    public void Device_to_host_the_callers_memory_takes_the_options_stores_at_every_size_and_nothing_is_demoted(long bytes)
    {
        var plan = StagingPlan.For(Demoting, ToHost, bytes, canDemote: true);

        Assert.True(plan.NonTemporalStores);
        Assert.False(plan.DemoteChunks);
    }

    [Theory]
    // Device to host at any size: one queue, each DMA alone on the link.
    [InlineData(ToHost, 1, true)]
    [InlineData(ToHost, 32 * MiB - 1, true)]
    [InlineData(ToHost, 1024 * MiB, true)]
    // Host to device at any size: every stream.
    [InlineData(ToDevice, 1, false)]
    [InlineData(ToDevice, 32 * MiB, false)]
    [InlineData(ToDevice, 1024 * MiB, false)]
    public void A_device_to_host_transfer_keeps_to_one_queue(Direction direction, long bytes, bool oneQueue)
    {
        Assert.Equal(oneQueue ? 1 : 2, StagingPlan.For(Options, direction, bytes, canDemote: false).Queues);
        Assert.Equal(oneQueue ? 1 : 3, StagingPlan.For(Options with { Streams = 3 }, direction, bytes, canDemote: false).Queues);
    }

    [Theory]
    // One host thread: no helpers, the calling thread copies.
    [InlineData(1, 64 * MiB, 0)]
    // More: as many helpers, but no more than there are slices (128 KiB is two of 64 KiB, 1 MiB sixteen).
    [InlineData(8, 64 * MiB, 8)]
    [InlineData(8, MiB, 8)]
    [InlineData(8, 128 << 10, 2)]
    [InlineData(8, 1, 1)]
    public void Helpers_are_woken_only_for_slices_there_are(int threads, long bytes, int helpers)
    {
        var plan = StagingPlan.For(Options with { HostThreads = threads }, ToDevice, bytes, canDemote: false);

        Assert.Equal(helpers, plan.Helpers);
    }

    [Fact]
    public void The_plan_depends_on_its_inputs_alone()
    {
        Assert.Equal(StagingPlan.For(Demoting, ToDevice, 100 * MiB, true), StagingPlan.For(Demoting with { }, ToDevice, 100 * MiB, true));
        Assert.NotEqual(StagingPlan.For(Demoting, ToDevice, 100 * MiB, true), StagingPlan.For(Demoting, ToDevice, 100 * MiB, false));
    }

    [Fact]
    public void Only_a_transfer_of_at_least_a_byte_between_host_and_device_has_a_plan()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StagingPlan.For(Options, ToDevice, 0, canDemote: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => StagingPlan.For(Options, Direction.DeviceToDevice, MiB, canDemote: false));
    }

    private static IEnumerable<long> Starts(StagingPlan plan)
    {
        for (long d = 0; d <= plan.Dmas; d++)
        {
            yield return plan.DmaStart(d);
        }
    }

    private static IEnumerable<long> Sizes(StagingPlan plan) => Starts(plan).Zip(Starts(plan).Skip(1), (start, end) => end - start);
}
