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
        var assembly = typeof(ChartFonts).Assembly;
        foreach (var (resource, bold) in new[] { ("DejaVuSans.ttf", false), ("DejaVuSans-Bold.ttf", true) })
        {
            string path = Path.Combine(Path.GetTempPath(), $"cvmbench-{resource}");
            using (Stream font = assembly.GetManifestResourceStream($"CvmBench.Reports.Fonts.{resource}")
                ?? throw new InvalidOperationException($"font resource {resource} is missing from {assembly.GetName().Name}"))
            {
                if (!File.Exists(path) || new FileInfo(path).Length != font.Length)
                {
                    using var file = File.Create(path);
                    font.CopyTo(file);
                }
            }
            Fonts.AddFontFile(Family, path, bold: bold, italic: false);
        }
        Fonts.Default = Family;
        return true;
    }
}
