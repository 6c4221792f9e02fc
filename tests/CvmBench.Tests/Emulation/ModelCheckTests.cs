using System.Text.Json;
using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Platform;
using CvmBench.Model;
using CvmBench.Transfers;

namespace CvmBench.Tests.Emulation;

public class ModelCheckTests
{
    private static readonly ModelParameters P = EmulatorTests.Parameters;

    [Fact]
    public void Each_emulated_strategy_is_predicted_by_the_models_matching_strategy()
    {
        long bytes = 64L << 20;
        var h2d = Direction.HostToDevice;
        Assert.Equal(TransferModel.Seconds(PlatformProfile.Tdx, TransferStrategy.ConvertPerTransfer, h2d, bytes, P),
            ModelCheck.PredictSeconds(new EmulationCase(PlatformProfile.Tdx, StrategyKind.ConvertPerTransfer, InjectedCosts.Modeled, h2d), bytes, 1, P));
        Assert.Equal(TransferModel.Seconds(PlatformProfile.SevSnp, TransferStrategy.ConvertOnce(10), h2d, bytes, P),
            ModelCheck.PredictSeconds(new EmulationCase(PlatformProfile.SevSnp, StrategyKind.ConvertOnce, InjectedCosts.Modeled, h2d, 10), bytes, 1, P));
        Assert.Equal(TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Pinned, h2d, bytes, P),
            ModelCheck.PredictSeconds(EmulationCase.PinnedBaseline(h2d), bytes, 1, P));
    }

    [Fact]
    public void Without_injected_costs_a_conversion_strategy_is_predicted_as_its_real_work_only()
    {
        long bytes = 16L << 20;
        var plain = new EmulationCase(PlatformProfile.Tdx, StrategyKind.ConvertPerTransfer, InjectedCosts.None, Direction.HostToDevice);
        double expected = P.Machine.DmaLatency(Direction.HostToDevice) + PageConversionModel.Registration(bytes, P) + bytes / P.Machine.H2DDmaRate;
        Assert.Equal(expected, ModelCheck.PredictSeconds(plain, bytes, 1, P), 12);
        Assert.Equal(expected, ModelCheck.PredictSeconds(plain with { Costs = InjectedCosts.Zero }, bytes, 1, P), 12);
    }

    [Fact]
    public void The_bounce_is_predicted_with_the_staging_engines_threads_and_the_encrypted_bounce_without_the_gpu()
    {
        long bytes = 256L << 20;
        var bounce = new EmulationCase(PlatformProfile.Tdx, StrategyKind.Bounce, InjectedCosts.Modeled, Direction.HostToDevice);
        Assert.True(ModelCheck.PredictSeconds(bounce, bytes, 4, P) < ModelCheck.PredictSeconds(bounce, bytes, 1, P));

        var slowGpu = P with { Encrypted = P.Encrypted with { GpuCryptoRate = 1e9 } };
        var encrypted = new EmulationCase(PlatformProfile.H100Cc, StrategyKind.EncryptedBounce, InjectedCosts.Modeled, Direction.HostToDevice);
        Assert.Equal(ModelCheck.PredictSeconds(encrypted, bytes, 1, P), ModelCheck.PredictSeconds(encrypted, bytes, 1, slowGpu), 12);
    }

    [Fact]
    public void A_calibrated_staging_copy_rate_moves_the_plain_vm_bounce_host_to_device_and_no_swiotlb_bounce()
    {
        var run = new RunRecord("r", DateTimeOffset.UnixEpoch, null, RunStatus.Complete, "cvmbench", "0", "emulate", false,
            new RunEnvironment("h", EnvironmentClass.Vm, "s", "{}"), [])
        {
            Operations = [new OperationResult(new OperationTest(OperationKind.StagingCopy, "into 32 MiB", 64 << 20, 1, 0),
                [new OperationSample(64 << 20, (long)((64 << 20) / 40e9 * 1e9))], false, "test")],
        };
        var calibrated = ModelParameters.From(Calibration.Apply(ParameterSet.Defaults.WithSi("host.memory", 1L << 30, "test"), Calibration.FromRun(run)));
        Assert.Equal(40e9, calibrated.Machine.StagingCopyRatePerThread, 1e6);
        long bytes = 64L << 20;
        foreach (var platform in new[] { PlatformProfile.Vm, PlatformProfile.Tdx, PlatformProfile.SevSnp, PlatformProfile.SnpPageFlip })
        {
            foreach (var direction in new[] { Direction.HostToDevice, Direction.DeviceToHost })
            {
                var bounce = new EmulationCase(platform, StrategyKind.Bounce, InjectedCosts.Modeled, direction);
                double before = ModelCheck.PredictSeconds(bounce, bytes, 1, P), after = ModelCheck.PredictSeconds(bounce, bytes, 1, calibrated);
                if (platform == PlatformProfile.Vm && direction == Direction.HostToDevice)
                {
                    Assert.True(after < before * 0.9, $"{platform} {direction}: {after} s against {before} s");
                }
                else
                {
                    Assert.Equal(before, after, 12);
                }
            }
        }
    }

    [Fact]
    public void A_runs_emulated_transfers_are_set_beside_their_predictions()
    {
        var emulation = new EmulationCase(PlatformProfile.SevSnp, StrategyKind.ConvertPerTransfer, InjectedCosts.Modeled, Direction.DeviceToHost);
        double predicted = ModelCheck.PredictSeconds(emulation, 1 << 20, 1, P);
        var result = new OperationResult(new OperationTest(OperationKind.EmulatedTransfer, emulation.Variant, 1 << 20, 1, 0),
            [new OperationSample(2 << 20, (long)(2 * predicted * 1.2e9))], true, "test");
        var run = new RunRecord("r", DateTimeOffset.UnixEpoch, null, RunStatus.Complete, "cvmbench", "0", "emulate", false,
            new RunEnvironment("h", EnvironmentClass.Vm, "s", "{}"), []) { Operations = [result] };

        var comparison = Assert.Single(ModelCheck.Compare(run, P));
        Assert.Equal(emulation, comparison.Case);
        Assert.Equal(0.2, comparison.Error, 3);
        Assert.True(comparison.Exceeds);
    }

    [Fact]
    public void Case_words_read_back_as_the_same_case()
    {
        foreach (var text in new[] { "tdx once-10 modeled h2d", "snp-flip per-transfer zero d2h", "h100-cc encrypted none h2d", "vm pinned none d2h" })
        {
            Assert.Equal(text, EmulationCase.Parse(text)!.Variant);
        }
        Assert.Null(EmulationCase.Parse("tdx bounce-3 modeled h2d"));
        Assert.Null(EmulationCase.Parse("tdx bounce modeled"));
        Assert.Null(EmulationCase.Parse("tdx batches modeled h2d"));
    }

    [Fact]
    public void Every_case_stored_in_the_documented_runs_reads_back_and_is_written_byte_for_byte_as_stored()
    {
        var variants = (
            from file in Directory.GetFiles(Path.Combine(Checkout.Root(), "docs", "runs"), "*.json")
            let run = JsonDocument.Parse(File.ReadAllText(file)).RootElement
            where run.TryGetProperty("operations", out _)
            from operation in run.GetProperty("operations").EnumerateArray()
            let test = operation.GetProperty("test")
            where test.GetProperty("operation").GetString() == "emulated-transfer"
            select test.GetProperty("variant").GetString()!).Distinct().ToList();

        Assert.NotEmpty(variants);
        Assert.All(variants, text => Assert.Equal(text, EmulationCase.Parse(text)?.Variant));
    }

    [Fact]
    public void A_strategy_has_one_word_and_one_title_and_the_model_names_it_by_its_title()
    {
        foreach (var kind in Enum.GetValues<StrategyKind>())
        {
            Assert.True(StrategyNames.TryParse(StrategyNames.ToText(kind).ToUpperInvariant(), out var read));
            Assert.Equal(kind, read);
        }
        Assert.Equal(StrategyNames.Title(StrategyKind.Pinned), TransferStrategy.Pinned.Name);
        Assert.Same(TransferStrategy.Pinned, TransferStrategy.ConvertOnce(double.PositiveInfinity));
        Assert.Equal("convert once, reuse 10x", TransferStrategy.ConvertOnce(10).Name);
        Assert.Equal("convert in batches of 512 pages", TransferStrategy.InBatches(512).Name);
    }

    [Fact]
    public void A_case_stored_under_another_spelling_of_its_platform_reads_back_and_is_written_as_stored_today()
    {
        Assert.Equal(new EmulationCase(PlatformProfile.SnpPageFlip, StrategyKind.Bounce, InjectedCosts.Modeled, Direction.HostToDevice),
            EmulationCase.Parse("snp-ideal bounce modeled h2d"));
        Assert.Equal("h100-cc encrypted modeled d2h", EmulationCase.Parse("cc encrypted modeled d2h")!.Variant);
    }

    [Fact]
    public void Only_an_emulated_transfer_names_a_case()
    {
        Assert.Equal(EmulationCase.PinnedBaseline(Direction.DeviceToHost), EmulationCase.Of(new OperationTest(OperationKind.EmulatedTransfer, "vm pinned none d2h", 4096, 1, 0)));
        Assert.Null(EmulationCase.Of(new OperationTest(OperationKind.HostCopy, "vm pinned none d2h", 4096, 1, 0)));
    }
}
