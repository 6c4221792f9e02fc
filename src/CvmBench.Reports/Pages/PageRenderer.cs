using System.Net;
using System.Text;

namespace CvmBench.Reports.Pages;

/// <summary>Renders page blocks as GitHub-flavoured Markdown and as a self-contained HTML page that shows the same
/// images (by relative path, so both pages sit beside their charts).</summary>
internal static class PageRenderer
{
    public static string Markdown(IEnumerable<PageBlock> blocks)
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    text.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case Paragraph p:
                    text.AppendLine(p.Text).AppendLine();
                    break;
                case Table t:
                    text.AppendLine("| " + string.Join(" | ", t.Header.Select(Cell)) + " |");
                    text.AppendLine("|" + string.Concat(t.Header.Select(_ => " --- |")));
                    foreach (var row in t.Rows)
                    {
                        text.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                    }
                    text.AppendLine();
                    break;
                case Figure f:
                    text.AppendLine($"![{f.Caption}]({f.Png})").AppendLine();
                    text.AppendLine($"[SVG]({f.Svg})").AppendLine();
                    break;
            }
        }
        return text.ToString();
    }

    public static string Html(string title, IEnumerable<PageBlock> blocks)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine($"<title>{Encode(title)}</title>")
            .AppendLine("<style>body{font-family:'DejaVu Sans',sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
                + "th{background:#f3f3f3}img{max-width:100%;border:1px solid #ddd}figure{margin:1.5em 0}</style>")
            .AppendLine("</head><body>");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading h:
                    html.AppendLine($"<h{h.Level}>{Encode(h.Text)}</h{h.Level}>");
                    break;
                case Paragraph p:
                    html.AppendLine($"<p>{Encode(p.Text)}</p>");
                    break;
                case Table t:
                    html.AppendLine("<table><thead><tr>" + string.Concat(t.Header.Select(c => $"<th>{Encode(c)}</th>")) + "</tr></thead><tbody>");
                    foreach (var row in t.Rows)
                    {
                        html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{Encode(c)}</td>")) + "</tr>");
                    }
                    html.AppendLine("</tbody></table>");
                    break;
                case Figure f:
                    html.AppendLine($"<figure><img src=\"{Encode(f.Png)}\" alt=\"{Encode(f.Caption)}\">"
                        + $"<figcaption><a href=\"{Encode(f.Svg)}\">SVG</a></figcaption></figure>");
                    break;
            }
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
