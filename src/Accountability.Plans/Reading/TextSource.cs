using System.Text;
using System.Text.RegularExpressions;

namespace Accountability.Plans.Reading;

/// <summary>
/// Plain text and markdown (as web conversions and Word's "save as text" leave them) into lines and tables:
/// markdown emphasis becomes a style (a heading in bold may wrap over several lines), markdown pipe tables and
/// tables flattened to one cell per line with "|" lines between cells become <see cref="SourceTable"/>s, and
/// page furniture (Công báo page headers and page numbers, digital-signature stamps, rules) is dropped.
/// Work is linear in the text: one pass over the lines, no backtracking over the document.
/// </summary>
internal static partial class TextSource
{
    [GeneratedRegex(@"^C[ÔO]NG\s+B[ÁA]O\s*/\s*Số\s*\d+\s*/\s*Ngày\s*\d{1,2}-\d{1,2}-\d{4}\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GazettePageHeader();

    [GeneratedRegex(@"^(?:Ký\s+bởi|Cơ\s+quan|Ngày\s+ký|Thời\s+gian\s+ký)\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex SignatureStamp();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PipeSeparator();

    [GeneratedRegex(@"^(?:[-_=*~.]\s*){3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|>])", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownEscape();

    [GeneratedRegex(@"^#{1,6}(?:\s+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^https?://\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex BareUrl();

    public static SourceDocument Read(string text, string format)
    {
        var lines = text.Split('\n');
        var blocks = new List<SourceBlock>();
        var notes = new List<string>();
        var emphasis = new EmphasisState();
        var blank = true;
        var blankAt = -1; // where the current run of empty lines began
        var i = 0;
        var gazette = false;
        while (i < lines.Length)
        {
            var raw = lines[i].TrimEnd();
            var trimmed = raw.Trim();

            if (trimmed.Length == 0)
            {
                if (!blank) blankAt = i;
                blank = true;
                emphasis.Reset();
                i++;
                continue;
            }

            // Công báo: "CÔNG BÁO/Số 333/Ngày 16-06-2026" then the page number; both are page furniture, and the
            // empty lines around them are not paragraph ends: a sentence runs on across the page break.
            if (GazettePageHeader().IsMatch(trimmed))
            {
                gazette = true;
                i++;
                while (i < lines.Length && lines[i].Trim().Length == 0) i++;
                if (i < lines.Length && lines[i].Trim().All(char.IsAsciiDigit) && lines[i].Trim().Length is > 0 and < 5) i++;
                while (i < lines.Length && lines[i].Trim().Length == 0) i++;
                blank = blankAt < 0 || BlankRunBefore(lines, blankAt);
                continue;
            }
            // The digital-signature stamp a gazette PDF carries after its first signature.
            if (trimmed.StartsWith("Ký bởi:", StringComparison.Ordinal))
            {
                while (i < lines.Length && (SignatureStamp().IsMatch(lines[i].Trim()) || lines[i].Trim().Length == 0)) i++;
                continue;
            }
            blankAt = -1;

            if (trimmed == "|")
            {
                var (table, next) = ReadFlattenedTable(lines, i, emphasis);
                if (table is not null) blocks.Add(table);
                i = next;
                blank = true;
                continue;
            }
            if (trimmed.StartsWith('|') && trimmed.Length > 1 && trimmed.IndexOf('|', 1) > 0)
            {
                var (table, next) = ReadPipeTable(lines, i, emphasis);
                if (table is not null) blocks.Add(table);
                i = next;
                blank = true;
                continue;
            }

            i++;
            if (Rule().IsMatch(trimmed)) { blank = true; continue; }
            if (BareUrl().IsMatch(trimmed) && blocks.Count == 0) continue;

            var style = LineStyle.None;
            var line = trimmed;
            var heading = MarkdownHeading().Match(line);
            if (heading.Success)
            {
                style |= LineStyle.Heading;
                line = line[heading.Length..];
            }
            if (line.StartsWith("> ", StringComparison.Ordinal)) line = line[2..];
            if (line.StartsWith("* ", StringComparison.Ordinal) || line.StartsWith("+ ", StringComparison.Ordinal)) line = "- " + line[2..];
            var (clean, lineStyle) = emphasis.Strip(line);
            clean = StyledText.Collapse(MarkdownEscape().Replace(clean, "$1"));
            if (clean.Length == 0 || !clean.Any(char.IsLetterOrDigit)) { blank = blank || clean.Length == 0; continue; }
            blocks.Add(new SourceLine(clean, style | lineStyle, blank));
            blank = false;
        }
        if (gazette) notes.Add("gazette");
        return SourceDocument.Of(format, blocks, notes);
    }

    /// <summary>
    /// "|" / cell / "|" / cell / "|" / "|" / cell…: a bar alone on its line separates cells, two bars in a row
    /// end a row, and a bar followed by an empty line (or the end) ends the table.
    /// </summary>
    private static (SourceTable? Table, int Next) ReadFlattenedTable(string[] lines, int start, EmphasisState emphasis)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var i = start + 1; // past the opening bar
        var cellBlank = false;
        void EndCell()
        {
            var text = cell.ToString().Trim();
            if (text.Length > 0) row.Add(text);
            cell.Clear();
            cellBlank = false;
        }
        void EndRow()
        {
            EndCell();
            if (row.Count > 0) rows.Add([.. row]);
            row = [];
        }
        if (LongSegmentAt(lines, i)) return (null, i);
        while (i < lines.Length)
        {
            var t = lines[i].Trim();
            if (t == "|")
            {
                EndCell();
                emphasis.Reset();
                i++;
                // A website's layout table holds the whole document in one "cell": that is text, not a table.
                if (LongSegmentAt(lines, i)) { EndRow(); break; }
                // Two bars: the row ends (the second opens the next row). A bar then a blank line or the end: the table ends.
                if (i < lines.Length && lines[i].Trim() == "|") { EndRow(); i++; continue; }
                if (i >= lines.Length || lines[i].Trim().Length == 0) { EndRow(); break; }
                continue;
            }
            if (t.Length == 0)
            {
                // A blank line inside a cell separates its paragraphs.
                cellBlank = cell.Length > 0;
                i++;
                continue;
            }
            if (GazettePageHeader().IsMatch(t)) { i++; continue; }
            var (clean, style) = emphasis.Strip(t);
            clean = StyledText.Collapse(MarkdownEscape().Replace(clean, "$1"));
            if (clean.Length > 0 && !Rule().IsMatch(clean))
            {
                if (cell.Length > 0) cell.Append(cellBlank || (style & LineStyle.Bold) != 0 && StartsItem(clean) ? '\n' : ' ');
                cell.Append(clean);
                cellBlank = false;
            }
            i++;
        }
        EndRow();
        return (rows.Count > 0 ? new SourceTable(rows) : null, i);
    }

    /// <summary>
    /// Gazette text puts one or two empty lines around its page header; a real paragraph break before the header
    /// shows as the line before the empty run ending a sentence.
    /// </summary>
    private static bool BlankRunBefore(string[] lines, int blankAt)
    {
        var k = blankAt - 1;
        while (k >= 0 && lines[k].Trim().Length == 0) k--;
        if (k < 0) return true;
        var last = lines[k].TrimEnd();
        return last.Length == 0 || last[^1] is '.' or ':' or ';' or '!' or '?';
    }

    /// <summary>The lines up to the next bar are a document's worth of text (many lines or paragraphs), not a cell.</summary>
    private static bool LongSegmentAt(string[] lines, int start)
    {
        var nonBlank = 0;
        var chars = 0;
        var paragraphs = 0;
        var blank = false;
        for (var k = start; k < lines.Length; k++)
        {
            var t = lines[k].Trim();
            if (t == "|") break;
            if (t.Length == 0) { blank = true; continue; }
            if (blank) paragraphs++;
            blank = false;
            nonBlank++;
            chars += t.Length;
            if (nonBlank > 40 || chars > 4000 || paragraphs > 6) return true;
        }
        return false;
    }

    private static bool StartsItem(string s) => s.Length > 1 && (s[0] is '-' or '+' or '•' || char.IsDigit(s[0]));

    /// <summary>Markdown pipe tables: "| a | b |" rows, the "|---|---|" line skipped, "\|" kept as a bar.</summary>
    private static (SourceTable? Table, int Next) ReadPipeTable(string[] lines, int start, EmphasisState emphasis)
    {
        var rows = new List<IReadOnlyList<string>>();
        var i = start;
        while (i < lines.Length)
        {
            var t = lines[i].Trim();
            if (!t.StartsWith('|')) break;
            i++;
            if (PipeSeparator().IsMatch(t)) continue;
            var cells = SplitPipes(t).Select(c =>
            {
                // A cell's own line breaks are written as <br> by converters.
                var parts = Regex.Split(c, @"<br\s*/?>", RegexOptions.IgnoreCase)
                    .Select(p => StyledText.Collapse(MarkdownEscape().Replace(emphasis.Strip(p.Trim()).Text, "$1")))
                    .Where(p => p.Length > 0);
                return string.Join('\n', parts);
            }).ToList();
            if (cells.Any(c => c.Length > 0)) rows.Add(cells);
        }
        return (rows.Count > 0 ? new SourceTable(rows) : null, i);
    }

    private static List<string> SplitPipes(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var body = line.Trim();
        if (body.StartsWith('|')) body = body[1..];
        if (body.EndsWith('|') && !body.EndsWith("\\|", StringComparison.Ordinal)) body = body[..^1];
        for (var k = 0; k < body.Length; k++)
        {
            if (body[k] == '\\' && k + 1 < body.Length && body[k + 1] == '|') { sb.Append('|'); k++; continue; }
            if (body[k] == '|') { cells.Add(sb.ToString()); sb.Clear(); continue; }
            sb.Append(body[k]);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    /// <summary>
    /// Markdown emphasis across lines: "**4. Sở Nông" / "nghiệp và Môi trường**" is one bold heading. A line is
    /// bold (or italic) when most of its letters sit inside the markers; the markers themselves are removed.
    /// </summary>
    private sealed class EmphasisState
    {
        private bool _bold;
        private bool _italic;

        public (string Text, LineStyle Style) Strip(string line)
        {
            var sb = new StringBuilder(line.Length);
            var carried = _bold;
            var firstLetterBold = false;
            int letters = 0, boldLetters = 0, italicLetters = 0;
            for (var k = 0; k < line.Length; k++)
            {
                var c = line[k];
                if (c == '\\' && k + 1 < line.Length && !char.IsLetterOrDigit(line[k + 1]))
                {
                    sb.Append(c).Append(line[k + 1]);
                    k++;
                    continue;
                }
                if (c == '*' || (c == '_' && IsUnderscoreMarker(line, k)))
                {
                    var run = 1;
                    while (k + run < line.Length && line[k + run] == c) run++;
                    // A lone "*" between spaces is a character, not a marker (a footnote star, "* " bullets are handled before).
                    var lone = run == 1 && (k == 0 || char.IsWhiteSpace(line[k - 1])) && (k + 1 >= line.Length || char.IsWhiteSpace(line[k + 1])) && k > 0;
                    if (!lone)
                    {
                        if (run >= 2) _bold = !_bold;
                        if (run % 2 == 1) _italic = !_italic;
                        k += run - 1;
                        continue;
                    }
                }
                if (char.IsLetterOrDigit(c))
                {
                    if (letters == 0) firstLetterBold = _bold;
                    letters++;
                    if (_bold) boldLetters++;
                    if (_italic) italicLetters++;
                }
                sb.Append(c);
            }
            var style = LineStyle.None;
            if (letters > 0 && boldLetters * 5 >= letters * 4) style |= LineStyle.Bold;
            if (letters > 0 && italicLetters * 5 >= letters * 4) style |= LineStyle.Italic;
            if (carried && firstLetterBold) style |= LineStyle.BoldCarried;
            return (sb.ToString(), style);
        }

        public void Reset() => (_bold, _italic) = (false, false);

        private static bool IsUnderscoreMarker(string line, int k)
        {
            var before = k > 0 ? line[k - 1] : ' ';
            var after = k + 1 < line.Length ? line[k + 1] : ' ';
            if (after == '_') return true;
            return !char.IsLetterOrDigit(before) || !char.IsLetterOrDigit(after);
        }
    }
}
