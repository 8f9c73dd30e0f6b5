namespace Accountability.Plans.Reading;

/// <summary>
/// A document as its format laid it out, before any reading of plans: lines and paragraphs with their emphasis,
/// and tables as rows of cells. Every format (text, markdown, .docx, HTML, PDF, a scan) ends here, so the layout
/// and the parser see structure, not loose lines.
/// </summary>
public sealed record SourceDocument(IReadOnlyList<SourceBlock> Blocks, string Format, IReadOnlyList<string> Notes)
{
    public static SourceDocument Of(string format, IEnumerable<SourceBlock> blocks, IEnumerable<string>? notes = null) =>
        new([.. blocks], format, [.. notes ?? []]);

    /// <summary>
    /// The document as plain text: a line per line, an empty line before a paragraph, a table row per line with
    /// its cells joined by " | ". For comparing what two formats of one document hold.
    /// </summary>
    public string ToPlainText()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case SourceLine line:
                    if ((line.BlankBefore || line.IsParagraph) && sb.Length > 0) sb.Append('\n');
                    sb.Append(line.Text).Append('\n');
                    break;
                case SourceTable table:
                    sb.Append('\n');
                    foreach (var row in table.Rows)
                        sb.Append(string.Join(" | ", row.Select(c => c.Replace('\n', ' ')))).Append('\n');
                    sb.Append('\n');
                    break;
            }
        }
        return sb.ToString();
    }
}

public abstract record SourceBlock;

[Flags]
public enum LineStyle
{
    None = 0,
    Bold = 1,
    Italic = 2,
    /// <summary>Marked as a heading by the format itself (a markdown "#", an HTML h1–h6, a Word heading style).</summary>
    Heading = 4,
    Centered = 8,
    /// <summary>The line opens inside a bold run begun on the line before ("**3. Các cơ quan, đơn vị, địa" / "phương: **…").</summary>
    BoldCarried = 16,
}

/// <summary>
/// One line of text. Formats that know their paragraphs (HTML, .docx) give a whole paragraph with
/// <see cref="IsParagraph"/> set, and the layout never joins it to a neighbour; plain text, PDF and OCR give
/// physical lines that the layout joins where wrapping split a sentence. <see cref="BlankBefore"/> says an empty
/// line (or a gap as tall as one) came before it.
/// </summary>
public sealed record SourceLine(string Text, LineStyle Style = LineStyle.None, bool BlankBefore = false, bool IsParagraph = false) : SourceBlock;

/// <summary>A table: rows of cells; a cell keeps its own paragraphs separated by '\n'. Merged cells repeat nothing.</summary>
public sealed record SourceTable(IReadOnlyList<IReadOnlyList<string>> Rows) : SourceBlock;
