using System.Text.Json;
using System.Text.Json.Nodes;
using CvmBench.Measurement;
using CvmBench.Storage.Exchange;

namespace CvmBench.Storage.Importers;

/// <summary>Reads a run back from our own JSON export (<see cref="MeasurementJson"/>), keeping its id and every
/// sample; statistics in the file are not trusted, the store derives them from the samples again.</summary>
internal static class RunJsonImport
{
    public static bool Recognises(JsonNodeAt root) => root["id"] is not null && root["results"] is not null;

    public static ImportedRun Parse(string file, byte[] utf8, JsonNodeAt root)
    {
        RunRecord? run;
        try
        {
            run = Deserialize(utf8);
        }
        catch (JsonException e)
        {
            throw new ImportException(file, e.LineNumber is { } line ? (int)line + 1 : null, $"not a cvmbench run export: {ResultImporter.Describe(e)}", e);
        }
        if (run is null || string.IsNullOrWhiteSpace(run.Id) || run.Tool is null || run.ToolVersion is null || run.CommandLine is null)
        {
            throw new ImportException(file, root.Line, "a cvmbench run export needs id, tool, toolVersion and commandLine");
        }
        // A missing class would read as unknown; a word that is no class is refused as it is read.
        if (run.Environment is not { Host: not null, Summary: not null, ProbeJson: not null } || root["environment"]?["class"] is null)
        {
            throw new ImportException(file, (root["environment"] ?? root).Line, "the run's environment needs host, class, summary and probeJson");
        }
        if (run.Results is null)
        {
            throw new ImportException(file, root.Line, "a cvmbench run export needs its results (an empty list where there are none)");
        }
        // Exports written before runs held operations have no operations list.
        run = run with { Operations = run.Operations ?? [] };
        var results = root["results"]?.Items ?? [];
        for (int t = 0; t < run.Results.Count; t++)
        {
            var result = run.Results[t];
            int line = t < results.Count ? results[t].Line : root.Line;
            if (result?.Test is null || result.Samples is null || result.Samples.Count == 0 || result.Method is null)
            {
                throw new ImportException(file, line, $"result {t} needs its test, a method and at least one sample");
            }
            var samples = t < results.Count ? results[t]["samples"]?.Items : null;
            for (int s = 0; s < result.Samples.Count; s++)
            {
                var sample = result.Samples[s];
                if (sample is null || sample.Bytes <= 0 || sample.Nanoseconds <= 0 || sample.WallNanoseconds < 0)
                {
                    throw new ImportException(file, samples is not null && s < samples.Count ? samples[s].Line : line,
                        $"result {t}, sample {s}: bytes and nanoseconds must be positive, wallNanoseconds not negative");
                }
                if (PeerRuns.RateProblem(result.Test.Direction, (double)sample.Bytes / sample.Nanoseconds) is { } problem)
                {
                    throw new ImportException(file, samples is not null && s < samples.Count ? samples[s].Line : line, $"result {t}, sample {s}: {problem}");
                }
            }
        }
        var operations = root["operations"]?.Items ?? [];
        for (int o = 0; o < run.Operations.Count; o++)
        {
            var operation = run.Operations[o];
            int line = o < operations.Count ? operations[o].Line : root.Line;
            if (operation?.Test is not { Variant: not null } || (o < operations.Count && operations[o]["test"]?["operation"] is null) || operation.Samples is null || operation.Samples.Count == 0 || operation.Method is null)
            {
                throw new ImportException(file, line, $"operation {o} needs its test (operation and variant), a method and at least one sample");
            }
            if (operation.Samples.Any(s => s is null || s.Bytes <= 0 || s.Nanoseconds <= 0))
            {
                throw new ImportException(file, line, $"operation {o}: every sample needs positive bytes and nanoseconds");
            }
        }
        return new ImportedRun(run, "cvmbench JSON export", []);
    }

    /// <summary>The run, with an embedded probe object turned back into the text the store keeps; older exports
    /// carry that text as it is.</summary>
    private static RunRecord? Deserialize(byte[] utf8)
    {
        if (JsonNode.Parse(utf8) is JsonObject { } root && root["environment"] is JsonObject environment
            && environment[EmbeddedProbe.ObjectProperty] is JsonObject probe)
        {
            environment.Remove(EmbeddedProbe.ObjectProperty);
            environment[EmbeddedProbe.TextProperty] = EmbeddedProbe.Text(probe);
            return root.Deserialize(MeasurementJson.Default.RunRecord);
        }
        return JsonSerializer.Deserialize(utf8, MeasurementJson.Default.RunRecord);
    }
}
