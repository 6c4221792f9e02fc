using CvmBench.Measurement;
using CvmBench.Storage.Importers;
using CvmBench.Transfers;

namespace CvmBench.Storage.Tests;

/// <summary>Every spelling bandwidthTest's and nvbandwidth's source code prints (Fixtures/README.md names the source
/// lines each fixture follows) imports with its numbers.</summary>
public class PeerSourceImportTests
{
    private const double MebibytesPerSecond = 1048576 / 1e9;

    private static ImportedRun Fixture(string name) => ResultImporter.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), new ImportOptions());

    private static double Rate(ImportedRun imported, HostPath memory, Direction direction, long bytes, int device = 0, CopyMethod method = CopyMethod.CopyEngine, bool bidirectional = false) =>
        imported.Run.Results.Single(r => r.Test == new TransferTest(memory, direction, method, bytes, device, bidirectional)).Bandwidth.Median;

    /// <summary>Within the nanosecond a stored sample's time is rounded to: a part in a thousand at the smallest sizes.</summary>
    private static void AssertClose(double expected, double actual) => Assert.Equal(expected, actual, expected * 1e-3);

    [Fact]
    public void Readable_pageable_tables_are_pageable()
    {
        var imported = Fixture("bandwidthTest/source-v12.8-quick-pageable.txt");
        AssertClose(8.2, Rate(imported, HostPath.Pageable, Direction.HostToDevice, 32_000_000));
        AssertClose(7.4, Rate(imported, HostPath.Pageable, Direction.DeviceToHost, 32_000_000));
        AssertClose(1592.3, Rate(imported, HostPath.Pageable, Direction.DeviceToDevice, 32_000_000));
    }

    [Fact]
    public void The_write_combined_line_without_its_newline_still_opens_its_table()
    {
        var imported = Fixture("bandwidthTest/source-v12.8-quick-pinned-wc.txt");
        Assert.Equal(3, imported.Run.Results.Count);
        AssertClose(52.9, Rate(imported, HostPath.WriteCombined, Direction.HostToDevice, 32_000_000));
        AssertClose(53.4, Rate(imported, HostPath.WriteCombined, Direction.DeviceToHost, 32_000_000));
    }

    [Fact]
    public void Csv_from_every_gpu_at_once_keeps_paged_pinned_and_write_combined_apart()
    {
        var imported = Fixture("bandwidthTest/source-v12.8-range-csv-device-all.txt");
        Assert.Equal(25, imported.Run.Results.Count);
        AssertClose(14.0, Rate(imported, HostPath.Pageable, Direction.HostToDevice, 1_000_000));
        AssertClose(12.0, Rate(imported, HostPath.Pageable, Direction.DeviceToHost, 1_000_000));
        AssertClose(90.0, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 1_000_000));
        AssertClose(95.0 * 1.2, Rate(imported, HostPath.WriteCombined, Direction.DeviceToHost, 5_000_000));
        AssertClose(2400.0, Rate(imported, HostPath.Pinned, Direction.DeviceToDevice, 1_000_000));
        Assert.All(imported.Run.Results, r => Assert.Contains("summed over 2 GPUs", r.Method, StringComparison.Ordinal));
        Assert.Contains("range", imported.Run.Results[0].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Shmoo_tables_with_the_extra_tab_under_10000_bytes_keep_every_size()
    {
        var imported = Fixture("bandwidthTest/source-v12.8-shmoo-h2d-pinned.txt");
        Assert.Equal(22, imported.Run.Results.Count);
        AssertClose(1.5, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 1000));
        AssertClose(24.5, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 24_000));
    }

    [Fact]
    public void Old_megabyte_csv_with_and_without_the_device_count_is_converted()
    {
        var imported = Fixture("bandwidthTest/source-old-mbps-csv.txt");
        Assert.Equal(4, imported.Run.Results.Count);
        AssertClose(10123.4 * MebibytesPerSecond, Rate(imported, HostPath.WriteCombined, Direction.HostToDevice, 33_554_432));
        AssertClose(6012.8 * MebibytesPerSecond, Rate(imported, HostPath.Pageable, Direction.DeviceToHost, 33_554_432));
        AssertClose(9876.5 * MebibytesPerSecond, Rate(imported, HostPath.WriteCombined, Direction.DeviceToHost, 33_554_432));
        AssertClose(180123.9 * MebibytesPerSecond, Rate(imported, HostPath.Pinned, Direction.DeviceToDevice, 33_554_432));
    }

    [Theory]
    [InlineData("H2D-Paged", HostPath.Pageable, Direction.HostToDevice)]
    [InlineData("H2D-Pageable", HostPath.Pageable, Direction.HostToDevice)]
    [InlineData("D2H-Pinned", HostPath.Pinned, Direction.DeviceToHost)]
    [InlineData("H2D-Pinned-WriteCombined", HostPath.WriteCombined, Direction.HostToDevice)]
    [InlineData("D2H-PinnedWriteCombined", HostPath.WriteCombined, Direction.DeviceToHost)]
    [InlineData("H2D-WC", HostPath.WriteCombined, Direction.HostToDevice)]
    [InlineData("D2H-Staged", HostPath.Staged, Direction.DeviceToHost)]
    [InlineData("D2D", HostPath.Pinned, Direction.DeviceToDevice)]
    public void Every_csv_memory_spelling_is_read(string config, HostPath memory, Direction direction)
    {
        using var temp = new TempDirectory();
        string path = temp.File("bandwidthTest.csv");
        File.WriteAllText(path, $"bandwidthTest-{config}, Bandwidth = 12.5 GB/s, Time = 0.00256 s, Size = 32000000 bytes, NumDevsUsed = 1\n");
        var imported = ResultImporter.Read(path, new ImportOptions());
        AssertClose(12.5, Rate(imported, memory, direction, 32_000_000));
    }

    [Fact]
    public void Nvbandwidth_verbose_text_keeps_host_matrices_and_names_what_it_left_out()
    {
        var imported = Fixture("nvbandwidth/source-v0.8-two-gpus-verbose.txt");
        Assert.Equal(5, imported.Run.Results.Count);
        AssertClose(55.21, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, device: 0));
        AssertClose(55.19, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, device: 1));
        AssertClose(55.37, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, device: 0));
        Assert.DoesNotContain(imported.Run.Results, r => r.Test is { Direction: Direction.DeviceToHost, Device: 1 });
        AssertClose(40.07, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, device: 1, bidirectional: true));
        Assert.Contains("device_to_device_memcpy_read_ce", imported.Skipped);
        Assert.Contains("host_device_latency_sm", imported.Skipped);
        Assert.Contains("device_to_host_bidirectional_memcpy_sm (Error)", imported.Skipped);
        Assert.Contains(imported.Skipped, s => s.Contains("Waived", StringComparison.Ordinal));
    }

    [Fact]
    public void Nvbandwidth_perf_formatter_sums_close_their_matrices()
    {
        var imported = Fixture("nvbandwidth/source-v0.8-perf-formatter.txt");
        AssertClose(53.88, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20, method: CopyMethod.Sm));
        AssertClose(54.02, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, method: CopyMethod.Sm));
    }

    [Fact]
    public void Nvbandwidth_json_skips_na_cells_and_names_each_status()
    {
        var imported = Fixture("nvbandwidth/source-v0.8-statuses.json");
        Assert.Equal(3, imported.Run.Results.Count);
        AssertClose(55.2134, Rate(imported, HostPath.Pinned, Direction.HostToDevice, 512L << 20));
        AssertClose(55.3522, Rate(imported, HostPath.Pinned, Direction.DeviceToHost, 512L << 20, device: 1));
        Assert.Contains("device_to_device_memcpy_read_ce (Waived)", imported.Skipped);
        Assert.Contains("device_to_host_bidirectional_memcpy_sm (Error)", imported.Skipped);
        Assert.Contains("host_to_device_memcpy_sm (Not Found)", imported.Skipped);
        Assert.Contains("12080", imported.Run.Environment.Summary, StringComparison.Ordinal);
    }

    /// <summary>Cut after every line, and inside it: a cut inside a matrix kept as results, or before nvbandwidth's
    /// closing note where it prints one, is refused; any other cut keeps only whole matrices, numbers unchanged.</summary>
    [Theory]
    [InlineData("nvbandwidth/source-v0.8-two-gpus-verbose.txt")]
    [InlineData("nvbandwidth/source-v0.8-perf-formatter.txt")]
    [InlineData("nvbandwidth/rtx4090x8-ce-v0.2-first-tests.txt")]
    [InlineData("nvbandwidth/a100-sxm4-h2d-sm-v0.8.txt")]
    public void Nvbandwidth_text_cut_short_is_never_stored_as_complete(string fixture)
    {
        using var temp = new TempDirectory();
        string[] lines = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)).Split('\n');
        var whole = Fixture(fixture).Run.Results.ToDictionary(r => r.Test, r => r.Bandwidth.Median);
        int note = Array.FindIndex(lines, l => l.StartsWith("NOTE: The reported results", StringComparison.Ordinal));
        for (int kept = 1; kept < lines.Length; kept++)
        {
            string path = temp.File($"cut-{kept}.txt");
            string text = string.Join('\n', lines[..kept]);
            // Also cut inside the last line kept, where a number can lose its last digit.
            foreach (string cut in new[] { text, text[..Math.Max(0, text.Length - 1)] })
            {
                File.WriteAllText(path, cut);
                bool insideMatrix = InsideKeptMatrix(lines, cut.Split('\n').Length);
                try
                {
                    var results = ResultImporter.Read(path, new ImportOptions()).Run.Results;
                    Assert.False(insideMatrix, $"a cut after line {kept} inside a matrix was imported");
                    Assert.True(note < 0 || cut.Contains(lines[note], StringComparison.Ordinal), $"a cut after line {kept}, before the closing note, was imported");
                    Assert.All(results, r => Assert.Equal(whole[r.Test], r.Bandwidth.Median));
                }
                catch (ImportException e)
                {
                    Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>Whether the text's last line lies between a kept testcase's matrix heading and its SUM line.</summary>
    private static bool InsideKeptMatrix(string[] lines, int count)
    {
        bool inside = false;
        string? testcase = null;
        for (int i = 0; i < count; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("Running ", StringComparison.Ordinal))
            {
                testcase = line["Running ".Length..].TrimEnd('.');
            }
            else if (testcase is not null && line.EndsWith("(GB/s)", StringComparison.Ordinal) && !testcase.Contains("device_to_device", StringComparison.Ordinal)
                && !testcase.Contains("all", StringComparison.Ordinal))
            {
                inside = true;
            }
            else if (line.StartsWith("SUM ", StringComparison.Ordinal) || line.StartsWith("&&&& PERF ", StringComparison.Ordinal))
            {
                inside = false;
            }
        }
        return inside;
    }

    [Fact]
    public void A_sum_that_does_not_match_its_cells_is_refused()
    {
        using var temp = new TempDirectory();
        string path = temp.File("edited.txt");
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nvbandwidth", "a100-sxm4-h2d-sm-v0.8.txt"));
        File.WriteAllText(path, text.Replace(" 0     25.13", " 0     15.13", StringComparison.Ordinal));
        Assert.Contains("is not the sum of its cells", Assert.Throws<ImportException>(() => ResultImporter.Read(path, new ImportOptions())).Message, StringComparison.Ordinal);
    }
}
