using ScottPlot;
using SkiaSharp;

namespace CvmBench.Reports.Charts;

/// <summary>Gives ScottPlot the shipped font straight from memory, regular and bold upright, so drawing a chart writes
/// nothing outside the report's folder (a read-only or missing temporary folder does not stop a report).</summary>
internal sealed class ShippedFontResolver(string family, byte[] regular, byte[] bold) : IFontResolver
{
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        Matches(fontName) && !italic ? Typeface(bold) : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        Matches(fontName) && slant == FontSlant.Upright && spacing == FontSpacing.Normal && weight is FontWeight.Normal or FontWeight.Bold
            ? Typeface(weight == FontWeight.Bold)
            : null;

    private bool Matches(string fontName) => string.Equals(fontName, family, StringComparison.OrdinalIgnoreCase);

    // A new typeface per request: ScottPlot owns and may dispose what it is given.
    private SKTypeface Typeface(bool isBold) => SKTypeface.FromData(SKData.CreateCopy(isBold ? bold : regular));
}
