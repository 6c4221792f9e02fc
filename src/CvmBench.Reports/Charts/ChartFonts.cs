using ScottPlot;

namespace CvmBench.Reports.Charts;

/// <summary>Registers the shipped DejaVu Sans with ScottPlot and makes it the default, so charts render text
/// identically on every machine, including ones with no fonts installed.</summary>
public static class ChartFonts
{
    public const string Family = "DejaVu Sans";
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Idempotent; call before building a plot.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    /// <summary>Applies the font to every text element of a plot.</summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        EnsureRegistered();
        plot.Font.Set(Family);
    }

    private static bool Register()
    {
        Fonts.FontResolvers.Add(new ShippedFontResolver(Family, Resource("DejaVuSans.ttf"), Resource("DejaVuSans-Bold.ttf")));
        Fonts.Default = Family;
        return true;
    }

    private static byte[] Resource(string name)
    {
        var assembly = typeof(ChartFonts).Assembly;
        using Stream font = assembly.GetManifestResourceStream($"CvmBench.Reports.Fonts.{name}")
            ?? throw new InvalidOperationException($"font resource {name} is missing from {assembly.GetName().Name}");
        using var bytes = new MemoryStream();
        font.CopyTo(bytes);
        return bytes.ToArray();
    }
}
