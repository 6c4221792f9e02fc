using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Model;

/// <summary>Each formula against a calculation done by hand from the shipped parameters (values in the comments are
/// the file's: 25.8 GB/s link, 5 us DMA latency, 16 GB/s copy, ...).</summary>
public class FormulaTests
{
    private const double Us = 1e-6, KiB = 1 << 10, MiB = 1 << 20, GiB = 1 << 30;
    private const double Link = 25.8e9, Latency = 5 * Us;
    private static readonly ModelParameters P = ModelParameters.Defaults;
    private const Direction H2D = Direction.HostToDevice;

    // 1 + q + q^2 + q^3 with q = 1%: the expected attempts of one MapGPA chunk.
    private const double Attempts = 1 + 0.01 + 0.0001 + 0.000001;

    [Fact]
    public void Pinned_is_the_latency_plus_the_bytes_at_the_link_rate() =>
        Near(Latency + 64 * MiB / Link, Seconds(PlatformProfile.BareMetal, TransferStrategy.Pinned, 64 * MiB));

    [Fact]
    public void Bare_metal_bounce_pipelines_2_MiB_staging_copies_with_their_DMA()
    {
        double copy = 2 * MiB / 16e9, dma = 2 * MiB / Link; // 131.07 us and 81.28 us per chunk
        double expected = Latency + copy + dma + 31 * copy;   // 32 chunks: the first passes both stages, the rest follow the copy
        Near(expected, Seconds(PlatformProfile.BareMetal, TransferStrategy.Bounce, 64 * MiB));
    }

    [Fact]
    public void The_plain_vm_bounce_copies_into_its_staging_chunks_at_the_staging_rate_and_out_of_them_at_the_host_rate()
    {
        // staging.copyRatePerThread 40 GB/s, host.copyRatePerThread 8 GB/s, 2 MiB chunks, 32 of them in 64 MiB.
        var p = P with { Machine = P.Machine with { StagingCopyRatePerThread = 40e9, CopyRatePerThread = 8e9 } };
        double dma = 2 * MiB / Link;
        double into = 2 * MiB / 40e9, outOf = 2 * MiB / 8e9;      // 52.43 us and 262.14 us per chunk
        Near(Latency + into + dma + 31 * dma, TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Bounce, H2D, 64 * MiB, p));
        Near(Latency + outOf + dma + 31 * outOf, TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Bounce, Direction.DeviceToHost, 64 * MiB, p));
        // swiotlb's pool is larger than the cache: TDX's bounce copies at the host rate both ways.
        double copy = 256 * KiB / 8e9 + 1 * Us;
        Near(Latency + copy + 256 * KiB / Link + 255 * copy, TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, H2D, 64 * MiB, p));
    }

    [Fact]
    public void A_bounce_submits_each_chunk_on_its_copying_thread_but_the_first_launch_is_in_the_dma_latency()
    {
        // 3 us per chunk on top of each copy: 131.07 + 3 us per 2 MiB chunk, 17.38 + 3 us per 256 KiB mapping. The DMA
        // latency runs from queuing one DMA to seeing it complete, so the first chunk's submission is in it.
        var p = P with { Machine = P.Machine with { StagingSubmitCost = 3 * Us } };
        double copy = 2 * MiB / 16e9 + 3 * Us, dma = 2 * MiB / Link;
        Near(Latency + copy - 3 * Us + dma + 31 * copy, TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Bounce, H2D, 64 * MiB, p));
        double mapping = 256 * KiB / 16e9 + 1 * Us + 3 * Us;
        Near(Latency + mapping - 3 * Us + 256 * KiB / Link + 255 * mapping, TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, H2D, 64 * MiB, p));
    }

    [Fact]
    public void A_bounce_of_one_chunk_pays_one_dma_launch()
    {
        // 4 KiB in one swiotlb mapping: the DMA latency (its launch and completion), the copy, the mapping, the DMA.
        // Queuing that one DMA is the launch the latency holds; the submission cost adds nothing more.
        var p = P with { Machine = P.Machine with { StagingSubmitCost = 4.47 * Us } };
        foreach (var direction in new[] { H2D, Direction.DeviceToHost })
        {
            double expected = Latency + 4 * KiB / 16e9 + 1 * Us + 4 * KiB / Link;
            Near(expected, TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, direction, 4 * KiB, p));
            Near(expected, TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, direction, 4 * KiB, P));
        }
        // Two chunks of 2 MiB: the second chunk's submission is the copying thread's, and is paid once.
        double two = 2 * (2 * MiB / 16e9) + 4.47 * Us + 2 * MiB / Link;
        Near(Latency + two, TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Bounce, H2D, 4 * MiB, p));
        // A submission longer than the whole latency cannot be inside it: one chunk then pays the submission instead.
        var slow = P with { Machine = P.Machine with { StagingSubmitCost = 20 * Us } };
        Near(20 * Us + 4 * KiB / 16e9 + 1 * Us + 4 * KiB / Link, TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, H2D, 4 * KiB, slow));
    }

    [Fact]
    public void Swiotlb_bounce_pipelines_256_KiB_mappings_each_with_its_mapping_cost()
    {
        double copy = 256 * KiB / 16e9 + 1 * Us, dma = 256 * KiB / Link; // 17.38 us and 10.16 us per mapping
        double expected = Latency + copy + dma + 255 * copy;             // 256 mappings in 64 MiB
        Near(expected, Seconds(PlatformProfile.Tdx, TransferStrategy.Bounce, 64 * MiB));
    }

    [Fact]
    public void Swiotlb_bounce_beyond_the_pool_goes_in_pool_sized_rounds()
    {
        // 6% of 64 GiB is 3.84 GiB, clamped to the 1 GiB maximum: 4 GiB goes in 4 rounds of 4096 mappings.
        double copy = 256 * KiB / 16e9 + 1 * Us, dma = 256 * KiB / Link;
        double round = Latency + copy + dma + 4095 * copy;
        Near(4 * round, Seconds(PlatformProfile.SevSnp, TransferStrategy.Bounce, 4 * GiB));
    }

    [Theory]
    [InlineData(64.0, 1024.0)]   // 3.84 GiB, clamped to 1 GiB
    [InlineData(0.5, 64.0)]      // 30.7 MiB, raised to 64 MiB
    [InlineData(8.0, 491.52)]    // 6% of 8 GiB
    public void The_swiotlb_pool_is_6_percent_of_memory_within_64_MiB_and_1_GiB(double memoryGiB, double poolMiB) =>
        Near(poolMiB * MiB, P.Swiotlb.PoolBytes(memoryGiB * GiB));

    [Fact]
    public void A_MapGPA_chunk_is_retried_with_the_retry_probability_at_most_three_times() =>
        Near(Attempts, P.Tdx.MapGpaAttemptsPerChunk);

    [Fact]
    public void Tdx_makes_one_page_shared_with_one_exit_one_removal_a_flush_and_a_shootdown()
    {
        var cost = PageConversionModel.ToShared(PlatformProfile.Tdx, 4 * KiB, P);
        Near(Attempts * 8 * Us, cost.Exits);                  // one 2 MiB MapGPA chunk, even for one page
        Near(1 * Us + 0.02 * Us, cost.PageWork);              // secure-EPT removal + PTE
        Near(4 * KiB / 20e9 + 10 * Us, cost.Flushes);          // clflush of 4 KiB + TLB shootdown
        Assert.Equal(0, cost.Accept);
    }

    [Fact]
    public void Tdx_makes_2_MiB_private_with_512_accepts_of_4_KiB_when_the_host_maps_4_KiB()
    {
        var cost = PageConversionModel.ToPrivate(PlatformProfile.Tdx, 2 * MiB, P);
        Near(Attempts * 8 * Us, cost.Exits);
        Near(512 * 5 * Us + 2 * MiB / 20e9, cost.Accept);     // 2560 us of TDCALLs and AUGs + 104.9 us clearing
        Near(512 * 0.02 * Us, cost.PageWork);
        Near(2 * MiB / 20e9 + 10 * Us, cost.Flushes);
    }

    [Fact]
    public void Tdx_accepts_2_MiB_in_one_piece_when_the_host_maps_2_MiB()
    {
        var hugePages = P with { Tdx = P.Tdx with { PrivatePageBytes = 2 * MiB } };
        var cost = PageConversionModel.ToPrivate(PlatformProfile.Tdx, 2 * MiB, hugePages);
        Near(5 * Us + 2 * MiB / 20e9, cost.Accept);
    }

    [Theory]
    [InlineData(4096.0, 4096.0, 4096.0)]
    [InlineData(3.0 * (1 << 20), 2.0 * (1 << 20), 2.0 * (1 << 20))]
    [InlineData(1.0 * (1 << 20), 2.0 * (1 << 20), 4096.0)]
    [InlineData(2.0 * (1 << 30), 1.0 * (1 << 30), 1.0 * (1 << 30))]
    [InlineData(2.0 * (1 << 30), 2.0 * (1 << 20), 2.0 * (1 << 20))]
    public void Accept_uses_the_largest_of_1_GiB_2_MiB_and_4_KiB_that_fits(double bytes, double privatePage, double piece) =>
        Assert.Equal(piece, PageConversionModel.AcceptPieceBytes(bytes, privatePage));

    [Fact]
    public void Snp_sends_one_page_state_change_per_64_pages()
    {
        var quarterMiB = PageConversionModel.ToShared(PlatformProfile.SevSnp, 256 * KiB, P); // 64 pages: one request
        Near(3.553 * Us, quarterMiB.Exits);
        Near(64 * (0.065 + 0.02 + 0.25) * Us, quarterMiB.PageWork); // PVALIDATE + PTE + RMPUPDATE
        Near(3 * Us, quarterMiB.Flushes);
        var oneMiB = PageConversionModel.ToShared(PlatformProfile.SevSnp, 1 * MiB, P);        // 256 pages: four requests
        Near(4 * 3.553 * Us, oneMiB.Exits);
    }

    [Fact]
    public void The_page_flip_is_pvalidate_and_a_pte_per_page_and_one_tlb_flush()
    {
        var cost = PageConversionModel.ToPrivate(PlatformProfile.SnpPageFlip, 4 * KiB, P);
        Assert.Equal(0, cost.Exits);
        Near((0.065 + 0.02 + 3) * Us, cost.Total);
    }

    [Fact]
    public void Bare_metal_and_vm_have_no_page_states_to_convert()
    {
        Assert.Equal(0, PageConversionModel.RoundTrip(PlatformProfile.BareMetal, 1 * GiB, P).Total);
        Assert.Equal(0, PageConversionModel.RoundTrip(PlatformProfile.Vm, 1 * GiB, P).Total);
    }

    [Fact]
    public void Convert_per_transfer_adds_registration_and_both_conversions_to_the_dma_without_overlap()
    {
        double registration = 10 * Us + 0.5 * Us;               // one call each way, one page
        double roundTrip = 2 * Attempts * 8 * Us               // MapGPA there and back
            + 1.02 * Us + 0.02 * Us                             // removal + PTE there, PTE back
            + 5 * Us + 4 * KiB / 20e9                           // one ACCEPT and its clearing
            + 2 * (4 * KiB / 20e9 + 10 * Us);                   // flush + shootdown each way
        Near(Latency + registration + roundTrip + 4 * KiB / Link, Seconds(PlatformProfile.Tdx, TransferStrategy.ConvertPerTransfer, 4 * KiB));
    }

    [Fact]
    public void Convert_per_transfer_is_convert_once_used_once()
    {
        foreach (var platform in new[] { PlatformProfile.Vm, PlatformProfile.Tdx, PlatformProfile.SevSnp, PlatformProfile.SnpPageFlip })
        {
            Near(Seconds(platform, TransferStrategy.ConvertOnce(1), 64 * MiB), Seconds(platform, TransferStrategy.ConvertPerTransfer, 64 * MiB));
        }
    }

    [Fact]
    public void Batches_overlap_the_conversion_of_one_batch_with_the_dma_of_another()
    {
        double convert = 2 * Attempts * 8 * Us                  // one MapGPA chunk each way
            + 512 * (1 + 0.02 + 0.02) * Us                      // removal and PTEs
            + 512 * 5 * Us + 2 * MiB / 20e9                     // ACCEPTs and clearing
            + 2 * (2 * MiB / 20e9 + 10 * Us);                   // flushes and shootdowns
        double dma = 2 * MiB / Link;
        double expected = Latency + convert + dma + 31 * Math.Max(convert, dma); // 32 batches of 2 MiB
        Near(expected, Seconds(PlatformProfile.Tdx, TransferStrategy.InBatches(512), 64 * MiB));
    }

    [Fact]
    public void Convert_once_spreads_registration_and_both_conversions_over_the_reuses()
    {
        double pages = 64 * MiB / (4 * KiB);                    // 16384
        double once = 10 * Us + pages * 0.5 * Us                // registration: the calls and the pages
            + 2 * (pages / 64 * 3.553 * Us + pages * (0.065 + 0.02 + 0.25) * Us + 3 * Us); // SNP there and back
        Near(Latency + 64 * MiB / Link + once / 100, Seconds(PlatformProfile.SevSnp, TransferStrategy.ConvertOnce(100), 64 * MiB));
    }

    [Fact]
    public void Encrypted_bounce_pipelines_cpu_encryption_the_link_and_gpu_decryption_per_2_MiB()
    {
        double cpu = 2 * MiB / 6e9 + 512 * 0.05 * Us + 10 * Us; // AES-GCM, 512 tags, chunk handshake: 385.1 us
        double dma = (2 * MiB + 512 * 16) / Link;               // data and tags
        double gpu = 2 * MiB / 100e9;
        double expected = Latency + cpu + dma + gpu + 31 * cpu;
        Near(expected, Seconds(PlatformProfile.H100Cc, TransferStrategy.EncryptedBounce, 64 * MiB));
    }

    [Fact]
    public void Sealed_bounce_divides_the_encryption_of_each_chunk_among_the_copying_threads()
    {
        // 8 threads sealing 4 MiB chunks, a tag per 64 KiB (64 tags, 32-byte records), the GPU opening at 100 GB/s.
        var p = P with { Encrypted = P.Encrypted with { SealedThreads = 8, SealedGpuRate = 100e9 } };
        double cpu = (4 * MiB / 6e9 + 64 * 0.05 * Us) / 8;     // 87.78 us
        double dma = (4 * MiB + 64 * 32) / Link;                // 162.65 us: the link is the slowest stage
        double gpu = 4 * MiB / 100e9;
        double expected = Latency + cpu + dma + gpu + 15 * dma;
        Near(expected, TransferModel.Seconds(PlatformProfile.H100Cc, TransferStrategy.SealedBounce, H2D, 64 * MiB, p));
        Assert.True(expected < Seconds(PlatformProfile.H100Cc, TransferStrategy.EncryptedBounce, 64 * MiB) / 2);
    }

    [Fact]
    public void Device_to_host_uses_the_device_to_host_rate()
    {
        var p = P with { Machine = P.Machine with { D2HDmaRate = 10e9 } };
        Near(Latency + 64 * MiB / 10e9, TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Pinned, Direction.DeviceToHost, 64 * MiB, p));
    }

    [Fact]
    public void Convert_once_beats_bounce_from_the_first_reuse_count_that_pays_the_conversion_back()
    {
        double bounce = Seconds(PlatformProfile.SevSnp, TransferStrategy.Bounce, 64 * MiB);
        double pinned = Seconds(PlatformProfile.SevSnp, TransferStrategy.Pinned, 64 * MiB);
        double once = PageConversionModel.Registration(64 * MiB, P) + PageConversionModel.RoundTrip(PlatformProfile.SevSnp, 64 * MiB, P).Total;
        double expected = Math.Floor(once / (bounce - pinned)) + 1;
        double? reuses = BreakEven.ReusesToBeatBounce(PlatformProfile.SevSnp, H2D, 64 * MiB, P);
        Assert.Equal(expected, reuses);
        Assert.True(Seconds(PlatformProfile.SevSnp, TransferStrategy.ConvertOnce(expected), 64 * MiB) < bounce);
        Assert.True(Seconds(PlatformProfile.SevSnp, TransferStrategy.ConvertOnce(expected - 1), 64 * MiB) >= bounce);
    }

    [Fact]
    public void Streaming_one_page_per_call_is_one_page_per_round_trip()
    {
        double roundTrip = PageConversionModel.RoundTrip(PlatformProfile.Tdx, 4 * KiB, P).Total;
        Near(4 * KiB / roundTrip, BreakEven.StreamingRate(PlatformProfile.Tdx, H2D, 1, P));
    }

    [Fact]
    public void The_batch_break_even_is_the_smallest_batch_at_90_percent_of_the_asymptote()
    {
        foreach (var platform in new[] { PlatformProfile.Tdx, PlatformProfile.SevSnp, PlatformProfile.SnpPageFlip })
        {
            long k = BreakEven.BatchPagesToReach(platform, H2D, 0.9, P);
            double target = 0.9 * BreakEven.StreamingAsymptote(platform, H2D, P);
            Assert.True(BreakEven.StreamingRate(platform, H2D, k, P) >= target);
            Assert.True(k == 1 || BreakEven.StreamingRate(platform, H2D, k - 1, P) < target);
        }
    }

    [Fact]
    public void The_streaming_asymptote_is_the_per_page_work_that_batches_cannot_share()
    {
        // TDX per 4 KiB page, once every per-call cost is amortized: MapGPA per 2 MiB each way, removal, PTEs,
        // ACCEPT with clearing, and a flush each way.
        double perPage = 2 * Attempts * 8 * Us / 512 + (1 + 0.02 + 0.02) * Us + 5 * Us + 4 * KiB / 20e9 + 2 * 4 * KiB / 20e9;
        Near(4 * KiB / perPage, BreakEven.StreamingAsymptote(PlatformProfile.Tdx, H2D, P));
    }

    private static double Seconds(PlatformProfile platform, TransferStrategy strategy, double bytes) =>
        TransferModel.Seconds(platform, strategy, H2D, bytes, P);

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"expected {expected}, got {actual}");
}
