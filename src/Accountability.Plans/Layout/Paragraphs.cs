using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Layout;

/// <summary>
/// Turns a <see cref="SourceDocument"/> into paragraphs and tables. Three things the formats do to a plan are
/// undone here: hard wrapping (a sentence, a heading or an agency's name cut at a line end), numbering glued to
/// text or left alone on its line ("1." / "Công an thành phố"), and tables that lost their cell separators
/// (a gazette's text layer: the cells of a row follow each other one fragment per line). Everything is one pass
/// over the lines.
/// </summary>
internal static partial class Paragraphs
{
    [GeneratedRegex(@"^(?:PHẦN|Phần)\s+(?<m>[IVXLC]{1,6}|\d{1,3}|THỨ\s+\p{L}+|thứ\s+\p{L}+)(?![\p{L}\d])\s*[\.:\-–]?\s*(?<t>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartMarker();

    [GeneratedRegex(@"^(?:CHƯƠNG|Chương)\s+(?<m>[IVXLC]{1,6}|\d{1,3})(?![\p{L}\d])\s*[\.:\-–]?\s*(?<t>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ChapterMarker();

    [GeneratedRegex(@"^(?:Điều|ĐIỀU)\s+(?<m>\d{1,4})\s*[\.:]\s*(?<t>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ArticleMarker();

    [GeneratedRegex(@"^(?:Bước|BƯỚC)\s+(?<m>\d{1,3})\s*[\.:\-–)]?\s*(?<t>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepMarker();

    [GeneratedRegex(@"^(?<m>[IVXL]{1,6})\s*(?:[\.\)\-–:/]\s*|\s+(?=\p{Lu}))(?<t>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex RomanMarker();

    [GeneratedRegex(@"^(?<m>\d{1,6}(?:\.\d{1,3}){0,4})(?:\.|\)|/(?=\s)|\s+-(?=\s))(?:\s+|$)(?<t>.*)$|^(?<m>\d{1,3}(?:\.\d{1,3}){1,4})\s+(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ArabicMarker();

    [GeneratedRegex(@"^(?<m>[a-zđ])\s?[\)/](?:\s+|$)(?<t>.*)$|^(?<m>[a-zđ])\.\s+(?<t>\p{Lu}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LetterMarker();

    [GeneratedRegex(@"^[-–—•·∙◦▪➢►✓]\s*(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DashMarker();

    [GeneratedRegex(@"^\+\s*(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlusMarker();

    /// <summary>The national motto: where every document's own header is, wherever a website put it.</summary>
    [GeneratedRegex(@"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex Motto();

    /// <summary>What a legal website prints after the document: the end of the document.</summary>
    [GeneratedRegex(@"^(?:Văn\s+bản\s+này\s+chưa\s+cập\s+nhật|Văn\s+bản\s+liên\s+quan|Lược\s+đồ|Văn\s+bản\s+gốc|Bạn\s+Chưa\s+Đăng\s+Nhập|Thưa\s+Quý\s+khách|Tải\s+văn\s+bản|Nội\s+dung\s+văn\s+bản\s+đang\s+được\s+cập\s+nhật)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SiteTail();

    public static List<Block> Build(SourceDocument source)
    {
        var blocks = Trim(source.Blocks);
        var lines = blocks.OfType<SourceLine>().ToList();
        // Markdown conversions and Word exports separate paragraphs with empty lines; gazette and PDF text do not.
        var blanks = lines.Skip(1).Count(l => l.BlankBefore);
        var blankMode = blanks >= 3 && blanks * 100 / lines.Count >= 12;
        var output = new List<Block>();
        Para? current = null;
        var open = false; // current may still take more lines

        for (var b = 0; b < blocks.Count; b++)
        {
            if (blocks[b] is SourceTable table)
            {
                foreach (var piece in SplitAtHeaders(table))
                    output.Add(piece);
                current = null;
                open = false;
                continue;
            }
            var line = (SourceLine)blocks[b];

            if (!blankMode && LooseTable.StartsAt(blocks, b) is { } loose)
            {
                output.Add(loose.Table);
                b = loose.End - 1;
                current = null;
                open = false;
                continue;
            }

            var text = line.Text.Trim();
            if (text.Length == 0) continue;
            // "**Điều" then "11. Cơ quan thực hiện …**": the article's word and its number were split by the line end.
            if (current is { Kind: MarkerKind.None } && open && LoneArticleWord().IsMatch(current.Text) && char.IsDigit(text[0]) && output.Count > 0 && ReferenceEquals(output[^1], current))
            {
                current = Open(current.Text.Trim('*', ' ') + " " + text, current.Style | line.Style);
                output[^1] = current;
                open = !line.IsParagraph;
                continue;
            }
            var tail = current?.Tail ?? "";
            // "**3. … Hội Liên hiệp**", a blank line, "**Phụ nữ Thành phố …**": a bold heading cut inside a name goes on.
            if (current is not null && open && current.Kind is not MarkerKind.None && (current.Style & LineStyle.Bold) != 0 && (line.Style & LineStyle.Bold) != 0
                && current.Length is > 0 and < 200 && !StartsWithMarker(text) && !EndsSentence(tail)
                && AgencyHeadingText(current.Text) is var heading && AgencyRecognizer.EndsInsideName(heading + " " + text, heading.Length, Math.Max(0, heading.LastIndexOf(", ", StringComparison.Ordinal) + 2)))
            {
                current.Append(text);
                continue;
            }
            var startsNew = current is null || !open || line.IsParagraph
                || (line.BlankBefore && (blankMode || EndsSentence(tail) || line.Style != current.Style))
                || StyleBreak(current, tail, line, blankMode)
                || StartsWithMarker(text) && !ContinuesName(tail, text) && (blankMode ? EndsSentence(tail) || current.Length == 0 || (current.Style & LineStyle.Bold) != 0 || current.AllCaps : !ContinuesPhrase(tail))
                || !blankMode && EndsSentence(tail) && StartsUpperOrDigit(text)
                || !blankMode && current.AllCaps && !VietnameseText.IsAllCaps(text) && current.Kind is MarkerKind.None && !EndsWithJoiner(tail)
                || !blankMode && VietnameseText.IsAllCaps(text) && text.Count(char.IsLetter) >= 5 && !current.AllCaps && !EndsWithJoiner(tail)
                // "4. Bộ Ngoại giao" then "Đồng chủ trì…": an item that is exactly an agency's name stands alone.
                // (Not when one bold run carries the name on: "**3. Đề nghị Ủy ban Mặt trận" / "Tổ quốc Việt Nam …**".)
                || current.Kind is not MarkerKind.None && current.Length is > 0 and < 160 && StartsUpperOrDigit(text)
                    && (line.Style & LineStyle.BoldCarried) == 0 && !EndsWithJoiner(tail) && !NameClosing().IsMatch(text)
                    && AgencyRecognizer.IsWholeAgencyList(AgencyHeadingText(current.Text)) && !AgencyRecognizer.EndsInsideName(current.Text + " " + text, current.Length, 0);
            if (startsNew)
            {
                // "1." alone on its line (or in bold with nothing after it) takes the next line as its text.
                if (current is { Length: 0 } && open && !StartsWithMarker(text))
                {
                    current.Text = text;
                    current.Style |= line.Style & (LineStyle.Bold | LineStyle.Heading);
                    continue;
                }
                current = Open(text, line.Style);
                output.Add(current);
                open = !line.IsParagraph || current.Length == 0;
            }
            else
            {
                current!.Append(text);
            }
        }
        for (var k = 0; k < output.Count; k++) output[k].Index = k;
        return output;
    }

    /// <summary>
    /// A website's capture around a document: when what comes before the document's own header (the motto, with the
    /// issuer beside or above it) is the site's (its panels, its name, login texts), it goes; so does what the site
    /// prints after the document ("Văn bản liên quan", login notices). A plain document keeps every line.
    /// </summary>
    private static List<SourceBlock> Trim(IReadOnlyList<SourceBlock> blocks)
    {
        var motto = -1;
        SourceTable? headerTable = null;
        for (var i = 0; i < blocks.Count && i < 4000 && motto < 0; i++)
        {
            if (blocks[i] is SourceTable table)
            {
                // A website's panel and the document's header can share one table: keep from the motto's row.
                for (var r = 0; r < table.Rows.Count && r < 60 && motto < 0; r++)
                    if (table.Rows[r].Any(c => Motto().IsMatch(c)))
                    {
                        motto = i;
                        if (r > 0) headerTable = new SourceTable(table.Rows.Skip(r).ToList());
                    }
            }
            else if (blocks[i] is SourceLine l && Motto().IsMatch(l.Text)) motto = i;
        }
        var start = 0;
        if (motto > 0 && blocks.Take(motto).Any(b => b is SourceLine l && SiteText().IsMatch(l.Text) || b is SourceTable t && t.Rows.Any(r => r.Any(c => SiteText().IsMatch(c)))))
        {
            start = motto;
            // The issuer's lines sit just above the motto (one or two capitalised lines, maybe a rule).
            var k = motto - 1;
            var taken = 0;
            while (k >= 0 && taken < 4 && blocks[k] is SourceLine above && above.Text.Length < 90 && !SiteText().IsMatch(above.Text))
            {
                start = k;
                taken++;
                if (above.BlankBefore) break;
                k--;
            }
        }
        else headerTable = null;
        var end = blocks.Count;
        for (var i = Math.Max(start, motto); i < blocks.Count; i++)
            if (blocks[i] is SourceLine l && SiteTail().IsMatch(l.Text))
            {
                end = i;
                break;
            }
        var kept = blocks.Skip(start).Take(end - start).ToList();
        if (headerTable is not null && motto - start < kept.Count) kept[motto - start] = headerTable;
        return kept;
    }

    /// <summary>What only a legal website prints: its name, its document panel, its notices.</summary>
    [GeneratedRegex(@"THƯ\s+VIỆN\s+PHÁP\s+LUẬT|thuvienphapluat|Số\s+hiệu\s*:|Loại\s+văn\s+bản\s*:|Nơi\s+ban\s+hành\s*:|Tình\s+trạng\s*:|Đang\s+tải\s+văn\s+bản|Đăng\s+nhập|Bản\s+dịch\s+này", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SiteText();

    [GeneratedRegex(@"^(?:S\.?\s?TT|TT|Số\s+TT)\.?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NumberHeader();

    /// <summary>
    /// Flattened tables that follow each other with nothing between them read as one: a row that is a table's
    /// header ("STT" | "Nhiệm vụ" | …) starts a new table, and the one-cell rows just before it (an appendix's
    /// title, "PHỤ LỤC I", "DANH MỤC…") are the text they are.
    /// </summary>
    private static IEnumerable<Block> SplitAtHeaders(SourceTable table)
    {
        var current = new List<IReadOnlyList<string>>();
        foreach (var row in table.Rows)
        {
            var h = -1;
            for (var c = 0; c < row.Count && h < 0; c++)
                if (NumberHeader().IsMatch(row[c].Trim()) && row.Count - c >= 3) h = c;
            if (h < 0 || h == 0 && current.Count == 0)
            {
                current.Add(row);
                continue;
            }
            // The cells before the header: a row of the table before, then an appendix's title as text.
            var prefix = row.Take(h).ToList();
            var titleAt = prefix.FindIndex(c => TitleCell().IsMatch(c.TrimStart('*', ' ')));
            var keep = titleAt < 0 ? prefix : prefix.Take(titleAt).ToList();
            if (keep.Count > 0) current.Add(keep);
            // One-cell rows just before the header are the table's title too.
            var titles = new List<string>();
            while (current.Count > 0 && current[^1].Count == 1 && h == 0) { titles.Insert(0, current[^1][0]); current.RemoveAt(current.Count - 1); }
            if (current.Count > 0) yield return new TableBlock([.. current]);
            current = [];
            if (titleAt >= 0) titles.AddRange(prefix.Skip(titleAt));
            foreach (var t in titles)
                foreach (var line in t.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    yield return Open(line.Trim(), LineStyle.Bold);
            current.Add(row.Skip(h).ToList());
        }
        if (current.Count > 0) yield return new TableBlock([.. current]);
    }

    [GeneratedRegex(@"^(?:PHỤ\s+LỤC|DANH\s+MỤC|KẾ\s+HOẠCH|BIỂU|BẢNG)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex TitleCell();

    [GeneratedRegex(@"^[*_\s]*(?:Điều|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)[*_\s]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LoneArticleWord();

    public static Para Open(string text, LineStyle style)
    {
        Match m;
        if ((m = ArticleMarker().Match(text)).Success) return new Para(MarkerKind.Article, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        if ((m = PartMarker().Match(text)).Success && (VietnameseText.IsAllCaps(text[..Math.Min(text.Length, 5)]) || m.Groups["t"].Value.Length == 0 || VietnameseText.StartsUpper(m.Groups["t"].Value)))
            return new Para(MarkerKind.Part, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        if ((m = ChapterMarker().Match(text)).Success) return new Para(MarkerKind.Chapter, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        if ((m = StepMarker().Match(text)).Success) return new Para(MarkerKind.Step, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        // "II/2020)" at a line start is the rest of "Quý II/2020", not heading II.
        if ((m = RomanMarker().Match(text)).Success && !Regex.IsMatch(text, @"^[IVX]{1,4}\s*/\s*\d{4}") && (m.Groups["t"].Value.Length == 0 || VietnameseText.StartsUpper(m.Groups["t"].Value) || char.IsDigit(m.Groups["t"].Value[0])))
            return new Para(MarkerKind.Roman, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        if ((m = ArabicMarker().Match(text)).Success && !LooksLikeDateOrNumber(text, m))
            return new Para(MarkerKind.Arabic, m.Groups["m"].Value.TrimEnd('.'), m.Groups["t"].Value.Trim(), style);
        if ((m = LetterMarker().Match(text)).Success) return new Para(MarkerKind.Letter, m.Groups["m"].Value, m.Groups["t"].Value.Trim(), style);
        if ((m = DashMarker().Match(text)).Success) return new Para(MarkerKind.Dash, "-", m.Groups["t"].Value.Trim(), style);
        if ((m = PlusMarker().Match(text)).Success) return new Para(MarkerKind.Plus, "+", m.Groups["t"].Value.Trim(), style);
        return new Para(MarkerKind.None, "", text, style);
    }

    /// <summary>"2025." or "15/12/2025" at a line start is a wrapped sentence, not an item.</summary>
    private static bool LooksLikeDateOrNumber(string text, Match m)
    {
        var marker = m.Groups["m"].Value;
        var rest = m.Groups["t"].Value;
        // "500.000 thuê bao": a number with thousands separators.
        if (Regex.IsMatch(marker, @"^\d{1,3}(?:\.\d{3})+$") && (rest.Length == 0 || !char.IsUpper(rest[0]))) return true;
        if (marker.Length == 4 && marker.StartsWith("20", StringComparison.Ordinal) && !marker.Contains('.') && (rest.Length == 0 || char.IsLower(rest[0]))) return true;
        return rest.Length > 0 && (char.IsDigit(rest[0]) && text.Length > marker.Length && text[marker.Length] == '/');
    }

    public static bool StartsWithMarker(string text)
    {
        var p = Open(text, LineStyle.None);
        return p.Kind != MarkerKind.None;
    }

    private static bool StyleBreak(Para current, string tail, SourceLine line, bool blankMode)
    {
        // A bold heading ends where ordinary text starts on the next line ("**4. Sở Y tế**" / "a) Tăng cường…").
        var wasBold = (current.Style & LineStyle.Bold) != 0;
        var isBold = (line.Style & LineStyle.Bold) != 0;
        if (wasBold == isBold) return (current.Style & LineStyle.Heading) != (line.Style & LineStyle.Heading) && blankMode;
        // A bold run that goes on into this line is one phrase, however little of the line it covers.
        // "**3. …: **Các Sở, ban, ngành, Mặt trận" / "Tổ quốc Việt Nam tỉnh …": a name cut by the line end goes on.
        if (wasBold && !isBold) return (line.Style & LineStyle.BoldCarried) == 0 && (!ContinuesPhrase(tail) || StartsWithMarker(line.Text))
            && !(tail.Length > 0 && !StartsWithMarker(line.Text) && AgencyRecognizer.EndsInsideName(tail.TrimEnd() + " " + line.Text.Trim(), tail.TrimEnd().Length, Math.Max(0, tail.LastIndexOf(", ", StringComparison.Ordinal) + 2)));
        // Plain then bold: a heading starts, unless the bold is a few words inside a sentence.
        return EndsSentence(tail) || StartsWithMarker(line.Text) || current.Length == 0;
    }

    /// <summary>"Giao Sở Y tế", "Trách nhiệm của Sở Y tế", "Đề nghị Tòa án…": the names after the opening words.</summary>
    private static string AgencyHeadingText(string text)
    {
        foreach (var opener in HeadingOpeners)
            if (text.StartsWith(opener + " ", StringComparison.OrdinalIgnoreCase)) return text[(opener.Length + 1)..];
        return text;
    }

    public static readonly string[] HeadingOpeners = ["Trách nhiệm của", "Nhiệm vụ của", "Đối với", "Giao", "Đề nghị", "Yêu cầu"];

    public static bool EndsSentence(string text)
    {
        var t = text.TrimEnd(' ', '*', '_', '"', '”', ')');
        if (t.Length == 0) return true;
        return t[^1] is '.' or ';' or ':' or '!' or '?' || t.EndsWith("./.", StringComparison.Ordinal);
    }

    private static bool StartsUpperOrDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c)) return char.IsUpper(c);
            if (char.IsDigit(c)) return true;
            if (!char.IsWhiteSpace(c) && c is not ('"' or '“' or '(' or '*' or '-' or '–' or '+')) return false;
        }
        return false;
    }

    private static readonly string[] Joiners =
    [
        "và", "của", "các", "với", "cho", "tại", "theo", "số", "về", "trong", "để", "từ", "đến", "là", "có", "được", "những", "hoặc", "nhân",
        "thuộc", "giữa", "trên", "ban", "Ban", "Sở", "Bộ", "Ủy", "Uỷ", "Hội", "Viện", "Phòng", "Chi", "Cục", "Liên", "Ngân", "Kho", "Đài",
        "Quý", "quý", "ngày", "tháng", "năm", "trước", "đến",
    ];

    private static bool EndsWithJoiner(string text)
    {
        var t = text.TrimEnd();
        if (t.Length == 0) return false;
        if (t[^1] is ',' or '-' or '–' or '(' or '&') return true;
        var space = t.LastIndexOf(' ');
        var last = space < 0 ? t : t[(space + 1)..];
        return Joiners.Contains(last, StringComparer.Ordinal);
    }

    /// <summary>"Việt Nam tỉnh; …" after "… Ủy ban Mặt trận Tổ quốc": the closing words of a name, never a new paragraph's first.</summary>
    [GeneratedRegex(@"^Việt\s+Nam(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex NameClosing();

    /// <summary>The previous line stops in the middle of a phrase: a marker on the next line is wrapped text.</summary>
    private static bool ContinuesPhrase(string text) => text.Length > 0 && EndsWithJoiner(text);

    /// <summary>"1. Sở Lao động" then "- Thương binh và Xã hội": the dash continues a name, not a list.</summary>
    private static bool ContinuesName(string previous, string line)
    {
        if (!line.StartsWith('-') && !line.StartsWith('–')) return false;
        var joined = previous.TrimEnd() + " " + line;
        var start = Math.Max(0, previous.Length - 60);
        return AgencyRecognizer.EndsInsideName(joined, previous.TrimEnd().Length, start);
    }

}
