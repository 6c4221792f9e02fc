namespace CvmBench;

/// <summary>A value read from the machine, with where it came from; or, when it could not be read,
/// why it is unknown. Every field the probe reports is one of these, so no source that is missing
/// or unreadable can crash a report or pass for a real value.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value; default when unknown.</param>
/// <param name="Source">Where the value was (or would have been) read from.</param>
/// <param name="Unknown">Why the value is unknown; null when it is known.</param>
public sealed record Fact<T>(T? Value, string Source, string? Unknown = null)
{
    public bool IsKnown => Unknown is null;

    public static Fact<T> Known(T value, string source) => new(value, source);

    public static Fact<T> Missing(string source, string reason) => new(default, source, reason);

    /// <summary>The value as text, or <c>unknown (reason)</c>.</summary>
    public override string ToString() => IsKnown ? Value?.ToString() ?? "" : $"unknown ({Unknown})";
}
