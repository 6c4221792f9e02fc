using System.Text.Json;
using CvmBench.Measurement;
using CvmBench.Model;
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
            Result(MemoryKind.Pinned, Direction.HostToDevice, 32_000_000, 50.0),
            Result(MemoryKind.Pinned, Direction.HostToDevice, 536_870_912, 54.25),
            Result(MemoryKind.Pinned, Direction.HostToDevice, 536_870_912, 60.0, bidirectional: true),
            Result(MemoryKind.Pinned, Direction.HostToDevice, 536_870_912, 51.0, method: CopyMethod.Sm),
            Result(MemoryKind.Pageable, Direction.HostToDevice, 1_073_741_824, 6.5),
            Result(MemoryKind.Pinned, Direction.DeviceToHost, 536_870_912, 54.23));
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
        var measured = Calibration.FromRun(Run(simulated: false, Result(MemoryKind.Pageable, Direction.HostToDevice, 1 << 20, 6.5)));
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
        var run = Run(simulated: false, Result(MemoryKind.Pinned, Direction.HostToDevice, 1 << 29, 54.25));
        string json = JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord);
        Assert.Contains("\"results\"", json, StringComparison.Ordinal);
        var read = JsonSerializer.Deserialize(json, MeasurementJson.Default.RunRecord)!;
        Assert.Equal(Calibration.FromRun(run), Calibration.FromRun(read));
    }

    private static RunRecord Run(bool simulated, params TestResult[] results) => new(
        "abc123", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(1), RunStatus.Complete, "cvmbench", "0.1.0",
        "cvmbench run", simulated, new RunEnvironment("host", "vm", "test machine", "{}"), results);

    private static TestResult Result(MemoryKind memory, Direction direction, long bytes, double medianGBps,
        bool bidirectional = false, CopyMethod method = CopyMethod.CopyEngine)
    {
        var statistics = new BandwidthStatistics(1, medianGBps, medianGBps, medianGBps, medianGBps, 0, medianGBps, medianGBps);
        return new TestResult(new TransferTest(memory, direction, method, bytes, 0, bidirectional),
            [new BandwidthSample(bytes, (long)(bytes / medianGBps), (long)(bytes / medianGBps))], statistics, statistics, null, true, "test");
    }
}
