using System.Text.Json.Serialization;

namespace CvmBench.Measurement;

/// <summary>Source-generated JSON for runs and results (reflection-free, for Native AOT). camelCase, enums as text.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(IReadOnlyList<TestResult>))]
[JsonSerializable(typeof(IReadOnlyList<OperationResult>))]
public sealed partial class MeasurementJson : JsonSerializerContext;
