using System.Text.Json;

namespace CvmBench.Storage.Importers;

/// <summary>A JSON value with the line it starts on, so an import error in a well-formed but wrong document can
/// still name its line (JsonDocument keeps no positions).</summary>
internal sealed class JsonNodeAt
{
    private JsonNodeAt(JsonTokenType kind, int line) => (Kind, Line) = (kind, line);

    /// <summary>StartObject, StartArray, String, Number, True, False or Null.</summary>
    public JsonTokenType Kind { get; }

    /// <summary>The 1-based line the value starts on.</summary>
    public int Line { get; }

    /// <summary>A string's value, or a number's text as written.</summary>
    public string? Text { get; private init; }

    public List<KeyValuePair<string, JsonNodeAt>> Properties { get; } = [];

    public List<JsonNodeAt> Items { get; } = [];

    public JsonNodeAt? this[string name] => Properties.FirstOrDefault(p => p.Key == name).Value;

    /// <exception cref="JsonException">The text is not JSON; <see cref="JsonException.LineNumber"/> says where (0-based).</exception>
    public static JsonNodeAt Parse(byte[] utf8)
    {
        int[] lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            throw new JsonException("the file is empty", null, 0, 0);
        }
        var root = ReadValue(ref reader, lineStarts);
        if (reader.Read())
        {
            throw new JsonException("text after the JSON document", null, LineOf(lineStarts, reader.TokenStartIndex) - 1, 0);
        }
        return root;
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, int[] lineStarts)
    {
        int line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonNodeAt(JsonTokenType.StartObject, line);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    obj.Properties.Add(new(name, ReadValue(ref reader, lineStarts)));
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonNodeAt(JsonTokenType.StartArray, line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(ref reader, lineStarts));
                }
                return array;
            case JsonTokenType.String:
                return new JsonNodeAt(JsonTokenType.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonNodeAt(JsonTokenType.Number, line) { Text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan) };
            default:
                return new JsonNodeAt(reader.TokenType, line);
        }
    }

    private static int[] LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }

    private static int LineOf(int[] lineStarts, long offset)
    {
        int index = Array.BinarySearch(lineStarts, (int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
