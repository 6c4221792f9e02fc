using System.Text.Json;

namespace CvmBench.Tests.Platform;

/// <summary>Checks a profile's JSON without knowing its shape: every fact in it must name its source,
/// and every unknown fact must say why.</summary>
internal static class FactJson
{
    public static int AssertEveryFactExplained(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Visit(document.RootElement, "$");
    }

    private static int Visit(JsonElement element, string path)
    {
        int facts = 0;
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("isKnown", out var known) && element.TryGetProperty("source", out var source))
            {
                facts++;
                Assert.False(string.IsNullOrWhiteSpace(source.GetString()), $"{path} names no source");
                if (!known.GetBoolean())
                {
                    Assert.True(element.TryGetProperty("unknown", out var reason) && !string.IsNullOrWhiteSpace(reason.GetString()),
                        $"{path} is unknown without a reason");
                }
            }
            foreach (var property in element.EnumerateObject())
            {
                facts += Visit(property.Value, $"{path}.{property.Name}");
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (var item in element.EnumerateArray())
            {
                facts += Visit(item, $"{path}[{index++}]");
            }
        }
        return facts;
    }
}
