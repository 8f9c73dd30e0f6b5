using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Accountability.Plans.Reading;

/// <summary>
/// HTML pages saved from a legal website or a provincial portal. Only the document is read, never the site around
/// it (menus, the metadata panel, "Văn bản liên quan" lists, footers, login notices): on thuvienphapluat.vn pages
/// it is <c>div.content1</c>; elsewhere the element whose paragraphs hold most of the page's text, widened to take
/// in the national motto when the header sits beside it. Every paragraph (p, div, li, h1–h6…) is one line with
/// <see cref="SourceLine.IsParagraph"/> set, a &lt;br&gt; splits it, and tables become <see cref="SourceTable"/>s.
/// </summary>
internal static class HtmlSource
{
    /// <summary>Deeper nesting is kept as siblings by the parser, so walking the tree recursively stays safe.</summary>
    private const int MaxDepth = 256;

    /// <summary>Tables inside table cells past this depth are read as the cell's text.</summary>
    private const int MaxTableDepth = 8;

    private static readonly HashSet<string> Skipped =
    [
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas", "head",
        "title", "meta", "link", "nav", "header", "footer", "aside", "form", "button", "input", "select",
        "textarea", "label", "img", "video", "audio", "map", "dialog",
    ];

    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "address", "center", "section", "article", "main", "body", "figure", "figcaption", "caption", "hr",
        "tr", "td", "th", "thead", "tbody", "tfoot", "fieldset", "details", "summary",
    ];

    // Class or id words (whole words of a class list, split at '-' and '_' too) that mark a site's own furniture.
    private static readonly HashSet<string> FurnitureMarks =
    [
        "menu", "nav", "navbar", "breadcrumb", "breadcrumbs", "footer", "header", "sidebar", "related", "lienquan",
        "vblienquan", "share", "social", "comment", "comments", "login", "banner", "ads", "advert", "cookie",
    ];

    // Element names that open an HTML fragment saved without its <html> wrapper.
    private static readonly HashSet<string> FragmentTags =
    [
        "p", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "body", "head", "meta", "title", "style", "span", "b",
        "strong", "i", "em", "ul", "ol", "li", "br", "section", "article", "main", "center", "font", "tr", "td", "a",
    ];

    /// <summary>
    /// Whether text is an HTML page: a doctype or &lt;html&gt; first, or a fragment that starts with an HTML element
    /// and has more of them. Plain text with a "&lt;" in a sentence is not.
    /// </summary>
    public static bool LooksLikeHtml(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 4096)).TrimStart();
        if (head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return true;
        if (!head.StartsWith("<")) return false;
        var sample = text.AsSpan(0, Math.Min(text.Length, 65536));
        var known = 0;
        for (var i = sample.IndexOf('<'); i >= 0; i = NextTag(sample, i))
        {
            var start = i + 1 < sample.Length && sample[i + 1] == '/' ? i + 2 : i + 1;
            var end = start;
            while (end < sample.Length && char.IsAsciiLetterOrDigit(sample[end])) end++;
            var isKnown = end > start && FragmentTags.Contains(sample[start..end].ToString().ToLowerInvariant());
            // The first tag decides: a fragment opens with an element (or a comment), not with "<5%".
            if (known == 0 && !isKnown && !sample[(i + 1)..].StartsWith("!--")) return false;
            if (isKnown && ++known >= 3) return true;
        }
        return false;
    }

    private static int NextTag(ReadOnlySpan<char> s, int from)
    {
        var next = s[(from + 1)..].IndexOf('<');
        return next < 0 ? -1 : from + 1 + next;
    }

    public static SourceDocument Read(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false, MaximumDepth = MaxDepth, SkipComments = true });
        using var document = parser.ParseDocument(html);
        var root = FindDocument(document);
        var blocks = new List<SourceBlock>();
        if (root is not null) new Walker(blocks, 0).Read(root, Apply(root, new Inherited()));
        if (blocks.Count == 0)
            throw new PlanReadException("The HTML page holds no document text.");
        return SourceDocument.Of("html", blocks);
    }

    /// <summary>The element that holds the document, not the site around it.</summary>
    private static IElement? FindDocument(IDocument document)
    {
        var known = document.QuerySelectorAll("div.content1").OrderByDescending(TextLength).FirstOrDefault();
        if (known is not null && TextLength(known) > 0) return known;

        var body = document.Body;
        if (body is null) return null;
        // Readability's idea: each paragraph's text counts for its parent and half for its grandparent; the
        // element with the highest count holds the document's paragraphs.
        var scores = new Dictionary<IElement, double>();
        foreach (var paragraph in body.QuerySelectorAll("p, li, td, th, h1, h2, h3, h4, h5, h6, pre, blockquote, dd"))
        {
            if (IsFurniture(paragraph) || paragraph.Ancestors<IElement>().Any(IsFurniture)) continue;
            var length = TextLength(paragraph);
            var links = paragraph.QuerySelectorAll("a").Sum(TextLength);
            if (length < 20 || links * 2 > length) continue;
            if (paragraph.ParentElement is { } parent)
            {
                scores[parent] = scores.GetValueOrDefault(parent) + length;
                if (parent.ParentElement is { } grand) scores[grand] = scores.GetValueOrDefault(grand) + length / 2.0;
            }
        }
        var best = scores.OrderByDescending(s => s.Value).Select(s => s.Key).FirstOrDefault() ?? body;
        // A paragraph inside a table cell: the table itself is the document's frame.
        while (best.LocalName is "td" or "th" or "tr" or "tbody" or "thead" && best.ParentElement is { } up) best = up;

        // The header (issuer and motto) often sits in a table just before the text's own container.
        var motto = body.Descendants<IText>().FirstOrDefault(t => IsMotto(t.Data))?.ParentElement;
        if (motto is not null && !best.Contains(motto))
        {
            var common = best.Ancestors<IElement>().FirstOrDefault(a => a.Contains(motto));
            if (common is not null && common != body && common.LocalName != "html") best = common;
        }
        return best;
    }

    private static bool IsMotto(string text)
    {
        var collapsed = StyledText.Collapse(text);
        return collapsed.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", StringComparison.OrdinalIgnoreCase)
            || collapsed.Contains("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA", StringComparison.OrdinalIgnoreCase)
            || collapsed.Contains("Độc lập - Tự do - Hạnh phúc", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsFurniture(IElement element)
    {
        if (Skipped.Contains(element.LocalName)) return true;
        var marks = (element.GetAttribute("class") ?? "") + " " + (element.Id ?? "");
        return marks.Length > 1 && marks.ToLowerInvariant().Split([' ', '\t', '\n', '-', '_'], StringSplitOptions.RemoveEmptyEntries).Any(FurnitureMarks.Contains);
    }

    private static int TextLength(IElement element) => StyledText.Collapse(element.TextContent).Length;

    /// <summary>What an element passes to its text: emphasis, alignment, whether it is a heading.</summary>
    internal readonly record struct Inherited(bool Bold, bool Italic, bool Centered, bool Heading);

    /// <summary>Walks one container (the document, or a table cell) into lines and tables.</summary>
    private sealed class Walker(List<SourceBlock> blocks, int tableDepth)
    {
        private readonly StyledText _text = new();
        private Inherited _lineStyle;
        private bool _blank;
        private bool _continued; // the next line continues a paragraph after a <br>

        private void Walk(INode node, Inherited style, int depth)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    if (!_text.HasText && !string.IsNullOrWhiteSpace(text.Data)) _lineStyle = style;
                    _text.Append(text.Data, style.Bold, style.Italic);
                    continue;
                }
                if (child is not IElement element || IsHidden(element)) continue;
                var name = element.LocalName;
                if (IsFurniture(element)) continue;
                if (name == "br") { EndLine(); continue; }
                if (element is IHtmlTableElement table && tableDepth < MaxTableDepth && !IsLayoutBox(table))
                {
                    EndParagraph();
                    if (ReadTable(table, style) is { } read) blocks.Add(read);
                    continue;
                }
                var inner = Apply(element, style);
                var block = Blocks.Contains(name) || element is IHtmlTableElement;
                if (block) EndParagraph();
                var emitted = blocks.Count;
                if (depth < MaxDepth) Walk(element, inner, depth + 1);
                if (!block) continue;
                // An empty paragraph (<p>&nbsp;</p>) is a blank line before the next one.
                var empty = !_text.HasText && blocks.Count == emitted;
                EndParagraph();
                if (empty && name is "p" or "div" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "li" or "pre") _blank |= blocks.Count > 0;
            }
        }

        private SourceTable? ReadTable(IHtmlTableElement table, Inherited style)
        {
            var grid = new TableGrid();
            foreach (var row in table.Rows)
            {
                var cells = new List<(string, int, int)>();
                foreach (var cell in row.Cells)
                {
                    var lines = new List<SourceBlock>();
                    new Walker(lines, tableDepth + 1).Read(cell, Apply(cell, style with { Heading = false }));
                    cells.Add((CellText(lines), cell.ColumnSpan, cell.RowSpan));
                }
                grid.AddSpannedRow(cells);
            }
            return grid.ToTable();
        }

        public void Read(IElement root, Inherited style)
        {
            Walk(root, style, 0);
            EndParagraph();
        }

        /// <summary>A cell's paragraphs joined by '\n'; a table nested in it gives a line per row.</summary>
        private static string CellText(List<SourceBlock> lines) => string.Join('\n', lines.SelectMany(b => b switch
        {
            SourceLine l => [l.Text],
            SourceTable t => t.Rows.Select(r => string.Join(" | ", r.Where(c => c.Length > 0))),
            _ => [],
        }).Where(l => l.Length > 0));

        private void EndLine()
        {
            if (!_text.HasText) { _text.Take(); return; }
            var (text, emphasis) = _text.Take();
            var style = emphasis;
            if (_lineStyle.Heading) style |= LineStyle.Heading;
            if (_lineStyle.Centered) style |= LineStyle.Centered;
            blocks.Add(new SourceLine(text, style, _blank && !_continued, IsParagraph: true));
            _blank = false;
            _continued = true;
        }

        private void EndParagraph()
        {
            if (_text.HasText) EndLine();
            else _text.Take();
            _continued = false;
        }
    }

    /// <summary>A table of one column (or one cell) frames a page's layout; its cells are read as ordinary text.</summary>
    private static bool IsLayoutBox(IHtmlTableElement table) => table.Rows.All(r => r.Cells.Length <= 1);

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || Style(element, "display") == "none"
        || Style(element, "visibility") == "hidden";

    private static Inherited Apply(IElement element, Inherited style)
    {
        var name = element.LocalName;
        if (name is "b" or "strong") style = style with { Bold = true };
        if (name is "i" or "em" or "cite" or "var") style = style with { Italic = true };
        if (name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6") style = style with { Heading = true };
        if (name == "center") style = style with { Centered = true };

        var weight = Style(element, "font-weight");
        if (weight is "bold" or "bolder" or "600" or "700" or "800" or "900") style = style with { Bold = true };
        else if (weight is "normal" or "lighter" or "100" or "200" or "300" or "400" or "500") style = style with { Bold = false };
        var fontStyle = Style(element, "font-style");
        if (fontStyle is "italic" or "oblique") style = style with { Italic = true };
        else if (fontStyle == "normal") style = style with { Italic = false };

        var align = Style(element, "text-align") ?? element.GetAttribute("align")?.Trim().ToLowerInvariant();
        if (align is not null && Blocks.Contains(name))
            style = style with { Centered = align == "center" };
        return style;
    }

    /// <summary>One property of an element's inline style attribute ("text-align:center; …"), lower-cased.</summary>
    private static string? Style(IElement element, string property)
    {
        var attribute = element.GetAttribute("style");
        if (string.IsNullOrEmpty(attribute)) return null;
        string? value = null;
        foreach (var declaration in attribute.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon <= 0) continue;
            if (declaration.AsSpan(0, colon).Trim().Equals(property, StringComparison.OrdinalIgnoreCase))
                value = StyledText.Collapse(declaration[(colon + 1)..]).Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim().ToLowerInvariant();
        }
        return value;
    }
}
