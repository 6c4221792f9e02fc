using CvmBench.Transfers;
using CvmBench.Transfers.Staging;

namespace CvmBench.Tests.Staging;

/// <summary>What a staged transfer will do, decided from the options, its direction and size alone: DMA and slice
/// sizes, the host threads' stores, demotion, helpers and queues.</summary>
public sealed class StagingPlanTests
{
    private const Direction ToDevice = Direction.HostToDevice;
    private const Direction ToHost = Direction.DeviceToHost;
    private const long MiB = 1L << 20;

    // A pool of 4 chunks of 8 MiB: 32 MiB.
    private static readonly StagingOptions Options = new(ChunkBytes: 8 * MiB, PoolChunks: 4, HostThreads: 8, Streams: 2);
    private static readonly StagingOptions Demoting = Options with { DemoteChunks = true };

    [Theory]
    // 4 MiB / 16 is below the 512 KiB floor: eight DMAs of 512 KiB.
    [InlineData(4 * MiB, MiB / 2, 8)]
    // 5 MiB and 3 bytes: ten whole 512 KiB and a short eleventh.
    [InlineData(5 * MiB + 3, MiB / 2, 11)]
    // 16 MiB / 16: sixteen DMAs of 1 MiB.
    [InlineData(16 * MiB, MiB, 16)]
    // 64 MiB / 16: sixteen DMAs of 4 MiB.
    [InlineData(64 * MiB, 4 * MiB, 16)]
    // 200 MiB is more than sixteen chunks: whole 8 MiB chunks, 25 of them.
    [InlineData(200 * MiB, 8 * MiB, 25)]
    // One byte: one DMA of the 512 KiB floor.
    [InlineData(1, MiB / 2, 1)]
    public void A_transfer_under_sixteen_chunks_is_cut_into_sixteen_dmas_of_at_least_half_a_mebibyte(long bytes, long dmaBytes, long dmas)
    {
        foreach (var direction in new[] { ToDevice, ToHost })
        {
            var plan = StagingPlan.For(Options, direction, bytes, canDemote: false);

            Assert.Equal(dmaBytes, plan.DmaBytes);
            Assert.Equal(dmas, plan.Dmas);
            Assert.Equal(bytes, plan.Bytes);
            Assert.Equal(direction, plan.Direction);
        }
    }

    [Fact]
    public void Chunks_smaller_than_the_floor_are_the_floor_of_a_small_transfers_dmas()
    {
        var plan = StagingPlan.For(new StagingOptions(ChunkBytes: 256 << 10, PoolChunks: 4), ToDevice, MiB, canDemote: false);

        Assert.Equal(256 << 10, plan.DmaBytes);
        Assert.Equal(4, plan.Dmas);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(20 * MiB, 3)]
    [InlineData(200 * MiB, 25)]
    public void Fixed_chunks_carry_a_whole_chunk_whatever_the_size(long bytes, long dmas)
    {
        var plan = StagingPlan.For(Options with { FixedChunks = true }, ToHost, bytes, canDemote: false);

        Assert.Equal(8 * MiB, plan.DmaBytes);
        Assert.Equal(dmas, plan.Dmas);
    }

    [Fact]
    public void From_the_pools_size_dmas_are_shared_out_in_slices_of_about_256_KiB_with_the_last_dma_short()
    {
        var plan = StagingPlan.For(Options, ToDevice, 256 * MiB + 3, canDemote: false);

        // Whole 8 MiB chunks in 32 slices each; the 33rd DMA carries 3 bytes, in one slice.
        Assert.Equal(33, plan.Dmas);
        Assert.Equal(32, plan.SlicesPerDma);
        Assert.Equal(1, plan.LastDmaSlices);
        Assert.Equal(32 * 32 + 1, plan.Slices);
        Assert.Equal(new long[] { 0, 256 << 10, 512 << 10, 768 << 10, MiB }, Enumerable.Range(0, 5).Select(plan.SliceStart));
    }

    [Theory]
    [InlineData(ToDevice)]
    [InlineData(ToHost)]
    public void Below_the_pools_size_dmas_are_shared_out_in_slices_of_about_64_KiB_so_every_thread_has_part_of_the_first(Direction direction)
    {
        var plan = StagingPlan.For(Options, direction, 5 * MiB + 3, canDemote: false);

        // 512 KiB DMAs in eight slices each, as many as the host threads; the eleventh DMA carries 3 bytes, in one slice.
        Assert.Equal(8, plan.SlicesPerDma);
        Assert.Equal(Options.HostThreads, plan.SlicesPerDma);
        Assert.Equal(1, plan.LastDmaSlices);
        Assert.Equal(10 * 8 + 1, plan.Slices);
        Assert.Equal(new long[] { 0, 64 << 10, 128 << 10 }, Enumerable.Range(0, 3).Select(plan.SliceStart));
    }

    [Fact]
    public void Fixed_chunks_keep_slices_of_about_256_KiB_at_every_size()
    {
        var plan = StagingPlan.For(new StagingOptions(ChunkBytes: MiB, PoolChunks: 64, FixedChunks: true), ToDevice, 3 * MiB, canDemote: false);

        Assert.Equal(3, plan.Dmas);
        Assert.Equal(4, plan.SlicesPerDma);
    }

    [Fact]
    public void No_dma_has_more_slices_than_a_chunk_can_be_cut_into()
    {
        foreach (long chunk in new long[] { 4 << 10, 64 << 10, 516 << 10, 8 * MiB })
        {
            foreach (long bytes in new long[] { 1, 100_000, 3 * MiB, 64 * MiB, 300 * MiB })
            {
                var options = new StagingOptions(ChunkBytes: chunk, PoolChunks: 4);
                Assert.InRange(StagingPlan.For(options, ToDevice, bytes, canDemote: false).SlicesPerDma, 1, StagingPlan.MaxSlicesPerDma(chunk));
                Assert.InRange(StagingPlan.For(options with { FixedChunks = true }, ToHost, bytes, canDemote: false).SlicesPerDma, 1, StagingPlan.MaxSlicesPerDma(chunk));
            }
        }
    }

    [Fact]
    public void Slice_boundaries_fall_on_cache_lines_and_the_last_is_the_dmas_end()
    {
        // 772 KiB chunks: three slices, whose thirds are not whole lines.
        const long Chunk = 772 << 10;
        var plan = StagingPlan.For(new StagingOptions(ChunkBytes: Chunk, PoolChunks: 4, FixedChunks: true), ToHost, Chunk + 300_000, canDemote: false);

        Assert.Equal(3, plan.SlicesPerDma);
        Assert.Equal(new long[] { 0, 263_488, 526_976, Chunk }, Enumerable.Range(0, 4).Select(plan.SliceStart));
        Assert.All(Enumerable.Range(0, 3).Select(plan.SliceStart), start => Assert.Equal(0, start % 64));
        // The second DMA's 300,000 bytes reach into its second slice, not its third.
        Assert.Equal(2, plan.LastDmaSlices);
        Assert.Equal(5, plan.Slices);
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
}
