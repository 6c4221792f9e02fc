namespace CvmBench.Platform;

/// <summary>The one text codec for environment classes: the words stored and printed (bare-metal, vm, sev, snp, tdx,
/// cc, unknown), which the model's platform words share, and the other spellings users type: the member names
/// (<c>BareMetal</c>) and the platform word for a CC-mode GPU (<c>h100-cc</c>).</summary>
public static class EnvironmentClassNames
{
    /// <summary>Every class, as --baseline takes them and tables list them: from no virtualisation to the most
    /// protection, then unknown.</summary>
    public static IReadOnlyList<EnvironmentClass> All { get; } =
        [EnvironmentClass.BareMetal, EnvironmentClass.Vm, EnvironmentClass.Sev, EnvironmentClass.Snp, EnvironmentClass.Tdx, EnvironmentClass.Cc, EnvironmentClass.Unknown];

    public static string ToText(EnvironmentClass environment) => environment switch
    {
        EnvironmentClass.BareMetal => "bare-metal",
        EnvironmentClass.Vm => "vm",
        EnvironmentClass.Sev => "sev",
        EnvironmentClass.Snp => "snp",
        EnvironmentClass.Tdx => "tdx",
        EnvironmentClass.Cc => "cc",
        EnvironmentClass.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(environment)),
    };

    /// <summary>A class by any of its spellings, ignoring case.</summary>
    public static bool TryParse(string text, out EnvironmentClass environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in All)
        {
            if (string.Equals(ToText(candidate), text, StringComparison.OrdinalIgnoreCase)
                || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase)
                || (candidate == EnvironmentClass.Cc && string.Equals("h100-cc", text, StringComparison.OrdinalIgnoreCase)))
            {
                environment = candidate;
                return true;
            }
        }
        environment = default;
        return false;
    }

    /// <summary>Every class's word, for messages and help.</summary>
    public static string List() => string.Join(", ", All.Select(ToText));
}
