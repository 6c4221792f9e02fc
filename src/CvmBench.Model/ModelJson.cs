using System.Text.Json.Serialization;

namespace CvmBench.Model;

/// <summary>Source-generated JSON for the parameter file and the model's report (reflection-free, for Native AOT).
/// Infinite reuse counts (pinned memory) are written as "Infinity".</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ParameterFile))]
[JsonSerializable(typeof(ModelReport))]
internal sealed partial class ModelJson : JsonSerializerContext;
