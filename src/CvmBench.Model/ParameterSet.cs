using System.Globalization;
using System.Text.Json;

namespace CvmBench.Model;

/// <summary>Every parameter of the cost model with its value, unit and source. The defaults ship inside the library
/// (Model/parameters.json); a user's file, <c>name=value</c> assignments and calibration from a run replace values
/// by name, and each replacement says where its value came from.</summary>
public sealed record ParameterSet
{
    private const string DefaultsResource = "CvmBench.Model.parameters.json";
    private static readonly Lazy<ParameterSet> LazyDefaults = new(LoadDefaults);

    public ParameterSet(string description, IReadOnlyList<ModelParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (!names.Add(parameter.Name))
            {
                throw new ArgumentException($"parameter {parameter.Name} appears twice");
            }
            if (!ParameterUnits.IsKnown(parameter.Unit))
            {
                throw new ArgumentException($"parameter {parameter.Name} has unknown unit '{parameter.Unit}'");
            }
        }
        Description = description;
        Parameters = parameters;
    }

    public string Description { get; }

    public IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>The shipped defaults: the seed paper's host and the costs in docs/sources.md, each with its source.</summary>
    public static ParameterSet Defaults => LazyDefaults.Value;

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    public ModelParameter this[string name] =>
        Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"unknown model parameter '{name}' (cvmbench model --print-parameters lists them)");

    /// <summary>The value of <paramref name="name"/> in SI units: bytes, seconds, bytes per second, or a fraction.</summary>
    public double SiValue(string name)
    {
        var parameter = this[name];
        return ParameterUnits.ToSi(parameter.Value, parameter.Unit);
    }

    /// <summary>A copy with one value replaced, in the parameter's own unit; <c>dma.latency</c> replaces both
    /// directions' latencies.</summary>
    public ParameterSet With(string name, double value, string source)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"parameter {name} must be a finite number");
        }
        var result = this;
        foreach (string target in Targets(name))
        {
            var old = result[target];
            result = new ParameterSet(Description, [.. result.Parameters.Select(p => p.Name == target ? old with { Value = value, Source = source } : p)]);
        }
        return result;
    }

    /// <summary>A copy with one value replaced from SI units (bytes, seconds, bytes per second).</summary>
    public ParameterSet WithSi(string name, double siValue, string source) =>
        With(name, ParameterUnits.FromSi(siValue, this[Targets(name)[0]].Unit), source);

    /// <summary>The parameters a name sets. Parameter files, <c>--set</c> and stored command lines from before the
    /// DMA latency had a value per direction say <c>dma.latency</c>: it still sets both, as it meant then.</summary>
    private static string[] Targets(string name) =>
        name == "dma.latency" ? ["dma.h2dLatency", "dma.d2hLatency"] : [name];

    /// <summary>Applies <c>name=value</c>, the value in the parameter's unit (as <c>--set</c> takes it).</summary>
    public ParameterSet Assign(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"'{assignment}' is not name=value");
        }
        string name = assignment[..equals].Trim();
        string text = assignment[(equals + 1)..].Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new ArgumentException($"'{text}' is not a number (in {assignment})");
        }
        return With(name, Plausible(name, value), "set on the command line");
    }

    /// <summary>A value a user gives, refused when no machine could have it (1e308 us is a typing mistake, and would
    /// make every prediction zero or infinite).</summary>
    private double Plausible(string name, double value)
    {
        string unit = this[Targets(name)[0]].Unit;
        double ceiling = ParameterUnits.Ceiling(unit);
        return !double.IsFinite(value) || Math.Abs(ParameterUnits.ToSi(value, unit)) <= ceiling ? value
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"parameter {name} = {value} {unit} is beyond any machine (at most {ParameterUnits.FromSi(ceiling, unit):G4} {unit})"));
    }

    /// <summary>Each <c>name=value</c> applied in order, then the whole set checked: values out of range are refused
    /// here, with their name, before any output.</summary>
    /// <exception cref="ArgumentException">An assignment or a resulting value is not acceptable.</exception>
    public ParameterSet WithAssignments(IReadOnlyList<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var set = this;
        foreach (string assignment in assignments)
        {
            set = set.Assign(assignment);
        }
        ModelParameters.From(set);
        return set;
    }

    /// <summary>Overrides values with the entries of a parameter file (a full copy of the defaults, or only the
    /// entries to change). A unit, where given, must be the parameter's; a missing source becomes <paramref name="origin"/>.</summary>
    public ParameterSet OverriddenBy(string json, string origin)
    {
        var file = Read(json, origin);
        var result = this;
        foreach (var entry in file.Parameters ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry?.Name))
            {
                throw new ArgumentException($"{origin}: a parameter has no name");
            }
            if (entry.Value is not double value)
            {
                throw new ArgumentException($"{origin}: parameter {entry.Name} has no value");
            }
            var current = result.Parameters.FirstOrDefault(p => p.Name == Targets(entry.Name)[0])
                ?? throw new ArgumentException($"{origin}: unknown model parameter '{entry.Name}' (cvmbench model --print-parameters lists them)");
            if (entry.Unit is not null && entry.Unit != current.Unit)
            {
                throw new ArgumentException($"{origin}: {entry.Name} is in {current.Unit}, not {entry.Unit}");
            }
            result = result.With(entry.Name, result.Plausible(entry.Name, value), string.IsNullOrWhiteSpace(entry.Source) ? origin : entry.Source);
        }
        return result;
    }

    /// <summary>The set as a readable parameter file.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new ParameterFile(Description, [.. Parameters.Select(p => new ParameterFileEntry(p.Name, p.Value, p.Unit, p.Description, p.Source))]),
        ModelJson.Default.ParameterFile);

    /// <summary>Reads a complete parameter file: every entry needs name, value, unit, description and source.</summary>
    internal static ParameterSet Parse(string json, string origin)
    {
        var file = Read(json, origin);
        var parameters = new List<ModelParameter>();
        foreach (var entry in file.Parameters ?? [])
        {
            if (entry is not { Name: not null, Value: double value, Unit: not null, Description: not null, Source: not null })
            {
                throw new ArgumentException($"{origin}: parameter {entry?.Name ?? "(unnamed)"} needs name, value, unit, description and source");
            }
            parameters.Add(new ModelParameter(entry.Name, value, entry.Unit, entry.Description, entry.Source));
        }
        return new ParameterSet(file.Description ?? "", parameters);
    }

    private static ParameterFile Read(string json, string origin)
    {
        try
        {
            var file = JsonSerializer.Deserialize(json, ModelJson.Default.ParameterFile);
            // Any JSON object deserializes; one without a parameter list (a run export, say) is not a parameter file.
            return file?.Parameters is not null ? file
                : throw new ArgumentException($"{origin}: not a parameter file (no \"parameters\" list; cvmbench model --print-parameters writes one)");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{origin}: not a parameter file ({e.Message})", e);
        }
    }

    private static ParameterSet LoadDefaults()
    {
        using var stream = typeof(ParameterSet).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"resource {DefaultsResource} is missing from the library");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "shipped parameters");
    }
}
