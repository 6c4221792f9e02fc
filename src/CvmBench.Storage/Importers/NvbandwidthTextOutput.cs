using System.Globalization;
using System.Text.RegularExpressions;
using CvmBench.Measurement;

namespace CvmBench.Storage.Importers;

/// <summary>Reads nvbandwidth's printed output: a "Running testcase." line, a matrix heading, a column header of GPU
/// indexes, one row per CPU (host testcases have one), a blank line and a SUM line (or <c>&amp;&amp;&amp;&amp; PERF</c>
/// with <c>--perfFormatter</c>). A matrix counts only once its SUM line is read and agrees with its cells, so output
/// cut short anywhere in a matrix is refused rather than stored as if complete.</summary>
internal static partial class NvbandwidthTextOutput
{
    /// <summary>The line nvbandwidth prints last (Output::printInfo), from v0.6 on.</summary>
    private const string ClosingNote = "NOTE: The reported results may not reflect the full capabilities of the platform.";

    public static bool Recognises(string text) =>
        text.Contains("nvbandwidth Version:", StringComparison.Ordinal) || RunningLine().IsMatch(text);

    public static ImportedRun Parse(string file, string text, DateTimeOffset when, ImportOptions options)
    {
        var results = new List<TestResult>();
        var skipped = new List<string>();
        var devices = new List<string>();
        string version = "unknown", driver = "", runtime = "";
        string? testcase = null;
        Matrix? matrix = null;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            int number = i + 1;
            Match match;
            if (matrix is not null && testcase is not null)
            {
                if (matrix.Read(file, number, trimmed, options) is { } complete)
                {
                    results.AddRange(complete);
                    (testcase, matrix) = (null, null);
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
                if (NvbandwidthTestcases.Map(testcase) is null)
                {
                    skipped.Add(testcase);
                }
            }
            else if ((match = StatusLine().Match(trimmed)).Success)
            {
                // Waived testcases are not named in text output; a testcase that failed is named by its Running line.
                skipped.Add(testcase is null ? $"a testcase nvbandwidth reported as {match.Groups[1].Value} without naming it" : $"{testcase} ({match.Groups[1].Value})");
                testcase = null;
            }
            else if (testcase is not null && MatrixHeading().IsMatch(trimmed))
            {
                matrix = new Matrix(testcase);
            }
        }
        if (matrix is not null)
        {
            throw new ImportException(file, lines.Length, $"the output ends inside {matrix.Testcase}'s matrix, before its SUM line: it was cut short; nothing imported");
        }
        if (testcase is not null)
        {
            throw new ImportException(file, lines.Length, $"the output ends while {testcase} was running, before its matrix: it was cut short; nothing imported");
        }
        if (PrintsClosingNote(version) && !lines.Any(l => l.Trim() == ClosingNote))
        {
            throw new ImportException(file, lines.Length, $"nvbandwidth {version} ends its output with '{ClosingNote}', which this file lacks: it was cut short; nothing imported");
        }
        if (results.Count == 0)
        {
            throw new ImportException(file, null, "nvbandwidth output with no host-to-device or device-to-host results in it");
        }
        string gpus = devices.Count > 0 ? string.Join(", ", devices.Distinct()) : "GPU not named";
        string summary = $"{gpus} · driver {(driver.Length > 0 ? driver : "unknown")}, CUDA runtime {(runtime.Length > 0 ? runtime : "unknown")} · nvbandwidth output imported from {Path.GetFileName(file)}";
        return new ImportedRun(PeerRuns.Run(NvbandwidthTestcases.Tool, version, "(not in the output)", summary, when, results), "nvbandwidth output", skipped);
    }

    private static bool PrintsClosingNote(string version) =>
        VersionNumber().Match(version) is { Success: true } match
        && (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) is var (major, minor)
        && (major > 0 || minor >= 6);

    /// <summary>One printed matrix, read line by line: its column header, its rows, a blank line, its SUM.</summary>
    private sealed class Matrix(string testcase)
    {
        private readonly List<(int Column, double Rate)> _cells = [];
        private int[]? _columns;
        private bool _rowsEnded;

        public string Testcase { get; } = testcase;

        /// <summary>The matrix's tests once its SUM line is read (none for a testcase we do not keep); null before.</summary>
        public IReadOnlyList<TestResult>? Read(string file, int number, string line, ImportOptions options)
        {
            bool kept = NvbandwidthTestcases.Map(Testcase) is not null;
            if (_rowsEnded)
            {
                if (line.Length == 0)
                {
                    return null;
                }
                var sum = SumLine().Match(line);
                if (!sum.Success)
                {
                    throw new ImportException(file, number, $"expected the SUM line after {Testcase}'s matrix, found '{line}': the output is cut or edited");
                }
                if (!kept)
                {
                    return [];
                }
                double printed = double.TryParse(sum.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;
                double total = _cells.Sum(c => c.Rate);
                // Each cell and the sum are printed to 0.01; more apart than their rounding, they do not belong together.
                if (!(Math.Abs(total - printed) <= 0.006 * (_cells.Count + 1)))
                {
                    throw new ImportException(file, number, $"{Testcase}'s SUM {sum.Groups[1].Value} is not the sum of its cells ({total:F2}): the output is cut or edited");
                }
                return [.. _cells.Select(c => NvbandwidthTestcases.Cell(Testcase, c.Column, c.Rate, options.NvbandwidthBufferBytes, bufferAssumed: true))];
            }
            if (line.Length == 0)
            {
                if (_columns is null)
                {
                    throw new ImportException(file, number, $"{Testcase}'s matrix has no column header");
                }
                _rowsEnded = true;
                return null;
            }
            if (!kept)
            {
                // Latency, GPU-to-GPU and multinode matrices may carry labels; they are skipped, only their end matters.
                _columns ??= [];
                return null;
            }
            string[] cells = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (_columns is null)
            {
                _columns = [.. cells.Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int gpu)
                    ? gpu : throw new ImportException(file, number, $"expected the GPU indexes over nvbandwidth's matrix, found '{line}'"))];
                return null;
            }
            if (cells.Length != _columns.Length + 1 || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int row))
            {
                throw new ImportException(file, number, $"expected a row index and {_columns.Length} values in {Testcase}'s matrix, found '{line}'");
            }
            if (row != 0)
            {
                throw new ImportException(file, number, $"{Testcase} has a row for CPU {row}; a host testcase has one CPU row");
            }
            var direction = NvbandwidthTestcases.Map(Testcase)!.Value.Direction;
            for (int c = 0; c < _columns.Length; c++)
            {
                if (cells[c + 1] == "N/A")
                {
                    continue;
                }
                if (!double.TryParse(cells[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0))
                {
                    throw new ImportException(file, number, $"'{cells[c + 1]}' in {Testcase}'s matrix is not a positive rate");
                }
                if (PeerRuns.RateProblem(direction, rate) is { } problem)
                {
                    throw new ImportException(file, number, $"{Testcase}, GPU {_columns[c]}: {problem}");
                }
                _cells.Add((_columns[c], rate));
            }
            return null;
        }
    }

    [GeneratedRegex(@"^(?:SUM|&&&& PERF) \S+ (\S+)(?: \+GB/s| -ns)?$")]
    private static partial Regex SumLine();

    /// <summary>A matrix's description: "memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)", "memory latency SM ... (ns)".</summary>
    [GeneratedRegex(@"\((?:GB/s|ns)\)$")]
    private static partial Regex MatrixHeading();

    [GeneratedRegex(@"^v(\d{1,4})\.(\d{1,4})")]
    private static partial Regex VersionNumber();

    [GeneratedRegex(@"^(Waived|Error|ERROR|Not Found):")]
    private static partial Regex StatusLine();

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
