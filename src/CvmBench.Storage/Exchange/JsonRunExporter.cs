using System.Text.Json;
using System.Text.Json.Nodes;
using CvmBench.Measurement;

namespace CvmBench.Storage.Exchange;

/// <summary>The run as <see cref="MeasurementJson"/> writes it, with its probe embedded as an object
/// (<see cref="EmbeddedProbe"/>): the same document <c>import</c> reads back.</summary>
public sealed class JsonRunExporter : IRunExporter
{
    public string Format => "json";

    public void Write(RunRecord run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        string json = JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord);
        if (EmbeddedProbe.AsObject(run.Environment.ProbeJson) is not { } probe
            || JsonNode.Parse(json) is not JsonObject root || root["environment"] is not JsonObject environment)
        {
            writer.WriteLine(json);
            return;
        }
        // In the text's place, so the environment reads in the same order as before.
        int position = environment.IndexOf(EmbeddedProbe.TextProperty);
        environment.Remove(EmbeddedProbe.TextProperty);
        environment.Insert(position < 0 ? environment.Count : position, EmbeddedProbe.ObjectProperty, probe);
        writer.WriteLine(EmbeddedProbe.Text(root));
    }
}
