namespace CvmBench.Model;

/// <summary>Reads typed, validated SI values out of a <see cref="ParameterSet"/> and remembers which names it read,
/// so a test can prove that every parameter in the file reaches the model.</summary>
internal sealed class ParameterReader(ParameterSet set)
{
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public IReadOnlySet<string> NamesRead => read;

    /// <summary>A rate or size: finite and above zero.</summary>
    public double Positive(string name)
    {
        double value = Si(name);
        return value > 0 ? value : throw Invalid(name, "above zero");
    }

    /// <summary>A cost: finite and not negative.</summary>
    public double NonNegative(string name)
    {
        double value = Si(name);
        return value >= 0 ? value : throw Invalid(name, "zero or more");
    }

    /// <summary>A chance: at least 0 and below 1.</summary>
    public double Probability(string name)
    {
        double value = Si(name);
        return value is >= 0 and < 1 ? value : throw Invalid(name, "at least 0% and below 100%");
    }

    /// <summary>A whole count of at least <paramref name="minimum"/>.</summary>
    public int Count(string name, int minimum)
    {
        double value = Si(name);
        return value >= minimum && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw Invalid(name, $"a whole number, at least {minimum}");
    }

    private double Si(string name)
    {
        read.Add(name);
        return set.SiValue(name);
    }

    private ArgumentException Invalid(string name, string rule)
    {
        var parameter = set[name];
        return new ArgumentException($"model parameter {name} must be {rule} (got {parameter.Value} {parameter.Unit})");
    }
}
