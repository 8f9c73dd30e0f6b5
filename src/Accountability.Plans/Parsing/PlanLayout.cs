using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Parsing;

internal enum ParagraphKind { Heading, Numbered, Lettered, Bullet, Plain }

/// <summary>One logical paragraph: the lines that hard wrapping or a page break split, joined again.</summary>
internal sealed class Paragraph(ParagraphKind kind, string marker, string text, int line)
{
    public ParagraphKind Kind { get; } = kind;
    /// <summary>"V" for a roman heading, "2.1" for a numbered item, "a" for a lettered one, "-" for a bullet.</summary>
    public string Marker { get; } = marker;
    public StringBuilder Text { get; } = new(text);
    public int Line { get; } = line;
    public bool Closed { get; set; }

    public override string ToString() => $"{Kind} {Marker} | {Text}";
}

/// <summary>
/// Cleans the text of markdown and page furniture and rebuilds paragraphs. Line wrapping in the seeds
/// breaks sentences, agency names ("1. Sở Lao động" / "- Thương binh và Xã hội") and headings
/// ("V. PHÂN CÔNG NHIỆM" / "VỤ"); a line only starts a new paragraph when it opens with a list marker,
/// follows a finished sentence or a complete heading, or is a markdown heading.
/// </summary>
internal static partial class PlanLayout
{
    [GeneratedRegex(@"^(?:PHẦN\s+|Phần\s+)?(?<m>[IVXL]{1,5})\s*[\.\)\-–/:]\s*(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RomanHeading();

    [GeneratedRegex(@"^(?<m>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\)|/(?=\s))\s*(?<t>\S.*)$|^(?<m>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\s+(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"^(?<m>[a-zđ])\)\s*(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LetteredItem();

    [GeneratedRegex(@"^[-–—+•·∙◦▪]\s*(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex BulletItem();

    [GeneratedRegex(@"^#{1,6}\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"\*{1,3}|(?<![\p{L}\p{N}])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|>])", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownEscape();

    [GeneratedRegex(@"_{3,}|-{3,}|={3,}|\|", RegexOptions.CultureInvariant)]
    private static partial Regex Furniture();

    public static List<Paragraph> Build(string text)
    {
        var paragraphs = new List<Paragraph>();
        Paragraph? current = null;
        var blank = true;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var (line, isMdHeading) = Clean(lines[n]);
            if (line.Length == 0)
            {
                blank = true;
                continue;
            }

            var opened = Open(line, n + 1, isMdHeading);
            if (opened is { Kind: ParagraphKind.Bullet } && current is not null && ContinuesName(current, opened))
            {
                current.Text.Append(" - ").Append(opened.Text);
            }
            else if (opened is not null)
            {
                if (current is not null) current.Closed = true;
                paragraphs.Add(current = opened);
            }
            else if (current is not null && JoinsPrevious(current, line, blank))
            {
                Append(current, line);
            }
            else
            {
                if (current is not null) current.Closed = true;
                paragraphs.Add(current = new Paragraph(isMdHeading ? ParagraphKind.Heading : ParagraphKind.Plain, "", line, n + 1));
            }

            if (isMdHeading && current.Kind == ParagraphKind.Heading && current.Marker.Length == 0 && !VietnameseText.IsAllCaps(line))
                current.Closed = true;
            if (isMdHeading && current.Kind is ParagraphKind.Numbered)
                current.Closed = true; // "#### 4. Sở Tài chính": the heading is complete on its line
            blank = false;
        }
        return paragraphs;
    }

    private static (string Line, bool MarkdownHeading) Clean(string raw)
    {
        var line = raw.Trim();
        var heading = false;
        var md = MarkdownHeading().Match(line);
        if (md.Success && md.Length > 0 && line.StartsWith('#'))
        {
            heading = true;
            line = line[md.Length..];
        }
        if (line.StartsWith("* ", StringComparison.Ordinal) || line.StartsWith("+ ", StringComparison.Ordinal)) line = "- " + line[2..];
        if (line.StartsWith("> ", StringComparison.Ordinal)) line = line[2..];
        line = MarkdownEscape().Replace(line, "$1");
        line = Emphasis().Replace(line, "");
        line = Furniture().Replace(line, " ");
        line = VietnameseText.CollapseSpaces(line).Trim();
        // A line of punctuation alone is page furniture ("-------", "|", "___").
        if (!line.Any(char.IsLetterOrDigit)) return ("", heading);
        return (line, heading);
    }

    private static Paragraph? Open(string line, int n, bool isMdHeading)
    {
        var m = RomanHeading().Match(line);
        if (m.Success && VietnameseText.StartsUpper(m.Groups["t"].Value))
            return new Paragraph(ParagraphKind.Heading, m.Groups["m"].Value, m.Groups["t"].Value, n);
        m = NumberedItem().Match(line);
        if (m.Success)
            return new Paragraph(ParagraphKind.Numbered, m.Groups["m"].Value, m.Groups["t"].Value, n);
        m = LetteredItem().Match(line);
        if (m.Success)
            return new Paragraph(ParagraphKind.Lettered, m.Groups["m"].Value, m.Groups["t"].Value, n);
        m = BulletItem().Match(line);
        if (m.Success)
            return new Paragraph(ParagraphKind.Bullet, "-", m.Groups["t"].Value, n);
        if (isMdHeading)
            return new Paragraph(ParagraphKind.Heading, "", line, n);
        return null;
    }

    private static bool JoinsPrevious(Paragraph current, string line, bool afterBlank)
    {
        if (current.Closed) return false;
        var text = current.Text.ToString();
        var lastChar = text.TrimEnd()[^1];
        var finished = lastChar is '.' or ';' or ':' or '!' or '?' || text.EndsWith("./.", StringComparison.Ordinal);
        var startsLower = VietnameseText.StartsLower(line);

        // Headings in capitals continue in capitals: "V. PHÂN CÔNG NHIỆM" / "VỤ".
        if (current.Kind == ParagraphKind.Heading)
            return VietnameseText.IsAllCaps(text) && VietnameseText.IsAllCaps(line) && !afterBlank || startsLower && !finished;
        if (startsLower) return !finished || afterBlank is false && lastChar == ',';
        if (finished) return false;
        if (afterBlank) return false;
        // Capitals end where ordinary text starts: a title block, then the preamble.
        if (VietnameseText.IsAllCaps(text) && !VietnameseText.IsAllCaps(line)) return false;

        // An item whose line is exactly an agency's name stands alone; the duty follows on the next line.
        if (current.Kind == ParagraphKind.Numbered && current.Text.Length < 200 && AgencyHeading.IsAgencyHeading(text))
            return false;
        // A short capitalised line after a short title line is a new paragraph (document titles, signatures).
        if (VietnameseText.IsAllCaps(line) && line.Count(char.IsLetter) >= 6 && !VietnameseText.IsAllCaps(text)) return false;
        return true;
    }

    /// <summary>"1. Sở Lao động" followed by "- Thương binh và Xã hội": the dash continues a name, not a list.</summary>
    private static bool ContinuesName(Paragraph current, Paragraph bullet)
    {
        if (current.Closed || current.Kind is not (ParagraphKind.Numbered or ParagraphKind.Plain or ParagraphKind.Bullet)) return false;
        var text = current.Text.ToString().TrimEnd();
        if (text.Length == 0 || !char.IsLetter(text[^1])) return false;
        var joined = text + " - " + bullet.Text;
        var tailStart = Math.Max(0, text.LastIndexOfAny([',', ';', '.']) + 1);
        foreach (var (name, aliases) in AgencyLexicon.Portfolios)
            foreach (var candidate in aliases.Append(name))
            {
                if (!candidate.Contains(" - ", StringComparison.Ordinal)) continue;
                var at = joined.IndexOf(candidate, tailStart, StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && at < text.Length && at + candidate.Length > text.Length) return true;
            }
        foreach (var (name, _, _) in AgencyLexicon.Bodies)
        {
            if (!name.Contains(" - ", StringComparison.Ordinal)) continue;
            var at = joined.IndexOf(name, tailStart, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && at < text.Length && at + name.Length > text.Length) return true;
        }
        return false;
    }

    private static void Append(Paragraph p, string line)
    {
        var sb = p.Text;
        if (sb.Length > 0 && sb[^1] == '-' && sb.Length > 1 && sb[^2] != ' ')
            sb.Append(line); // a word hyphenated at the line end
        else
            sb.Append(' ').Append(line);
    }
}
