using System.Text.Json.Serialization;

namespace CvmBench.Platform;

/// <summary>Source-generated JSON for the machine profile (reflection-free, for Native AOT): what
/// <c>probe --json</c> prints and the results store keeps. camelCase.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MachineProfile))]
public sealed partial class PlatformJson : JsonSerializerContext;
