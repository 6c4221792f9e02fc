using System.Globalization;
using System.Text.RegularExpressions;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Storage.Importers;

/// <summary>Reads what cuda-samples' bandwidthTest prints, in its readable form (tables under "Host to Device
/// Bandwidth" headings) and its <c>--csv</c> form (<c>bandwidthTest-H2D-Pinned, Bandwidth = ... GB/s, ...</c>), and
/// several invocations in one captured session. Older releases print MB/s meaning 2^20 bytes per second.</summary>
internal static partial class BandwidthTestOutput
{
    public const string Tool = "bandwidthTest";

    public static bool Recognises(string text) =>
        text.Contains("[CUDA Bandwidth Test]", StringComparison.Ordinal) || CsvPrefix().IsMatch(text);

    public static ImportedRun Parse(string file, string text, DateTimeOffset when)
    {
        var results = new List<TestResult>();
        var commands = new List<string>();
        var devices = new List<string>();
        string mode = "quick";
        Direction? direction = null;
        HostPath? memory = null;
        int devicesUsed = 1;
        double? unitToGigabytes = null;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int number = i + 1;
            if (unitToGigabytes is { } toGigabytes)
            {
                if (line.Length == 0)
                {
                    unitToGigabytes = null;
                    continue;
                }
                var row = TableRow().Match(line);
                if (!row.Success)
                {
                    throw new ImportException(file, number, $"expected 'size rate' in the bandwidthTest table, found '{line}'");
                }
                results.Add(Result(file, number, direction!.Value, memory!.Value, Long(file, number, row.Groups[1].Value),
                    Double(file, number, row.Groups[2].Value) * toGigabytes, devices, devicesUsed, mode, toGigabytes != 1));
                continue;
            }
            if (line.StartsWith("bandwidthTest-", StringComparison.Ordinal))
            {
                var csv = CsvLine().Match(line);
                if (!csv.Success)
                {
                    throw new ImportException(file, number, $"malformed bandwidthTest CSV line '{line}'");
                }
                var csvDirection = csv.Groups["dir"].Value.ToUpperInvariant() switch { "H2D" => Direction.HostToDevice, "D2H" => Direction.DeviceToHost, _ => Direction.DeviceToDevice };
                double scale = csv.Groups["unit"].Value.Equals("MB/s", StringComparison.OrdinalIgnoreCase) ? MebibytesToGigabytes : 1;
                int csvDevices = csv.Groups["devs"].Success ? Count(file, number, csv.Groups["devs"].Value) : 1;
                results.Add(Result(file, number, csvDirection, CsvMemory(csv.Groups["mem"].Value, csv.Groups["wc"].Success), Long(file, number, csv.Groups["size"].Value),
                    Double(file, number, csv.Groups["rate"].Value) * scale, devices, csvDevices, mode, scale != 1));
                continue;
            }
            Match match;
            if (line.Contains("[CUDA Bandwidth Test] - Starting", StringComparison.Ordinal))
            {
                devices.Clear();
                (direction, memory, mode) = (null, null, "quick");
            }
            else if ((match = Command().Match(line)).Success)
            {
                commands.Add(match.Groups[1].Value.Trim());
            }
            else if ((match = DeviceLine().Match(line)).Success)
            {
                devices.Add($"{match.Groups[1].Value}: {match.Groups[2].Value.Trim()}");
            }
            else if ((match = ModeLine().Match(line)).Success)
            {
                mode = match.Groups[1].Value.ToLowerInvariant();
            }
            else if ((match = Heading().Match(line)).Success)
            {
                direction = match.Groups[1].Value switch
                {
                    "Host to Device" => Direction.HostToDevice,
                    "Device to Host" => Direction.DeviceToHost,
                    _ => Direction.DeviceToDevice,
                };
                devicesUsed = match.Groups[2].Success ? Count(file, number, match.Groups[2].Value) : 1;
                memory = null;
            }
            else if ((match = MemoryLine().Match(line)).Success)
            {
                memory = match.Groups[1].Value switch { "PAGEABLE" => HostPath.Pageable, "STAGED" => HostPath.Staged, "SEALED" => HostPath.Sealed, _ => HostPath.Pinned };
            }
            else if ((match = TableHeader().Match(line)).Success)
            {
                // printResultsReadable ends the write-combined line without a newline, so the table header follows on it.
                if (match.Groups["wc"].Success)
                {
                    memory = HostPath.WriteCombined;
                }
                if (direction is null || memory is null)
                {
                    throw new ImportException(file, number, "bandwidthTest table without its direction and memory headings above it");
                }
                unitToGigabytes = match.Groups["unit"].Value == "MB" ? MebibytesToGigabytes : 1;
            }
            else if (line.StartsWith("Write-Combined Memory Writes are Enabled", StringComparison.Ordinal))
            {
                memory = HostPath.WriteCombined;
            }
            else if (line.StartsWith("Result = FAIL", StringComparison.Ordinal))
            {
                throw new ImportException(file, number, "bandwidthTest reported Result = FAIL; its numbers are not imported");
            }
        }
        if (results.Count == 0)
        {
            throw new ImportException(file, null, "bandwidthTest output with no results in it");
        }
        string gpus = devices.Count > 0 ? string.Join(", ", devices.Select(d => d[(d.IndexOf(':', StringComparison.Ordinal) + 2)..]).Distinct()) : "GPU not named";
        var run = PeerRuns.Run(Tool, "unknown", commands.Count > 0 ? string.Join("; ", commands) : "(not in the output)",
            $"{gpus} · bandwidthTest output imported from {Path.GetFileName(file)}", when, results);
        return new ImportedRun(run, "bandwidthTest output", []);
    }

    /// <summary>Old bandwidthTest MB/s: bytes * 1e3 / (ms * 2^20), so 1 MB/s = 2^20 bytes/s.</summary>
    private const double MebibytesToGigabytes = 1048576 / 1e9;

    private static TestResult Result(string file, int line, Direction direction, HostPath memory, long bytes, double gigabytesPerSecond,
        List<string> devices, int devicesUsed, string mode, bool converted)
    {
        if (bytes <= 0)
        {
            throw new ImportException(file, line, $"bandwidthTest printed a transfer size of {bytes} bytes; a size must be positive");
        }
        if (PeerRuns.RateProblem(direction, gigabytesPerSecond) is { } problem)
        {
            throw new ImportException(file, line, problem);
        }
        int device = devices.Count > 0 ? int.Parse(devices[0][..devices[0].IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture) : 0;
        string method = $"bandwidthTest {mode} mode, one printed rate{(converted ? " (MB/s of 2^20 bytes, converted)" : "")}"
            + (devicesUsed > 1 ? $", summed over {devicesUsed} GPUs run one after another" : "")
            + "; stored as one sample (time = size / rate, to the nanosecond): no spread, no wall clock, no verification";
        return PeerRuns.Reported(new TransferTest(memory, direction, CopyMethod.CopyEngine, bytes, device), gigabytesPerSecond, method);
    }

    private static long Long(string file, int line, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value : throw new ImportException(file, line, $"transfer size '{text}' is not a whole number of bytes that fits in 64 bits");

    /// <summary>The GPUs a result was summed over (NumDevsUsed, "N Device(s)"): at least one.</summary>
    private static int Count(string file, int line, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value : throw new ImportException(file, line, $"bandwidthTest printed {text} device(s) used; a result needs at least one GPU");

    /// <summary>The memory of a CSV line: -Paged (the original), -Pageable, -Pinned, -Pinned-WriteCombined (or the older
    /// -PinnedWriteCombined), -WC, and CvmBench's own -Staged and -Sealed; none for device-to-device.</summary>
    private static HostPath CsvMemory(string memory, bool writeCombined) => memory.ToUpperInvariant() switch
    {
        "PAGED" or "PAGEABLE" => HostPath.Pageable,
        "STAGED" => HostPath.Staged,
        "SEALED" => HostPath.Sealed,
        "WC" => HostPath.WriteCombined,
        _ => writeCombined ? HostPath.WriteCombined : HostPath.Pinned,
    };

    /// <summary>A printed rate; C's printf writes an infinite or undefined one as inf or nan, which
    /// <see cref="PeerRuns.RateProblem"/> then refuses by name.</summary>
    private static double Double(string file, int line, string text) => text.TrimStart('+', '-').ToUpperInvariant() switch
    {
        "INF" => double.PositiveInfinity,
        "NAN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value : throw new ImportException(file, line, $"'{text}' is not a number"),
    };

    [GeneratedRegex(@"^bandwidthTest-(H2D|D2H|D2D)", RegexOptions.Multiline)]
    private static partial Regex CsvPrefix();

    [GeneratedRegex(@"^bandwidthTest-(?<dir>H2D|D2H|D2D)(?:-(?<mem>Paged|Pageable|Pinned|Staged|Sealed|WC)(?<wc>-?WriteCombined|-WC)?)?, Bandwidth = (?<rate>[-+]?[0-9.]+(?:e[-+]?\d+)?|[-+]?inf|[-+]?nan) (?<unit>GB/s|MB/s), Time = \S+ s, Size = (?<size>[-+]?\d+) bytes(?:, NumDevsUsed = (?<devs>[-+]?\d+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CsvLine();

    [GeneratedRegex(@"^([-+]?\d+)\s+([-+]?[0-9.]+(?:e[-+]?\d+)?|[-+]?inf|[-+]?nan)$", RegexOptions.IgnoreCase)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"((?:\S*/)?bandwidthTest(?:\s.*)?)$")]
    private static partial Regex Command();

    [GeneratedRegex(@"^Device (\d{1,9}): (.+)$")]
    private static partial Regex DeviceLine();

    [GeneratedRegex(@"^(Quick|Range|Shmoo) Mode$")]
    private static partial Regex ModeLine();

    [GeneratedRegex(@"^(Host to Device|Device to Host|Device to Device) Bandwidth(?:, ([-+]?\d+) Device\(s\))?$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(PINNED|PAGEABLE|STAGED|SEALED) Memory Transfers$")]
    private static partial Regex MemoryLine();

    [GeneratedRegex(@"^(?<wc>Write-Combined Memory Writes are Enabled\s*)?Transfer Size \(Bytes\)\s+Bandwidth\((?<unit>GB|MB)/s\)$")]
    private static partial Regex TableHeader();
}
