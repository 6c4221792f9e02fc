using System.Text.Json.Serialization;
using CvmBench.Cuda;

namespace CvmBench.Cli;

/// <summary>Source-generated JSON for everything the CLI prints (reflection-free, for Native AOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<GpuInfo>))]
internal sealed partial class CliJson : JsonSerializerContext;
