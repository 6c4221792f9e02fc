namespace CvmBench.Model;

/// <summary>The parameter file as written on disk. Entries of a user's file may leave out unit, description and
/// source: they override the defaults by name.</summary>
internal sealed record ParameterFile(string? Description, IReadOnlyList<ParameterFileEntry>? Parameters);

/// <summary>One entry of a parameter file.</summary>
internal sealed record ParameterFileEntry(string? Name, double? Value, string? Unit, string? Description, string? Source);
