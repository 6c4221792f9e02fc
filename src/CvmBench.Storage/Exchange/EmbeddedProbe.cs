using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CvmBench.Storage.Exchange;

/// <summary>A run's probe inside its JSON export: the <c>probe --json</c> document as a JSON object
/// (<c>environment.probe</c>), so the export reads as one document, rather than as an escaped string. The store keeps
/// the probe's text verbatim, so the object is used only when writing it back indented gives that text again (as
/// for every probe cvmbench writes); any other text stays a string in <c>environment.probeJson</c>, as older
/// exports have it.</summary>
internal static class EmbeddedProbe
{
    public const string ObjectProperty = "probe";
    public const string TextProperty = "probeJson";

    /// <summary>The probe as an object, or null when it must stay text to survive the round trip.</summary>
    public static JsonObject? AsObject(string probeJson)
    {
        if (probeJson.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(probeJson) is JsonObject probe && Text(probe) == probeJson ? probe : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An embedded probe's text, as the store keeps it.</summary>
    public static string Text(JsonNode probe)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            probe.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
