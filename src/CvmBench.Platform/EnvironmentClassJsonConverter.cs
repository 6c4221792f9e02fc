using System.Text.Json;
using System.Text.Json.Serialization;

namespace CvmBench.Platform;

/// <summary>Writes and reads an <see cref="EnvironmentClass"/> as its word (<c>"bare-metal"</c>), as probes and runs
/// have always stored it.</summary>
public sealed class EnvironmentClassJsonConverter : JsonConverter<EnvironmentClass>
{
    public override EnvironmentClass Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && EnvironmentClassNames.TryParse(reader.GetString()!, out var environment)
            ? environment
            : throw new JsonException($"not an environment class (one of {EnvironmentClassNames.List()})");

    public override void Write(Utf8JsonWriter writer, EnvironmentClass value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(EnvironmentClassNames.ToText(value));
    }
}
