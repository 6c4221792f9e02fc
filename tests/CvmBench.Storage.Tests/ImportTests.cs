using CvmBench.Measurement;
using CvmBench.Storage.Importers;
using CvmBench.Transfers;

namespace CvmBench.Storage.Tests;

public class ImportTests
{
    private static readonly ImportOptions Defaults = new();

    private static ImportedRun Fixture(string name) => ResultImporter.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), Defaults);

    private static double Rate(ImportedRun imported, HostPath memory, Direction direction, long bytes = 32_000_000, int device = 0, CopyMethod method = CopyMethod.CopyEngine, bool bidirectional = false) =>
        imported.Run.Results.Single(r => r.Test == new TransferTest(memory, direction, method, bytes, device, bidirectional)).Bandwidth.Median;

    [Fact]
    public void Bandwidth_test_quick_mode_tables_become_one_test_per_direction()
    {
        var imported = Fixture("bandwidthTest/tesla-t4-quick-pinned.txt");
        Assert.Equal(("bandwidthTest", RunStatus.Complete, false), (imported.Run.Tool, imported.Run.Status, imported.Run.Simulated));
        Assert.Equal(3, imported.Run.Results.Count);
        Assert.Equal(9.7, Rate(imported, HostPath.Pinned, Direction.HostToDevice), 3);
        Assert.Equal(11.1, Rate(imported, HostPath.Pinned, Direction.DeviceToHost), 3);
        Assert.Equal(239.6, Rate(imported, HostPath.Pinned, Direction.DeviceToDevice), 3);
        Assert.Contains("Tesla T4", imported.Run.Environment.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_captured_session_of_two_invocations_becomes_one_run_with_pinned_and_pageable()
    {
        var imported = Fixture("bandwidthTest/a100-pcie-quick-pinned-and-pageable.txt");
        Assert.Equal(17.3, Rate(imported, HostPath.Pinned, Direction.HostToDevice), 3);
        Assert.Equal(24.6, Rate(imported, HostPath.Pinned, Direction.DeviceToHost), 3);
        Assert.Equal(3.3, Rate(imported, HostPath.Pageable, Direction.HostToDevice), 3);
        Assert.Equal(8.5, Rate(imported, HostPath.Pageable, Direction.DeviceToHost), 3);
        Assert.Contains("--memory=pageable", imported.Run.CommandLine, StringComparison.Ordinal);
        Assert.Contains("NVIDIA A100 80GB PCIe", imported.Run.Environment.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Old_bandwidth_test_megabytes_are_mebibytes_and_converted_to_gigabytes()
    {
        var imported = Fixture("bandwidthTest/p100-pcie-quick-pinned-mbps.txt");
        Assert.Equal(12150.7 * 1048576 / 1e9, Rate(imported, HostPath.Pinned, Direction.HostToDevice, bytes: 33_554_432), 4);
        Assert.Contains("2^20", imported.Run.Results[0].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Bandwidth_test_csv_lines_become_one_test_per_size()
    {
        var imported = Fixture("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt");
        Assert.Equal(81, imported.Run.Results.Count);
        Assert.All(imported.Run.Results, r => Assert.Equal((HostPath.Pinned, Direction.HostToDevice), (r.Test.Memory, r.Test.Direction)));
        Assert.Equal(0.4, Rate(imported, HostPath.Pinned, Direction.HostToDevice, bytes: 1000), 3);
        Assert.Equal(12.4, Rate(imported, HostPath.Pinned, Direction.HostToDevice, bytes: 68_000_000), 3);
        Assert.Contains("shmoo", imported.Run.Results[0].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_value_is_one_sample_with_no_invented_spread()
    {
        var result = Fixture("bandwidthTest/tesla-t4-quick-pinned.txt").Run.Results[0];
        var sample = Assert.Single(result.Samples);
        Assert.Equal((32_000_000L, 0L), (sample.Bytes, sample.WallNanoseconds));
        Assert.Equal((1, result.Bandwidth.Median, result.Bandwidth.Median, 0.0), (result.Bandwidth.Count, result.Bandwidth.CiLow, result.Bandwidth.CiHigh, result.Bandwidth.StandardDeviation));
        Assert.False(result.Verified);
        Assert.Contains("no spread", result.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Nvbandwidth_text_becomes_one_test_per_gpu_column()
    {
        var imported = Fixture("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt");
        Assert.Equal(("nvbandwidth", "v0.2", 16), (imported.Run.Tool, imported.Run.ToolVersion, imported.Run.Results.Count));
        Assert.Equal(25.50, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, device: 0), 3);
        Assert.Equal(26.83, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, device: 7), 3);
        Assert.Contains("512 MiB assumed", imported.Run.Results[0].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Nvbandwidth_sm_copies_are_recorded_as_sm()
    {
        var imported = Fixture("nvbandwidth/a100-sxm4-h2d-sm-v0.8.txt");
        Assert.Equal(25.13, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, method: CopyMethod.Sm), 3);
        Assert.Contains("A100-SXM4-40GB", imported.Run.Environment.Summary, StringComparison.Ordinal);
        Assert.Contains("560.35.05", imported.Run.Environment.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Nvbandwidth_json_keeps_host_testcases_and_names_what_it_skipped()
    {
        var imported = Fixture("nvbandwidth/dcgm-test-input-v0.5-verbose.json");
        Assert.Equal(("v0.5", 6), (imported.Run.ToolVersion, imported.Run.Results.Count));
        Assert.Equal(12.3964, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20), 3);
        Assert.Equal(11.329, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, bidirectional: true), 3);
        Assert.Equal(13.2027, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, method: CopyMethod.Sm), 3);
        Assert.Contains("all_to_host_memcpy_ce", imported.Skipped);
        Assert.Contains("host_device_latency_sm", imported.Skipped);
        Assert.Contains("device_to_device_memcpy_read_ce (Waived)", imported.Skipped);
    }

    [Fact]
    public void The_nvbandwidth_buffer_size_can_be_given_when_it_was_not_the_default()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nvbandwidth", "a100-sxm4-h2d-sm-v0.8.txt");
        var imported = ResultImporter.Read(path, new ImportOptions(NvbandwidthBufferBytes: 1L << 30));
        Assert.Equal(1L << 30, imported.Run.Results[0].Test.Bytes);
        Assert.Equal(25.13, imported.Run.Results[0].Bandwidth.Median, 3);
    }

    [Theory]
    [InlineData("bandwidthTest/v100-pcie-shmoo-h2d-pinned-csv.txt", 20, "bandwidthTest-H2D-Pinned, Bandwidth = 4.4 GB/s, Time =", "malformed bandwidthTest CSV line")]
    [InlineData("bandwidthTest/tesla-t4-quick-pinned.txt", 18, "   32000000                     eleven", "expected 'size rate'")]
    [InlineData("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt", 23, "0     25.50     24.26     23.90", "expected a row index and 8 values")]
    [InlineData("nvbandwidth/dcgm-test-input-v0.5-verbose.json", 15, "\t\t\t\t\t\t\"12.39x4\"", "is not a positive rate")]
    [InlineData("nvbandwidth/dcgm-test-input-v0.5-verbose.json", 9, "\t\t\t\t\"average\" : 12.396361291250001", "not valid JSON")]
    public void A_malformed_file_is_refused_naming_the_file_and_the_line(string fixture, int line, string replacement, string complaint)
    {
        using var temp = new TempDirectory();
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
        lines[line - 1] = replacement;
        string path = temp.File(Path.GetFileName(fixture));
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<ImportException>(() => ResultImporter.Read(path, Defaults));
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(complaint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_no_known_kind_is_refused_naming_the_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File("notes.txt");
        File.WriteAllText(path, "GPU went fast today\n");
        Assert.StartsWith($"{path}: not bandwidthTest or nvbandwidth output", Assert.Throws<ImportException>(() => ResultImporter.Read(path, Defaults)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_written_before_runs_held_operations_imports_with_none()
    {
        var imported = Fixture("cvmbench/h100-pinned-256MiB-no-operations.json");

        Assert.Equal("0a1f5739f59b4f88a00d71debc1d4ffe", imported.Run.Id);
        Assert.Equal(2, imported.Run.Results.Count);
        Assert.Empty(imported.Run.Operations);
    }
}
