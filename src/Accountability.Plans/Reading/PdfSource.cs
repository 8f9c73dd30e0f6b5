using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Accountability.Plans.Reading;

/// <summary>
/// Text PDFs (what offices export from Word or LibreOffice, and Công báo issues) into lines in reading order, page
/// by page. PdfPig finds the words; words on one baseline make a line, a gap taller than about 1.2 usual line
/// spacings starts a paragraph, bold comes from the font's name. Syllables that extraction splits (a letter and
/// its combining mark, "Ng hị" from kerning) are joined again. Ruled tables become <see cref="SourceTable"/>s
/// (<see cref="PdfRulings"/>). A PDF with (almost) no text layer is a scan and goes to <see cref="OcrSource"/>.
/// </summary>
internal static class PdfSource
{
    public const int MaxPages = 500;

    /// <summary>Fewer visible characters than this per page, on average, and the PDF is taken for a scan.</summary>
    private const int ScanCharactersPerPage = 20;

    public static SourceDocument Read(byte[] bytes, CancellationToken cancellation = default)
    {
        PdfDocument document;
        try
        {
            // ActualText carries the real letters where a font's own mapping is wrong (LibreOffice writes Vietnamese
            // syllables drawn from several glyphs this way).
            document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, UseActualText = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw Encrypted();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Damaged();
        }

        using (document)
        {
            int pageCount;
            try
            {
                pageCount = document.NumberOfPages;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Damaged();
            }
            if (pageCount == 0) throw Damaged();
            if (pageCount > MaxPages)
                throw new PlanTooLargeException($"The PDF has more than {MaxPages} pages; it is refused as too large to read.");

            var pages = new List<LaidOutPage>(pageCount);
            var characters = 0;
            for (var number = 1; number <= pageCount; number++)
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    var page = document.GetPage(number);
                    characters += page.Letters.Count(l => !string.IsNullOrWhiteSpace(l.Value) && !char.IsControl(l.Value[0]));
                    pages.Add(ReadPage(page));
                }
                catch (PdfDocumentEncryptedException)
                {
                    throw Encrypted();
                }
                catch (Exception e) when (e is not (OutOfMemoryException or PlanReadException or OperationCanceledException))
                {
                    // PdfPig reads a page's content, fonts and images only when the page is asked for.
                    throw Damaged();
                }
            }
            if (characters < ScanCharactersPerPage * pageCount)
                return OcrSource.Read(bytes, pageCount, cancellation);
            return PageLayout.ToDocument(pages, "pdf");
        }
    }

    private static PlanReadException Encrypted() =>
        new("The PDF is password-protected; remove the password (or print it to a new PDF) and send it again.");

    private static PlanReadException Damaged() =>
        new("The PDF is damaged and cannot be read; save the plan again as PDF or .docx and send that.");

    /// <summary>A word as the page shows it: the y values are measured down from the page's top edge.</summary>
    private sealed record PdfWord(List<(string Value, double X)> Letters, double Left, double Right, double Baseline, double Size, bool Bold, bool Italic)
    {
        public string Text => string.Concat(Letters.Select(l => l.Value)).Trim();
        public bool IsMarkOnly => Letters.All(l => IsMark(l.Value));
        public double Top => Baseline - Size * 0.8;
        public double CenterX => (Left + Right) / 2;
        public double CenterY => Baseline - Size * 0.3;
    }

    private static LaidOutPage ReadPage(Page page)
    {
        var laidOut = new LaidOutPage(page.Width, page.Height);
        var spaces = new SpaceIndex();
        var words = Words(page, spaces);
        var tables = PdfRulings.FindTables(page);

        var inTables = tables.Select(_ => new List<PdfWord>()).ToList();
        var free = new List<PdfWord>();
        foreach (var word in words)
        {
            var index = tables.FindIndex(t => t.Contains(word.CenterX, word.CenterY));
            if (index >= 0) inTables[index].Add(word);
            else free.Add(word);
        }

        var blocks = new List<PageBlock>();
        blocks.AddRange(Lines(free, spaces));
        for (var t = 0; t < tables.Count; t++)
        {
            var grid = tables[t];
            var cells = inTables[t].GroupBy(w => grid.CellAt(w.CenterX, w.CenterY)).Where(g => g.Key is not null)
                .ToDictionary(g => g.Key!.Value, g => CellText(g, spaces));
            if (grid.ToTable(cells) is { } table) blocks.Add(table);
        }
        laidOut.Blocks.AddRange(blocks.OrderBy(b => b.Top));
        return laidOut;
    }

    /// <summary>The page's horizontal words, with control characters dropped and the y axis turned to run down the page.</summary>
    private static List<PdfWord> Words(Page page, SpaceIndex spaces)
    {
        var result = new List<PdfWord>();
        foreach (var word in page.GetWords(NearestNeighbourWordExtractor.Instance))
        {
            if (word.TextOrientation != TextOrientation.Horizontal) continue;
            var letters = word.Letters.Where(l => l.Value.Length > 0 && !char.IsControl(l.Value[0])).ToList();
            var text = string.Concat(letters.Select(l => l.Value));
            if (string.IsNullOrWhiteSpace(text))
            {
                // The PDF's own space characters tell where words end.
                foreach (var l in letters) spaces.Add(page.Height - l.StartBaseLine.Y, (l.StartBaseLine.X + l.EndBaseLine.X) / 2);
                continue;
            }
            var first = letters[0];
            // Left to right (a mark drawn before its letter still follows it); the sort is stable for equal places.
            var ordered = letters.Select(l => (l.Value, l.StartBaseLine.X)).OrderBy(l => l.X).ToList();
            var size = letters.Max(l => l.PointSize > 0 ? l.PointSize : l.FontSize);
            if (size <= 0) size = Math.Max(word.BoundingBox.Height, 1);
            var fonts = letters.Select(l => l.FontName ?? "").ToList();
            var bold = fonts.Count(IsBoldFont) * 2 > fonts.Count;
            var italic = fonts.Count(IsItalicFont) * 2 > fonts.Count;
            result.Add(new PdfWord(ordered, word.BoundingBox.Left, word.BoundingBox.Right, page.Height - first.StartBaseLine.Y, size, bold, italic));
        }
        return result;
    }

    /// <summary>Where the page has space characters, by baseline, to tell a word gap from a split syllable.</summary>
    private sealed class SpaceIndex
    {
        private readonly Dictionary<long, List<double>> _byBaseline = new();
        private bool _sorted;

        public bool Any => _byBaseline.Count > 0;

        public void Add(double baseline, double x)
        {
            var key = (long)Math.Round(baseline);
            if (!_byBaseline.TryGetValue(key, out var xs)) _byBaseline[key] = xs = [];
            xs.Add(x);
            _sorted = false;
        }

        public bool Between(double baseline, double from, double to)
        {
            if (!_sorted)
            {
                foreach (var xs in _byBaseline.Values) xs.Sort();
                _sorted = true;
            }
            var key = (long)Math.Round(baseline);
            for (var k = key - 1; k <= key + 1; k++)
            {
                if (!_byBaseline.TryGetValue(k, out var xs)) continue;
                var at = xs.BinarySearch(from - 1);
                if (at < 0) at = ~at;
                if (at < xs.Count && xs[at] <= to + 1) return true;
            }
            return false;
        }
    }

    private static bool IsBoldFont(string font) =>
        font.Contains("Bold", StringComparison.OrdinalIgnoreCase) || font.Contains("Black", StringComparison.OrdinalIgnoreCase)
        || font.Contains("Heavy", StringComparison.OrdinalIgnoreCase);

    private static bool IsItalicFont(string font) =>
        font.Contains("Italic", StringComparison.OrdinalIgnoreCase) || font.Contains("Oblique", StringComparison.OrdinalIgnoreCase);

    /// <summary>Words on one baseline, left to right; sorted first, so the grouping is one pass.</summary>
    private static List<List<PdfWord>> GroupLines(IEnumerable<PdfWord> words)
    {
        var lines = new List<List<PdfWord>>();
        foreach (var word in words.OrderBy(w => w.Baseline).ThenBy(w => w.Left))
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            if (line is not null && Math.Abs(word.Baseline - line[0].Baseline) <= Math.Min(word.Size, line[0].Size) * 0.4)
                line.Add(word);
            else
                lines.Add([word]);
        }
        foreach (var line in lines) line.Sort((a, b) => a.Left.CompareTo(b.Left));
        return lines;
    }

    private static IEnumerable<PageText> Lines(List<PdfWord> words, SpaceIndex spaces)
    {
        var lines = GroupLines(words);
        // The usual distance from one baseline to the next: the (lower) median of the short ones.
        var steps = new List<double>();
        for (var i = 1; i < lines.Count; i++)
        {
            var step = lines[i][0].Baseline - lines[i - 1][0].Baseline;
            if (step > 0 && step < lines[i][0].Size * 3) steps.Add(step);
        }
        steps.Sort();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var size = line.Max(w => w.Size);
            var usual = steps.Count > 0 ? steps[(steps.Count - 1) / 2] : size * 1.2;
            var blank = i > 0 && line[0].Baseline - lines[i - 1][0].Baseline > usual * 1.2;
            var (text, style) = JoinWords(line, spaces);
            yield return new PageText(text, style, line[0].Left, line.Max(w => w.Right), line.Min(w => w.Top), line.Max(w => w.Baseline), blank);
        }
    }

    /// <summary>
    /// One line's words as text. A space goes between two words when the PDF had a space character there or a gap
    /// of about a space's width; a smaller gap is a split syllable ("Ng hị" from kerning or letter spacing) and a
    /// word starting with a combining mark belongs to the letter before it.
    /// </summary>
    private static (string Text, LineStyle Style) JoinWords(List<PdfWord> words, SpaceIndex spaces)
    {
        var line = AttachMarks(words);
        var text = new StyledText();
        for (var i = 0; i < line.Count; i++)
        {
            var word = line[i];
            if (i > 0)
            {
                var previous = line[i - 1];
                var gap = word.Left - previous.Right;
                // A page that writes its spaces as characters marks every word end with one; there a gap without
                // one may be wider (letter-spaced syllables) and still be inside a word.
                var limit = Math.Min(word.Size, previous.Size) * (spaces.Any ? 0.3 : 0.15);
                var joined = StartsWithMark(word.Text) || gap < limit && !spaces.Between(word.Baseline, previous.Right, word.Left);
                if (!joined) text.Append(" ", false, false);
            }
            text.Append(word.Text, word.Bold, word.Italic);
        }
        return text.Take();
    }

    /// <summary>
    /// A combining mark that extraction gave as a word of its own goes into the word it is drawn over, after the
    /// letter it sits on, so NFC can compose the syllable ("to" + "́" + "m" is "tóm").
    /// </summary>
    private static List<PdfWord> AttachMarks(List<PdfWord> line)
    {
        if (!line.Exists(w => w.IsMarkOnly)) return line;
        var words = line.Where(w => !w.IsMarkOnly).ToList();
        var lefts = words.Select(w => w.Left).ToList();
        foreach (var mark in line.Where(w => w.IsMarkOnly))
        {
            var x = mark.Letters[0].X;
            var at = lefts.BinarySearch(x);
            if (at < 0) at = ~at - 1;
            if (at >= 0 && x <= words[at].Right + 1)
            {
                var host = words[at];
                var letters = host.Letters.Concat(mark.Letters).OrderBy(l => l.X).ToList();
                words[at] = host with { Letters = letters };
            }
            else
            {
                words.Insert(at + 1, mark);
                lefts.Insert(at + 1, mark.Left);
            }
        }
        return words;
    }

    private static bool StartsWithMark(string s) => s.Length > 0 && IsMark(s);

    private static bool IsMark(string s) =>
        CharUnicodeInfo.GetUnicodeCategory(s, 0) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>A cell's lines: wrapped lines are joined with a space, a paragraph gap or a list dash starts a new line.</summary>
    private static string CellText(IEnumerable<PdfWord> words, SpaceIndex spaces)
    {
        var lines = GroupLines(words);
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = JoinWords(lines[i], spaces).Text;
            if (text.Length == 0) continue;
            if (sb.Length > 0)
            {
                var step = lines[i][0].Baseline - lines[i - 1][0].Baseline;
                var newParagraph = step > lines[i][0].Size * 1.45 || text[0] is '-' or '+' or '•' or '–';
                sb.Append(newParagraph ? '\n' : ' ');
            }
            sb.Append(text);
        }
        return sb.ToString();
    }
}
