using System.Text.Json;
using System.Text.Json.Serialization;

namespace CvmBench.Measurement;

/// <summary>An operation in JSON as the store keeps it (<see cref="OperationNames"/>), not by its member name, so
/// exported runs read the same as before operations were typed.</summary>
public sealed class OperationKindJsonConverter : JsonConverter<OperationKind>
{
    public override OperationKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.GetString() ?? throw new JsonException("an operation must be a string");
        return OperationNames.TryParse(text, out var operation) ? operation : throw new JsonException($"unknown operation '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, OperationKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(OperationNames.ToText(value));
    }
}
