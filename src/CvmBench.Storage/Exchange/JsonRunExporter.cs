using System.Text.Json;
using CvmBench.Measurement;

namespace CvmBench.Storage.Exchange;

/// <summary>The run as <see cref="MeasurementJson"/> writes it: the same document <c>import</c> reads back.</summary>
public sealed class JsonRunExporter : IRunExporter
{
    public string Format => "json";

    public void Write(RunRecord run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(run, MeasurementJson.Default.RunRecord));
    }
}
