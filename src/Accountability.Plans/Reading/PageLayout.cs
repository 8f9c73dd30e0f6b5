using System.Text.RegularExpressions;

namespace Accountability.Plans.Reading;

/// <summary>One page as the PDF reader or OCR laid it out: lines and tables in reading order, with their places.</summary>
internal sealed class LaidOutPage(double width, double height)
{
    public double Width { get; } = width;
    public double Height { get; } = height;
    public List<PageBlock> Blocks { get; } = [];
}

/// <summary>Something on a page; <see cref="Top"/> and <see cref="Bottom"/> are measured down from the page's top edge.</summary>
internal abstract record PageBlock(double Top, double Bottom);

internal sealed record PageText(string Text, LineStyle Style, double Left, double Right, double Top, double Bottom, bool BlankBefore)
    : PageBlock(Top, Bottom);

/// <summary>A ruled table; <see cref="Columns"/> are the x positions of its vertical rulings, to recognise its continuation.</summary>
internal sealed record PageTable(IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double> Columns, double Top, double Bottom)
    : PageBlock(Top, Bottom);

/// <summary>
/// What is the same for every paged format (PDF text, OCR): page furniture is dropped (page numbers alone at a
/// page's top or bottom, a header or footer line repeated at the same place on most pages), lines centred
/// between the text's margins are marked, and a table that runs onto the next page stays one table.
/// </summary>
internal static partial class PageLayout
{
    /// <summary>The top and bottom bands (share of the page height) where headers, footers and page numbers sit.</summary>
    private const double MarginBand = 0.12;

    [GeneratedRegex(@"^(?:(?:Trang|Page)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*/\s*\d{1,4})?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    public static SourceDocument ToDocument(IReadOnlyList<LaidOutPage> pages, string format, IEnumerable<string>? notes = null)
    {
        RemoveFurniture(pages);
        var (areaLeft, areaRight) = TextArea(pages);
        var blocks = new List<SourceBlock>();
        PageTable? openTable = null;
        List<IReadOnlyList<string>>? openRows = null;

        void CloseTable()
        {
            if (openRows is { Count: > 0 }) blocks.Add(new SourceTable(openRows));
            (openTable, openRows) = (null, null);
        }

        foreach (var page in pages)
        {
            var first = true;
            foreach (var block in page.Blocks)
            {
                switch (block)
                {
                    case PageTable table when first && openTable is not null && Continues(openTable, table, page.Width):
                        // The same table on the next page; a header row repeated at the top of the page is skipped.
                        var repeated = 0;
                        while (repeated < table.Rows.Count && repeated < openRows!.Count && table.Rows[repeated].SequenceEqual(openRows[repeated])) repeated++;
                        var rest = table.Rows.Skip(repeated).ToList();
                        if (rest.Count > 0 && IsSplitRow(rest[0]))
                        {
                            // A row broken by the page: its text goes on in the same cells.
                            openRows![^1] = JoinRows(openRows[^1], rest[0]);
                            rest.RemoveAt(0);
                        }
                        openRows!.AddRange(rest);
                        openTable = table;
                        break;
                    case PageTable table:
                        CloseTable();
                        (openTable, openRows) = (table, [.. table.Rows]);
                        break;
                    case PageText line:
                        CloseTable();
                        var style = line.Style;
                        if (IsCentered(line, areaLeft, areaRight, page.Width)) style |= LineStyle.Centered;
                        blocks.Add(new SourceLine(line.Text, style, line.BlankBefore));
                        break;
                }
                first = false;
            }
            // A table left open at the end of the page may go on at the top of the next one.
            if (page.Blocks.Count > 0 && page.Blocks[^1] is not PageTable) CloseTable();
        }
        CloseTable();
        return SourceDocument.Of(format, blocks, notes);
    }

    /// <summary>
    /// The first row on a new page is the rest of the last row when its first cell (the number column) is empty
    /// and its text goes on in the middle of a sentence (a lower-case letter).
    /// </summary>
    private static bool IsSplitRow(IReadOnlyList<string> row) =>
        row.Count > 1 && row[0].Length == 0 && row.Skip(1).FirstOrDefault(c => c.Length > 0) is { } text && char.IsLower(text[0]);

    private static IReadOnlyList<string> JoinRows(IReadOnlyList<string> top, IReadOnlyList<string> rest) =>
        [.. Enumerable.Range(0, Math.Max(top.Count, rest.Count)).Select(i =>
            string.Join(' ', new[] { i < top.Count ? top[i] : "", i < rest.Count ? rest[i] : "" }.Where(t => t.Length > 0)))];

    private static bool Continues(PageTable previous, PageTable next, double pageWidth)
    {
        if (previous.Columns.Count != next.Columns.Count) return false;
        var tolerance = Math.Max(3, pageWidth * 0.01);
        return previous.Columns.Zip(next.Columns).All(p => Math.Abs(p.First - p.Second) <= tolerance);
    }

    private static void RemoveFurniture(IReadOnlyList<LaidOutPage> pages)
    {
        // Furniture is among the first two or last two lines of a page, in the margin bands. Lines are keyed by
        // their text with the numbers taken out ("Trang 3", "CÔNG BÁO/Số 333/Ngày 16-06-2026").
        var candidates = pages.Select(page =>
        {
            var lines = page.Blocks.OfType<PageText>().ToList();
            return lines.Where((line, i) => (i < 2 || i >= lines.Count - 2) && InMargin(line, page)).ToList();
        }).ToList();

        var seen = new Dictionary<string, List<(int Page, double Top)>>();
        for (var p = 0; p < pages.Count; p++)
            foreach (var line in candidates[p])
            {
                var key = Digits().Replace(line.Text, "#");
                if (!seen.TryGetValue(key, out var places)) seen[key] = places = [];
                places.Add((p, line.Top));
            }

        var repeatedOnMostPages = new HashSet<(int Page, double Top)>();
        if (pages.Count >= 2)
            foreach (var places in seen.Values)
            {
                // Same text, same place (within 1% of the page height), on most pages.
                foreach (var group in places.GroupBy(x => Math.Round(x.Top / (pages[x.Page].Height * 0.01))))
                {
                    var onPages = group.Select(x => x.Page).Distinct().Count();
                    if (onPages >= 2 && onPages * 5 >= pages.Count * 3)
                        foreach (var x in group) repeatedOnMostPages.Add(x);
                }
            }

        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            var furniture = candidates[p].Where(line => repeatedOnMostPages.Contains((p, line.Top)) || PageNumber().IsMatch(line.Text)).ToHashSet();
            if (furniture.Count == 0) continue;
            var firstLine = page.Blocks.OfType<PageText>().First();
            page.Blocks.RemoveAll(b => b is PageText line && furniture.Contains(line));
            // The first line left on the page starts nothing new just because furniture stood above it.
            if (page.Blocks.Count > 0 && page.Blocks[0] is PageText { BlankBefore: true } top && !ReferenceEquals(top, firstLine))
                page.Blocks[0] = top with { BlankBefore = false };
        }
    }

    private static bool InMargin(PageText line, LaidOutPage page) =>
        line.Top < page.Height * MarginBand || line.Bottom > page.Height * (1 - MarginBand);

    /// <summary>The text's left and right margins over the whole document (where most lines and tables start and end).</summary>
    private static (double Left, double Right) TextArea(IReadOnlyList<LaidOutPage> pages)
    {
        var blocks = pages.SelectMany(p => p.Blocks).ToList();
        if (blocks.Count == 0) return (0, 0);
        var lefts = blocks.Select(b => b is PageTable t ? t.Columns[0] : ((PageText)b).Left).Order().ToList();
        var rights = blocks.Select(b => b is PageTable t ? t.Columns[^1] : ((PageText)b).Right).Order().ToList();
        // The 5th and 95th percentiles: a stray stamp or page number in a corner does not move the margins.
        return (lefts[lefts.Count / 20], rights[rights.Count - 1 - rights.Count / 20]);
    }

    /// <summary>
    /// Centred: clear of the left margin, not full width, and in the middle of the text's width or of the page
    /// (documents with few full lines give a narrow text area; official margins are not symmetric).
    /// </summary>
    private static bool IsCentered(PageText line, double areaLeft, double areaRight, double pageWidth)
    {
        var width = areaRight - areaLeft;
        if (width <= 0) return false;
        var before = line.Left - areaLeft;
        var after = areaRight - line.Right;
        var middle = (line.Left + line.Right) / 2;
        return before > width * 0.05 && line.Right - line.Left < width * 0.85
            && (Math.Abs(before - after) < width * 0.06 || Math.Abs(middle - pageWidth / 2) < pageWidth * 0.03);
    }
}
