using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CvmBench.Platform;

/// <summary>A short name for the hardware a run measured, derived from its probe JSON: the CPU (vendor, model name,
/// logical CPUs) and the GPUs' UUIDs. Host names repeat across a fleet and get reused; this does not change with the
/// kernel, the driver or anything else a probe reads that moves between runs, so the runs of one machine group
/// together. Empty when the probe names neither CPU nor GPU (an imported peer run has no probe at all).</summary>
public static class MachineFingerprint
{
    /// <summary>Hex digits kept of the SHA-256: 48 bits, far more than any fleet needs to tell its machines apart.</summary>
    public const int Length = 12;

    public static string Of(string probeJson)
    {
        ArgumentNullException.ThrowIfNull(probeJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(probeJson);
        }
        catch (JsonException)
        {
            return "";
        }
        using (document)
        {
            var root = document.RootElement;
            string cpu = string.Join('|', Known(root, "cpu", "vendor"), Known(root, "cpu", "modelName"), Known(root, "cpu", "logicalCpus"));
            var gpus = new List<string>();
            if (Property(root, "gpus", "value") is { ValueKind: JsonValueKind.Array } list)
            {
                gpus.AddRange(list.EnumerateArray().Select(gpu => Text(Property(gpu, "cuda", "uuid"))).Where(uuid => uuid.Length > 0));
            }
            if (cpu == "||" && gpus.Count == 0)
            {
                return "";
            }
            gpus.Sort(StringComparer.Ordinal);
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"cpu={cpu};gpus={string.Join(',', gpus)}"));
            return Convert.ToHexStringLower(hash)[..Length];
        }
    }

    /// <summary>The value of a probe fact (<c>{"value": ..., "isKnown": true}</c>) as text; empty when unknown.</summary>
    private static string Known(JsonElement root, string section, string fact) =>
        Property(root, section, fact) is { } node && Property(node, "isKnown") is { ValueKind: JsonValueKind.True }
            ? Text(Property(node, "value"))
            : "";

    private static JsonElement? Property(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element;
    }

    private static string Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => "",
    };
}
