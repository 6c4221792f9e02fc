namespace CvmBench.Reports.Pages;

/// <summary>A piece of a report page, written once and rendered as Markdown and as HTML.</summary>
internal abstract record PageBlock;

internal sealed record Heading(int Level, string Text) : PageBlock;

internal sealed record Paragraph(string Text) : PageBlock;

internal sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : PageBlock;

/// <summary>A chart: the PNG is shown, the SVG linked.</summary>
internal sealed record Figure(string Caption, string Png, string Svg) : PageBlock;
