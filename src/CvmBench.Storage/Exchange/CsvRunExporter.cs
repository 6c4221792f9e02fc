using System.Globalization;
using CvmBench.Measurement;
using CvmBench.Transfers;

namespace CvmBench.Storage.Exchange;

/// <summary>One row per sample (RFC 4180), with its test's configuration repeated on every row so the file can be
/// filtered and pivoted as it is; <c>simulated</c> marks rows measured on the simulated host-memory device. GB/s is 1e9
/// bytes per second.</summary>
public sealed class CsvRunExporter : IRunExporter
{
    public static readonly string[] Columns =
    [
        "run_id", "tool", "simulated", "test_index", "test", "memory", "direction", "method", "bytes_per_copy", "device", "bidirectional",
        "verified", "sample_index", "sample_bytes", "nanoseconds", "wall_nanoseconds", "gb_per_s", "wall_gb_per_s",
    ];

    public string Format => "csv";

    public void Write(RunRecord run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Join(',', Columns));
        for (int t = 0; t < run.Results.Count; t++)
        {
            var result = run.Results[t];
            var test = result.Test;
            for (int s = 0; s < result.Samples.Count; s++)
            {
                var sample = result.Samples[s];
                string[] fields =
                [
                    run.Id, run.Tool, Text(run.Simulated), Text(t), test.Name, HostPathNames.ToText(test.Memory), DirectionNames.ToText(test.Direction),
                    test.Method == CopyMethod.Sm ? "sm" : "ce", Text(test.Bytes), Text(test.Device), Text(test.Bidirectional),
                    Text(result.Verified), Text(s), Text(sample.Bytes), Text(sample.Nanoseconds), Text(sample.WallNanoseconds),
                    sample.GigabytesPerSecond.ToString("R", CultureInfo.InvariantCulture),
                    sample.WallGigabytesPerSecond.ToString("R", CultureInfo.InvariantCulture),
                ];
                writer.WriteLine(string.Join(',', fields.Select(Quote)));
            }
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? '"' + field.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : field;
}
