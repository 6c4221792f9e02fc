using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Model;
using CvmBench.Transfers;
using TestResult = CvmBench.Measurement.TestResult;

namespace CvmBench.Tests.Model;

public class CalibrationTests
{
    [Fact]
    public void Measured_values_replace_parameters_and_name_the_run()
    {
        var measured = new MeasuredParameters("run42", H2DDmaRate: 54.25e9, D2HDmaRate: 54.23e9, CopyRatePerThread: 10e9,
            RegistrationPerPage: 0.8e-6, AesGcmRatePerCore: 4e9);
        var set = Calibration.Apply(ParameterSet.Defaults, measured);
        Assert.Equal(54.25, set["dma.h2dRate"].Value, 12);
        Assert.Equal(54.23, set["dma.d2hRate"].Value, 12);
        Assert.Equal(10, set["host.copyRatePerThread"].Value, 12);
        Assert.Equal(0.8, set["register.perPage"].Value, 12);
        Assert.Equal(4, set["cc.aesGcmRatePerCore"].Value, 12);
        foreach (string name in new[] { "dma.h2dRate", "dma.d2hRate", "host.copyRatePerThread", "register.perPage", "cc.aesGcmRatePerCore" })
        {
            Assert.Equal("measured: run run42", set[name].Source);
        }
    }

    [Fact]
    public void Values_the_run_did_not_measure_keep_their_value_and_source()
    {
        var set = Calibration.Apply(ParameterSet.Defaults, new MeasuredParameters("run7", H2DDmaRate: 30e9));
        Assert.Equal(ParameterSet.Defaults["dma.d2hRate"], set["dma.d2hRate"]);
        Assert.Equal(ParameterSet.Defaults["cc.aesGcmRatePerCore"], set["cc.aesGcmRatePerCore"]);
    }

    [Fact]
    public void A_run_gives_its_pinned_one_way_copy_engine_medians_at_the_largest_size_as_dma_rates()
    {
        var run = Run(simulated: false,
            Result(HostPath.Pinned, Direction.HostToDevice, 32_000_000, 50.0),
            Result(HostPath.Pinned, Direction.HostToDevice, 536_870_912, 54.25),
            Result(HostPath.Pinned, Direction.HostToDevice, 536_870_912, 60.0, bidirectional: true),
            Result(HostPath.Pinned, Direction.HostToDevice, 536_870_912, 51.0, method: CopyMethod.Sm),
            Result(HostPath.Pageable, Direction.HostToDevice, 1_073_741_824, 6.5),
            Result(HostPath.Pinned, Direction.DeviceToHost, 536_870_912, 54.23));
        var measured = Calibration.FromRun(run);
        Assert.Equal("abc123", measured.RunId);
        Assert.Equal(54.25e9, measured.H2DDmaRate!.Value, 3);
        Assert.Equal(54.23e9, measured.D2HDmaRate!.Value, 3);
        Assert.Null(measured.CopyRatePerThread);
        Assert.Null(measured.RegistrationPerPage);
        Assert.Null(measured.AesGcmRatePerCore);
    }

    [Fact]
    public void A_run_without_pinned_results_measures_nothing()
    {
        var measured = Calibration.FromRun(Run(simulated: false, Result(HostPath.Pageable, Direction.HostToDevice, 1 << 20, 6.5)));
        Assert.True(measured.IsEmpty);
    }

    [Fact]
    public void A_simulated_run_cannot_calibrate_the_model()
    {
        var error = Assert.Throws<ArgumentException>(() => Calibration.FromRun(Run(simulated: true)));
        Assert.Contains("simulated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_read_back_from_its_json_calibrates_the_same()
    {
        var run = Run(simulated: false, Result(HostPath.Pinned, Direction.HostToDevice, 1 << 29, 54.25));
        string json = JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord);
        Assert.Contains("\"results\"", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, MeasurementJson.Default.RunRecord)!;
        Assert.Equal(Calibration.FromRun(run), Calibration.FromRun(read));
    }

    [Fact]
    public void A_convert_run_gives_registration_per_page_and_per_call_the_host_copy_rate_and_aes_gcm()
    {
        // Synthetic medians: register 12 us + 0.3 us per page, unregister 8 us + 0.1 us per page; memcpy 10 GB/s on
        // one thread; AES-GCM 4 GB/s bulk and 0.5 us per tag.
        var operations = new List<OperationResult>();
        foreach (long bytes in new[] { 4096L, 1 << 20, 64 << 20, 1L << 30 })
        {
            double pages = bytes / 4096.0;
            operations.Add(Operation(OperationKind.Register, ConversionVariant.BaseTouched, bytes, 1, 12e-6 + 0.3e-6 * pages));
            operations.Add(Operation(OperationKind.Unregister, ConversionVariant.BaseTouched, bytes, 1, 8e-6 + 0.1e-6 * pages));
            operations.Add(Operation(OperationKind.Register, "4KiB untouched", bytes, 1, 1e-3));
        }
        long source = 64L << 20;
        operations.Add(Operation(OperationKind.HostCopy, "into 1 GiB", source, 1, source / 10e9));
        operations.Add(Operation(OperationKind.HostCopy, "into 1 GiB", 4 * source, 4, source / 8e9));
        operations.Add(Operation(OperationKind.AesGcmSeal, "tag/2MiB", source, 1, source / 4e9 + source / (2 << 20) * 0.5e-6));
        operations.Add(Operation(OperationKind.AesGcmSeal, "tag/4KiB", source, 1, source / 4e9 + source / 4096 * 0.5e-6));
        var run = Run(simulated: false) with { Operations = operations };

        var measured = Calibration.FromRun(run);
        Assert.Equal(0.4e-6, measured.RegistrationPerPage!.Value, 1e-12);
        Assert.Equal(20e-6, measured.RegistrationPerCall!.Value, 1e-9);
        Assert.Equal(10e9, measured.CopyRatePerThread!.Value, tolerance: 1e3);
        Assert.Equal(0.5e-6, measured.AesGcmTagCost!.Value, 1e-12);
        Assert.InRange(measured.AesGcmRatePerCore!.Value, 3.99e9, 4e9);
        Assert.Null(measured.H2DDmaRate);

        var set = Calibration.Apply(ParameterSet.Defaults, measured);
        Assert.Equal(20, set["register.perCall"].Value, 6);
        Assert.Equal(0.5, set["cc.tagCost"].Value, 6);
        Assert.Equal("measured: run abc123", set["register.perCall"].Source);
    }

    [Fact]
    public void Registration_comes_from_calls_in_bursts_where_the_run_has_them()
    {
        // One call per sample: 100 us + 0.5 us per page; in bursts: 60 us + 0.3 us per page (both calls together).
        var operations = new List<OperationResult>();
        foreach (long bytes in new[] { 4096L, 1 << 20, 64 << 20 })
        {
            double pages = bytes / 4096.0;
            operations.Add(Operation(OperationKind.Register, ConversionVariant.BaseTouched, bytes, 1, 60e-6 + 0.3e-6 * pages));
            operations.Add(Operation(OperationKind.Unregister, ConversionVariant.BaseTouched, bytes, 1, 40e-6 + 0.2e-6 * pages));
            operations.Add(Operation(OperationKind.Register, ConversionVariant.BaseTouchedBurst, bytes, 1, 40e-6 + 0.2e-6 * pages));
            operations.Add(Operation(OperationKind.Unregister, ConversionVariant.BaseTouchedBurst, bytes, 1, 20e-6 + 0.1e-6 * pages));
        }
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(0.3e-6, measured.RegistrationPerPage!.Value, 1e-12);
        Assert.Equal(60e-6, measured.RegistrationPerCall!.Value, 1e-9);

        // Bursts at one size only cannot be fitted: the calls one per sample are used.
        var oneBurst = operations.Where(o => o.Test.Variant == ConversionVariant.BaseTouched || o.Test.Bytes == 4096).ToList();
        var single = Calibration.FromRun(Run(simulated: false) with { Operations = oneBurst });
        Assert.Equal(0.5e-6, single.RegistrationPerPage!.Value, 1e-12);
        Assert.Equal(100e-6, single.RegistrationPerCall!.Value, 1e-9);
    }

    [Fact]
    public void Registration_comes_from_convert_per_transfer_cycles_with_nothing_injected_where_an_emulate_run_has_them()
    {
        // The DMA: 9 us and 50 GB/s (plain pinned transfers). A cycle pays 100 us + 0.3 us per page of registration
        // around its DMA; bursts of calls back to back (no DMA between) say only 60 us + 0.2 us per page.
        long[] sizes = [4096, 1 << 20, 64 << 20];
        double Dma(long bytes) => 9e-6 + bytes / 50e9;
        double Cycle(long bytes) => Dma(bytes) + 100e-6 + 0.3e-6 * (bytes / 4096.0);
        var operations = new List<OperationResult>();
        foreach (long bytes in sizes)
        {
            double pages = bytes / 4096.0;
            operations.Add(Operation(OperationKind.Register, ConversionVariant.BaseTouchedBurst, bytes, 1, 40e-6 + 0.1e-6 * pages));
            operations.Add(Operation(OperationKind.Unregister, ConversionVariant.BaseTouchedBurst, bytes, 1, 20e-6 + 0.1e-6 * pages));
            foreach (string direction in new[] { "h2d", "d2h" })
            {
                operations.Add(Operation(OperationKind.EmulatedTransfer, $"vm pinned none {direction}", bytes, 1, Dma(bytes)));
                operations.Add(Operation(OperationKind.EmulatedTransfer, $"vm per-transfer modeled {direction}", bytes, 1, Cycle(bytes)));
                // Injected conversions are not registration: a TDX cycle with its costs says nothing about it.
                operations.Add(Operation(OperationKind.EmulatedTransfer, $"tdx per-transfer modeled {direction}", bytes, 1, Cycle(bytes) + 1e-3));
            }
        }
        // The DMA taken off is the model's (the run's rate, from its largest transfers, and latency), so within a few
        // nanoseconds per page and a microsecond per call; the bursts would give 0.2 us and 60 us.
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(0.3e-6, measured.RegistrationPerPage!.Value, 5e-9);
        Assert.Equal(100e-6, measured.RegistrationPerCall!.Value, 1e-6);

        // A TDX run of the overhead check: its cycles with zero or no costs are plain cycles too.
        var zeroCost = operations.Where(o => !o.Test.Variant.StartsWith("vm per-transfer", StringComparison.Ordinal))
            .Concat(sizes.Select(bytes => Operation(OperationKind.EmulatedTransfer, "tdx per-transfer zero h2d", bytes, 1, Cycle(bytes))))
            .Concat(sizes.Select(bytes => Operation(OperationKind.EmulatedTransfer, "tdx per-transfer none h2d", bytes, 1, Cycle(bytes))))
            .ToList();
        Assert.Equal(100e-6, Calibration.FromRun(Run(simulated: false) with { Operations = zeroCost }).RegistrationPerCall!.Value, 1e-6);

        // Without plain cycles (only injected ones), or without the pinned DMA to take off, the bursts are used.
        var injectedOnly = operations.Where(o => !o.Test.Variant.StartsWith("vm per-transfer", StringComparison.Ordinal)).ToList();
        var bursts = Calibration.FromRun(Run(simulated: false) with { Operations = injectedOnly });
        Assert.Equal(60e-6, bursts.RegistrationPerCall!.Value, 1e-9);
        var noPinned = operations.Where(o => !o.Test.Variant.StartsWith("vm pinned", StringComparison.Ordinal)).ToList();
        Assert.Equal(60e-6, Calibration.FromRun(Run(simulated: false) with { Operations = noPinned }).RegistrationPerCall!.Value, 1e-9);
    }

    [Fact]
    public void Aes_gcm_is_the_median_over_its_rounds_each_round_its_own_pair_of_tag_segments()
    {
        // Three rounds: 4, 6 and 5 GB/s bulk with 0.5, 2.0 and 1.0 us per tag. The median round of each: 5 GB/s, 1 us;
        // the tag cost of pooled medians would mix rounds.
        long source = 64L << 20;
        var operations = new[] { (4e9, 0.5e-6), (6e9, 2.0e-6), (5e9, 1.0e-6) }
            .SelectMany(round => new[]
            {
                Operation(OperationKind.AesGcmSeal, "tag/4KiB", source, 1, source / round.Item1 + (source / 4096 - source / (2 << 20)) * round.Item2),
                Operation(OperationKind.AesGcmSeal, "tag/2MiB", source, 1, source / round.Item1),
            })
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(5e9, measured.AesGcmRatePerCore!.Value, tolerance: 1e3);
        Assert.Equal(1.0e-6, measured.AesGcmTagCost!.Value, 1e-12);
    }

    [Fact]
    public void The_copy_rates_are_each_the_median_over_their_rounds_into_the_swiotlb_area_and_into_the_staging_pool()
    {
        long source = 64L << 20;
        var operations = new[] { 6e9, 8.5e9, 6.2e9 }.Select(rate => Operation(OperationKind.HostCopy, "into 1 GiB", source, 1, source / rate))
            .Concat(new[] { 9e9, 8e9, 7e9 }.Select(rate => Operation(OperationKind.StagingCopy, "into 32 MiB", source, 1, source / rate)))
            .Append(Operation(OperationKind.StagingCopy, "into 32 MiB", 4 * source, 4, source / 20e9))
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(6.2e9, measured.CopyRatePerThread!.Value, tolerance: 1e3);
        Assert.Equal(8e9, measured.StagingCopyRatePerThread!.Value, tolerance: 1e3);

        var set = Calibration.Apply(ParameterSet.Defaults, measured);
        Assert.Equal(8, set["staging.copyRatePerThread"].Value, 6);
        Assert.Equal("measured: run abc123", set["staging.copyRatePerThread"].Source);
        // A run that copied only into a large area (as before the staging copy was measured) gives that rate for both.
        var hostOnly = Calibration.FromRun(Run(simulated: false) with { Operations = [operations[0]] });
        Assert.Equal(6e9, hostOnly.StagingCopyRatePerThread!.Value, tolerance: 1e3);
    }

    [Fact]
    public void The_staging_submission_is_the_median_per_chunk_over_the_chunk_sizes_measured()
    {
        var operations = new[] { (256L << 10, 3e-6), (2L << 20, 5e-6), (256L << 10, 4e-6) }
            .Select(m => Operation(OperationKind.StagingSubmit, "h2d", m.Item1, 1, m.Item2))
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(4e-6, measured.StagingSubmitCost!.Value, 1e-9);
        var set = Calibration.Apply(ParameterSet.Defaults, measured);
        Assert.Equal(4, set["staging.submitCost"].Value, 3);
        Assert.Equal("measured: run abc123", set["staging.submitCost"].Source);
        Assert.Null(Calibration.FromRun(Run(simulated: false)).StagingSubmitCost);
    }

    [Fact]
    public void An_emulate_run_gives_the_dma_rate_and_latency_from_its_plain_pinned_transfers()
    {
        // One transfer at a time: 9 us to launch and complete, 50 GB/s.
        var operations = new[] { 4096L, 1 << 20, 256 << 20 }
            .Select(bytes => Operation(OperationKind.EmulatedTransfer, $"vm pinned none h2d", bytes, 1, 9e-6 + bytes / 50e9))
            .Append(Operation(OperationKind.EmulatedTransfer, "tdx per-transfer modeled h2d", 256 << 20, 1, 1))
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(9e-6, measured.H2DDmaLatency!.Value, 1e-9);
        // One direction measured: its latency stands for both.
        Assert.Equal(9e-6, measured.D2HDmaLatency!.Value, 1e-9);
        Assert.Equal((256 << 20) / (9e-6 + (256 << 20) / 50e9), measured.H2DDmaRate!.Value, tolerance: 1e4);
        Assert.Null(measured.D2HDmaRate);
    }

    [Fact]
    public void Each_direction_gets_its_own_dma_latency_from_its_pinned_copies()
    {
        // Host to device 9 us to launch and complete, device to host 7.5 us (the lent H100 VM's small copies differ so).
        long[] sizes = [4096, 64 << 10, 1 << 20, 64 << 20];
        var operations = sizes.Select(bytes => Operation(OperationKind.EmulatedTransfer, "vm pinned none h2d", bytes, 1, 9e-6 + bytes / 50e9))
            .Concat(sizes.Select(bytes => Operation(OperationKind.EmulatedTransfer, "vm pinned none d2h", bytes, 1, 7.5e-6 + bytes / 54e9)))
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(9e-6, measured.H2DDmaLatency!.Value, 1e-9);
        Assert.Equal(7.5e-6, measured.D2HDmaLatency!.Value, 1e-9);

        var set = Calibration.Apply(ParameterSet.Defaults, measured);
        Assert.Equal(9, set["dma.h2dLatency"].Value, 3);
        Assert.Equal(7.5, set["dma.d2hLatency"].Value, 3);
        Assert.Equal("measured: run abc123", set["dma.d2hLatency"].Source);
        var p = ModelParameters.From(set);
        double h2d = TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Pinned, Direction.HostToDevice, 4096, p);
        double d2h = TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Pinned, Direction.DeviceToHost, 4096, p);
        Assert.Equal(9e-6 + 4096 / 50e9, h2d, 1e-9);
        Assert.Equal(7.5e-6 + 4096 / 54e9, d2h, 1e-9);
    }

    [Fact]
    public void One_disturbed_large_size_does_not_set_the_dma_rate_of_an_emulate_run()
    {
        // 64 MiB, 256 MiB and 1 GiB at 55 GB/s, but 1 GiB disturbed down to 42 GB/s: the rate stays near 55.
        var operations = new[] { (64L << 20, 55e9), (256L << 20, 55e9), (1L << 30, 42e9), (4L << 20, 50e9) }
            .Select(p => Operation(OperationKind.EmulatedTransfer, "vm pinned none d2h", p.Item1, 1, p.Item1 / p.Item2))
            .ToList();
        var measured = Calibration.FromRun(Run(simulated: false) with { Operations = operations });
        Assert.Equal(55e9, measured.D2HDmaRate!.Value, tolerance: 1e6);
        Assert.Null(measured.H2DDmaRate);
    }

    [Fact]
    public void Emulate_may_calibrate_from_its_own_simulated_run_when_it_says_so()
    {
        var run = Run(simulated: true, Result(HostPath.Pinned, Direction.HostToDevice, 1 << 29, 20));
        Assert.Equal(20e9, Calibration.FromRun(run, allowSimulated: true).H2DDmaRate!.Value, tolerance: 1e3);
    }

    private static OperationResult Operation(OperationKind operation, string variant, long bytes, int threads, double seconds) =>
        new(new OperationTest(operation, variant, bytes, threads, 0), [new OperationSample(bytes, (long)Math.Round(seconds * 1e9))], false, "test");

    private static RunRecord Run(bool simulated, params TestResult[] results) => new(
        "abc123", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), RunStatus.Complete, "cvmbench", "0.1.0",
        "cvmbench run", simulated, new RunEnvironment("host", EnvironmentClass.Vm, "test machine", "{}"), results);

    private static TestResult Result(HostPath memory, Direction direction, long bytes, double medianGBps,
        bool bidirectional = false, CopyMethod method = CopyMethod.CopyEngine)
    {
        var statistics = new BandwidthStatistics(1, medianGBps, medianGBps, medianGBps, medianGBps, 0, medianGBps, medianGBps);
        return new TestResult(new TransferTest(memory, direction, method, bytes, 0, bidirectional),
            [new BandwidthSample(bytes, (long)(bytes / medianGBps), (long)(bytes / medianGBps))], statistics, statistics, null, true, "test");
    }
}
