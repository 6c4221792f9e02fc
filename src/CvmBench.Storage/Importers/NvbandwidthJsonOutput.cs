using System.Globalization;
using System.Text.Json;

namespace CvmBench.Storage.Importers;

/// <summary>Reads <c>nvbandwidth --json</c>: <c>{"nvbandwidth": {"version", "Driver Version", "CUDA Runtime Version",
/// "testcases": [{"name", "status", "bandwidth_matrix": [["12.39", "N/A", ...]], ...}]}}</c>. Matrix cells are text.</summary>
internal static class NvbandwidthJsonOutput
{
    public static ImportedRun Parse(string file, JsonNodeAt root, DateTimeOffset when, ImportOptions options)
    {
        var body = root["nvbandwidth"] ?? throw new ImportException(file, root.Line, "no \"nvbandwidth\" object");
        var testcases = body["testcases"];
        if (testcases is not { Kind: JsonTokenType.StartArray })
        {
            throw new ImportException(file, (testcases ?? body).Line, "\"testcases\" is missing or not an array");
        }
        var results = new List<Measurement.TestResult>();
        var skipped = new List<string>();
        foreach (var testcase in testcases.Items)
        {
            string name = Text(file, testcase, "name");
            string status = testcase["status"]?.Text ?? "";
            if (NvbandwidthTestcases.Map(name) is null || status != "Passed")
            {
                skipped.Add(status == "Passed" ? name : $"{name} ({(status.Length > 0 ? status : "no status")})");
                continue;
            }
            var matrix = testcase["bandwidth_matrix"];
            if (matrix is not { Kind: JsonTokenType.StartArray } || matrix.Items.Count != 1 || matrix.Items[0].Kind != JsonTokenType.StartArray)
            {
                throw new ImportException(file, (matrix ?? testcase).Line, $"{name}: expected \"bandwidth_matrix\" with one CPU row");
            }
            var row = matrix.Items[0].Items;
            for (int gpu = 0; gpu < row.Count; gpu++)
            {
                var cell = row[gpu];
                if (cell.Text == "N/A")
                {
                    continue;
                }
                if (cell.Kind is not (JsonTokenType.String or JsonTokenType.Number)
                    || !double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0))
                {
                    throw new ImportException(file, cell.Line, $"{name}: matrix cell {gpu} ('{cell.Text}') is not a positive rate");
                }
                if (PeerRuns.RateProblem(NvbandwidthTestcases.Map(name)!.Value.Direction, rate) is { } problem)
                {
                    throw new ImportException(file, cell.Line, $"{name}, GPU {gpu}: {problem}");
                }
                results.Add(NvbandwidthTestcases.Cell(name, gpu, rate, options.NvbandwidthBufferBytes, bufferAssumed: true));
            }
        }
        if (results.Count == 0)
        {
            throw new ImportException(file, testcases.Line, "nvbandwidth JSON with no passed host-to-device or device-to-host testcase");
        }
        string devices = body["GPU Device list"] is { Kind: JsonTokenType.StartArray } list && list.Items.Count > 0
            ? string.Join(", ", list.Items.Select(d => d.Text)) : "GPU not named";
        string summary = $"{devices} · driver {body["Driver Version"]?.Text ?? "unknown"}, CUDA runtime {body["CUDA Runtime Version"]?.Text ?? "unknown"}"
            + $" · nvbandwidth JSON imported from {Path.GetFileName(file)}";
        var run = PeerRuns.Run(NvbandwidthTestcases.Tool, body["version"]?.Text ?? "unknown", "(not in the output)", summary, when, results);
        return new ImportedRun(run, "nvbandwidth JSON", skipped);
    }

    private static string Text(string file, JsonNodeAt node, string property) =>
        node[property] is { Kind: JsonTokenType.String, Text: { } text } ? text : throw new ImportException(file, node.Line, $"a testcase without a \"{property}\"");
}
