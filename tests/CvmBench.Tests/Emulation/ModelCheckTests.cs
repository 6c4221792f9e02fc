using CvmBench.Emulation;
using CvmBench.Measurement;
using CvmBench.Model;

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
            ModelCheck.PredictSeconds(new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.Modeled, h2d), bytes, 1, P));
        Assert.Equal(TransferModel.Seconds(PlatformProfile.SevSnp, TransferStrategy.ConvertOnce(10), h2d, bytes, P),
            ModelCheck.PredictSeconds(new EmulationCase(PlatformProfile.SevSnp, EmulatedStrategy.ConvertOnce, InjectedCosts.Modeled, h2d, 10), bytes, 1, P));
        Assert.Equal(TransferModel.Seconds(PlatformProfile.Vm, TransferStrategy.Pinned, h2d, bytes, P),
            ModelCheck.PredictSeconds(EmulationCase.PinnedBaseline(h2d), bytes, 1, P));
    }

    [Fact]
    public void Without_injected_costs_a_conversion_strategy_is_predicted_as_its_real_work_only()
    {
        long bytes = 16L << 20;
        var plain = new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.None, Direction.HostToDevice);
        double expected = P.Machine.DmaLatency + PageConversionModel.Registration(bytes, P) + bytes / P.Machine.H2DDmaRate;
        Assert.Equal(expected, ModelCheck.PredictSeconds(plain, bytes, 1, P), 12);
        Assert.Equal(expected, ModelCheck.PredictSeconds(plain with { Costs = InjectedCosts.Zero }, bytes, 1, P), 12);
    }

    [Fact]
    public void The_bounce_is_predicted_with_the_staging_engines_threads_and_the_encrypted_bounce_without_the_gpu()
    {
        long bytes = 256L << 20;
        var bounce = new EmulationCase(PlatformProfile.Tdx, EmulatedStrategy.Bounce, InjectedCosts.Modeled, Direction.HostToDevice);
        Assert.True(ModelCheck.PredictSeconds(bounce, bytes, 4, P) < ModelCheck.PredictSeconds(bounce, bytes, 1, P));

        var slowGpu = P with { Encrypted = P.Encrypted with { GpuCryptoRate = 1e9 } };
        var encrypted = new EmulationCase(PlatformProfile.H100Cc, EmulatedStrategy.EncryptedBounce, InjectedCosts.Modeled, Direction.HostToDevice);
        Assert.Equal(ModelCheck.PredictSeconds(encrypted, bytes, 1, P), ModelCheck.PredictSeconds(encrypted, bytes, 1, slowGpu), 12);
    }

    [Fact]
    public void A_runs_emulated_transfers_are_set_beside_their_predictions()
    {
        var emulation = new EmulationCase(PlatformProfile.SevSnp, EmulatedStrategy.ConvertPerTransfer, InjectedCosts.Modeled, Direction.DeviceToHost);
        double predicted = ModelCheck.PredictSeconds(emulation, 1 << 20, 1, P);
        var result = new OperationResult(new OperationTest(OperationNames.EmulatedTransfer, emulation.Variant.ToString(), 1 << 20, 1, 0),
            [new OperationSample(2 << 20, (long)(2 * predicted * 1.2e9))], true, "test");
        var run = new RunRecord("r", DateTimeOffset.UnixEpoch, null, RunStatus.Complete, "cvmbench", "0", "emulate", false,
            new RunEnvironment("h", "vm", "s", "{}"), []) { Operations = [result] };

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
            var variant = EmulatedTransferVariant.Parse(text)!;
            Assert.Equal(text, EmulationCase.From(variant)!.Variant.ToString());
        }
        Assert.Null(EmulationCase.From(EmulatedTransferVariant.Parse("tdx bounce-3 modeled h2d")!));
        Assert.Null(EmulatedTransferVariant.Parse("tdx bounce modeled"));
        Assert.True(EmulationNames.TryParsePlatform("snp-ideal", out var flip) && flip == PlatformProfile.SnpPageFlip);
        Assert.True(EmulationNames.TryParsePlatform("cc", out var cc) && cc == PlatformProfile.H100Cc);
    }
}
