using System.Globalization;
using System.Text.RegularExpressions;
using CvmBench.Measurement;

namespace CvmBench.Storage.Importers;

/// <summary>Reads nvbandwidth's printed output: a "Running testcase." line, a matrix heading, a column header of GPU
/// indexes, one row per CPU (host testcases have one), and a SUM line.</summary>
internal static partial class NvbandwidthTextOutput
{
    public static bool Recognises(string text) =>
        text.Contains("nvbandwidth Version:", StringComparison.Ordinal) || RunningLine().IsMatch(text);

    public static ImportedRun Parse(string file, string text, DateTimeOffset when, ImportOptions options)
    {
        var results = new List<TestResult>();
        var skipped = new List<string>();
        var devices = new List<string>();
        string version = "unknown", driver = "", runtime = "";
        string? testcase = null;
        int[]? columns = null;
        bool sawHeading = false;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string trimmed = line.Trim();
            int number = i + 1;
            Match match;
            if (testcase is not null && sawHeading)
            {
                if (trimmed.Length == 0)
                {
                    (testcase, columns, sawHeading) = (null, null, false);
                    continue;
                }
                string[] cells = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (columns is null)
                {
                    columns = [.. cells.Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int gpu)
                        ? gpu : throw new ImportException(file, number, $"expected the GPU indexes over nvbandwidth's matrix, found '{trimmed}'"))];
                    continue;
                }
                if (cells.Length != columns.Length + 1 || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int row))
                {
                    throw new ImportException(file, number, $"expected a row index and {columns.Length} values in {testcase}'s matrix, found '{trimmed}'");
                }
                if (NvbandwidthTestcases.Map(testcase) is null)
                {
                    continue;
                }
                if (row != 0)
                {
                    throw new ImportException(file, number, $"{testcase} has a row for CPU {row}; a host testcase has one CPU row");
                }
                for (int c = 0; c < columns.Length; c++)
                {
                    if (cells[c + 1] == "N/A")
                    {
                        continue;
                    }
                    if (!double.TryParse(cells[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0))
                    {
                        throw new ImportException(file, number, $"'{cells[c + 1]}' in {testcase}'s matrix is not a positive rate");
                    }
                    results.Add(NvbandwidthTestcases.Cell(testcase, columns[c], rate, options.NvbandwidthBufferBytes, bufferAssumed: true));
                }
                continue;
            }
            if ((match = VersionLine().Match(trimmed)).Success)
            {
                version = match.Groups[1].Value;
            }
            else if ((match = DriverLine().Match(trimmed)).Success)
            {
                driver = match.Groups[1].Value;
            }
            else if ((match = RuntimeLine().Match(trimmed)).Success)
            {
                runtime = match.Groups[1].Value;
            }
            else if ((match = DeviceLine().Match(trimmed)).Success)
            {
                devices.Add(match.Groups[1].Value.Trim());
            }
            else if ((match = RunningLine().Match(trimmed)).Success)
            {
                testcase = match.Groups[1].Value;
                sawHeading = false;
                if (NvbandwidthTestcases.Map(testcase) is null)
                {
                    skipped.Add(testcase);
                }
            }
            else if (testcase is not null && (trimmed.StartsWith("memcpy ", StringComparison.Ordinal) || trimmed.StartsWith("memory latency ", StringComparison.Ordinal)))
            {
                sawHeading = true;
            }
        }
        if (results.Count == 0)
        {
            throw new ImportException(file, null, "nvbandwidth output with no host-to-device or device-to-host results in it");
        }
        string gpus = devices.Count > 0 ? string.Join(", ", devices.Distinct()) : "GPU not named";
        string summary = $"{gpus} · driver {(driver.Length > 0 ? driver : "unknown")}, CUDA runtime {(runtime.Length > 0 ? runtime : "unknown")} · nvbandwidth output imported from {Path.GetFileName(file)}";
        return new ImportedRun(PeerRuns.Run(NvbandwidthTestcases.Tool, version, "(not in the output)", summary, when, results), "nvbandwidth output", skipped);
    }

    [GeneratedRegex(@"^Running (\S+)\.\s*$", RegexOptions.Multiline)]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"^nvbandwidth Version: (\S+)$")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^Driver Version: (\S+)$")]
    private static partial Regex DriverLine();

    [GeneratedRegex(@"^CUDA Runtime Version: (\S+)$")]
    private static partial Regex RuntimeLine();

    [GeneratedRegex(@"^Device \d+: (.+)$")]
    private static partial Regex DeviceLine();
}
