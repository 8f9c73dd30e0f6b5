using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Accountability.Plans.Reading;

/// <summary>
/// Word .docx files: the body's paragraphs and tables in order. Word's automatic numbering is not in the text
/// runs, so the labels ("1.", "a)", "-") are rebuilt from the numbering definitions: the parser depends on them
/// to find agency blocks. Emphasis comes from run formatting and from character and paragraph styles (a paragraph
/// is bold when most of its letters are), headings from heading styles and outline levels, centring from the
/// paragraph's justification. Tables keep a merged cell once. The package passes <see cref="DocxPackage"/>'s
/// limits before the Open XML SDK sees it.
/// </summary>
internal static class DocxSource
{
    private const int MaxTableDepth = 8;

    public static SourceDocument Read(byte[] bytes, string format = "docx")
    {
        try
        {
            using var clean = DocxPackage.CleanCopy(bytes);
            using var document = WordprocessingDocument.Open(clean, isEditable: false,
                new OpenSettings { MaxCharactersInPart = DocxPackage.MaxXmlBytes });
            var main = document.MainDocumentPart;
            var body = main?.Document?.Body ?? throw new PlanReadException("The .docx has no document body.");
            var reader = new BodyReader(new StyleSheet(main!.StyleDefinitionsPart?.Styles), new NumberingLabels(main.NumberingDefinitionsPart?.Numbering));
            reader.ReadBlocks(body);
            return SourceDocument.Of(format, reader.Blocks);
        }
        catch (PlanReadException)
        {
            throw;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException
                                      or IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new PlanReadException("The file is a ZIP package but not a readable Word .docx document.");
        }
    }

    /// <summary>Walks the body (and table cells) in order, so numbering counts in the order Word shows it.</summary>
    private sealed class BodyReader(StyleSheet styles, NumberingLabels numbering)
    {
        public List<SourceBlock> Blocks { get; } = [];
        private bool _blank;

        public void ReadBlocks(OpenXmlElement container)
        {
            foreach (var child in Within(container, e => e is Paragraph or Table))
            {
                switch (child)
                {
                    case Paragraph paragraph:
                        var lines = ReadParagraph(paragraph, out var style);
                        if (lines.Count == 0) { _blank |= Blocks.Count > 0; break; }
                        for (var i = 0; i < lines.Count; i++)
                            Blocks.Add(new SourceLine(lines[i].Text, lines[i].Style | style, i == 0 && _blank, IsParagraph: true));
                        _blank = false;
                        break;
                    case Table table:
                        if (ReadTable(table, 0) is { } read) Blocks.Add(read);
                        _blank = false;
                        break;
                }
            }
        }

        /// <summary>
        /// A paragraph's lines (a manual line break splits it) with the numbering label before the first, and the
        /// paragraph's own style (heading, centred). Text boxes anchored in it follow as lines of their own.
        /// </summary>
        private List<(string Text, LineStyle Style)> ReadParagraph(Paragraph paragraph, out LineStyle paragraphStyle)
        {
            var properties = paragraph.ParagraphProperties;
            var styleId = properties?.ParagraphStyleId?.Val?.Value;
            paragraphStyle = LineStyle.None;
            if (styles.IsHeading(styleId) || properties?.OutlineLevel?.Val?.Value is >= 0 and < 9) paragraphStyle |= LineStyle.Heading;
            var justification = properties?.Justification?.Val?.Value ?? styles.Justification(styleId);
            if (justification == JustificationValues.Center) paragraphStyle |= LineStyle.Centered;

            var lines = new List<(string, LineStyle)>();
            var boxes = new List<Paragraph>();
            var text = new StyledText();
            var numberingReference = properties?.NumberingProperties is { } direct
                ? (direct.NumberingId?.Val?.Value, direct.NumberingLevelReference?.Val?.Value ?? 0)
                : styles.Numbering(styleId);
            var label = numbering.Next(numberingReference.Item1, numberingReference.Item2);
            Collect(paragraph, styleId, text, lines, boxes);
            EndLine(text, lines);
            if (label.Length > 0 && lines.Count > 0)
                lines[0] = ($"{label} {lines[0].Item1}", lines[0].Item2);
            foreach (var box in boxes)
                lines.AddRange(ReadParagraph(box, out _).Select(l => (l.Text, l.Style)));
            return lines;
        }

        private static void EndLine(StyledText text, List<(string, LineStyle)> lines)
        {
            if (!text.HasText) { text.Take(); return; }
            lines.Add(text.Take());
        }

        private void Collect(OpenXmlElement element, string? paragraphStyleId, StyledText text, List<(string, LineStyle)> lines, List<Paragraph> boxes)
        {
            foreach (var child in element.ChildElements)
            {
                switch (child)
                {
                    case Run run:
                        var (bold, italic) = styles.RunEmphasis(run.RunProperties, paragraphStyleId);
                        foreach (var part in run.ChildElements)
                        {
                            switch (part)
                            {
                                case Text t: text.Append(t.Text, bold, italic); break;
                                case TabChar or PositionalTab: text.Append(" ", false, false); break;
                                case Break or CarriageReturn: EndLine(text, lines); break;
                                case NoBreakHyphen: text.Append("-", bold, italic); break;
                                case RunProperties: break;
                                default: Collect(part, paragraphStyleId, text, lines, boxes); break; // drawings hold text boxes
                            }
                        }
                        break;
                    case Paragraph nested:
                        boxes.Add(nested);
                        break;
                    case ParagraphProperties or DeletedRun or MoveFromRun or Table:
                        break;
                    default:
                        // Hyperlinks, fields, insertions, content controls and smart tags hold runs.
                        if (child.LocalName != "Fallback") Collect(child, paragraphStyleId, text, lines, boxes);
                        break;
                }
            }
        }

        private SourceTable? ReadTable(Table table, int depth)
        {
            var grid = new TableGrid();
            foreach (var row in Within(table, e => e is TableRow).Cast<TableRow>())
            {
                var column = Math.Clamp(row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0, 0, TableGrid.MaxSpan);
                var cells = new List<(int, string)>();
                foreach (var cell in Within(row, e => e is TableCell).Cast<TableCell>())
                {
                    var properties = cell.TableCellProperties;
                    var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, TableGrid.MaxSpan);
                    var vertical = properties?.VerticalMerge;
                    // A cell that continues a vertical (or legacy horizontal) merge is covered: its text, if any, is nothing.
                    var covered = vertical is not null && (vertical.Val is null || vertical.Val.Value == MergedCellValues.Continue)
                        || properties?.HorizontalMerge?.Val?.Value == MergedCellValues.Continue;
                    if (!covered) cells.Add((column, CellText(cell, depth)));
                    column += span;
                }
                grid.AddPlacedRow(cells);
            }
            return grid.ToTable();
        }

        /// <summary>A cell's paragraphs joined by '\n'; a table inside it gives a line per row.</summary>
        private string CellText(TableCell cell, int depth)
        {
            var lines = new List<string>();
            foreach (var child in Within(cell, e => e is Paragraph or Table))
            {
                if (child is Paragraph paragraph)
                    lines.AddRange(ReadParagraph(paragraph, out _).Select(l => l.Text));
                else if (child is Table nested && depth < MaxTableDepth && ReadTable(nested, depth + 1) is { } table)
                    lines.AddRange(table.Rows.Select(r => string.Join(" | ", r.Where(c => c.Length > 0))));
            }
            return string.Join('\n', lines.Where(l => l.Length > 0));
        }
    }

    /// <summary>
    /// The wanted children of a container in document order, looking through the wrappers Word puts around them
    /// (content controls, custom XML, tracked insertions) but never into another paragraph, table, row or cell.
    /// </summary>
    private static IEnumerable<OpenXmlElement> Within(OpenXmlElement container, Func<OpenXmlElement, bool> wanted)
    {
        foreach (var child in container.ChildElements)
        {
            if (wanted(child)) yield return child;
            else if (child is not (Paragraph or Table or TableRow or TableCell or SectionProperties))
                foreach (var inner in Within(child, wanted)) yield return inner;
        }
    }

    /// <summary>
    /// What the styles part says about a paragraph or run: emphasis through the basedOn chain (direct formatting,
    /// then the character style, then the paragraph style, then the document defaults), heading styles, centring
    /// and numbering carried by a paragraph style.
    /// </summary>
    private sealed class StyleSheet
    {
        private const int MaxChain = 16;
        private readonly Dictionary<string, Style> _byId = new();
        private readonly string? _defaultParagraphStyle;
        private readonly bool _defaultBold;
        private readonly bool _defaultItalic;

        public StyleSheet(Styles? styles)
        {
            if (styles is null) return;
            foreach (var style in styles.Elements<Style>())
            {
                if (style.StyleId?.Value is not { } id) continue;
                _byId.TryAdd(id, style);
                if (style.Default?.Value == true && style.Type?.Value == StyleValues.Paragraph) _defaultParagraphStyle ??= id;
            }
            var defaults = styles.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle;
            _defaultBold = IsOn(defaults?.Bold) ?? false;
            _defaultItalic = IsOn(defaults?.Italic) ?? false;
        }

        private static bool? IsOn(OnOffType? value) => value is null ? null : value.Val?.Value ?? true;

        /// <summary>The style and its ancestors, nearest first; a loop in basedOn ends the chain.</summary>
        private IEnumerable<Style> Chain(string? id)
        {
            var seen = new HashSet<string>();
            for (var depth = 0; depth < MaxChain && id is not null && seen.Add(id) && _byId.TryGetValue(id, out var style); depth++)
            {
                yield return style;
                id = style.BasedOn?.Val?.Value;
            }
        }

        public (bool Bold, bool Italic) RunEmphasis(RunProperties? direct, string? paragraphStyleId)
        {
            var characterStyle = direct?.RunStyle?.Val?.Value;
            var paragraphStyle = paragraphStyleId ?? _defaultParagraphStyle;
            var bold = IsOn(direct?.Bold)
                ?? Chain(characterStyle).Select(s => IsOn(s.StyleRunProperties?.Bold)).FirstOrDefault(v => v is not null)
                ?? Chain(paragraphStyle).Select(s => IsOn(s.StyleRunProperties?.Bold)).FirstOrDefault(v => v is not null)
                ?? _defaultBold;
            var italic = IsOn(direct?.Italic)
                ?? Chain(characterStyle).Select(s => IsOn(s.StyleRunProperties?.Italic)).FirstOrDefault(v => v is not null)
                ?? Chain(paragraphStyle).Select(s => IsOn(s.StyleRunProperties?.Italic)).FirstOrDefault(v => v is not null)
                ?? _defaultItalic;
            return (bold, italic);
        }

        /// <summary>Word's built-in heading styles keep their English names ("heading 1", "Title") in every language.</summary>
        public bool IsHeading(string? paragraphStyleId) => Chain(paragraphStyleId ?? _defaultParagraphStyle).Any(s =>
        {
            var name = s.StyleName?.Val?.Value ?? "";
            return name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || name.Equals("Title", StringComparison.OrdinalIgnoreCase)
                || s.StyleParagraphProperties?.OutlineLevel?.Val?.Value is >= 0 and < 9;
        });

        public JustificationValues? Justification(string? paragraphStyleId) =>
            Chain(paragraphStyleId ?? _defaultParagraphStyle).Select(s => s.StyleParagraphProperties?.Justification?.Val?.Value).FirstOrDefault(j => j is not null);

        public (int? NumberingId, int Level) Numbering(string? paragraphStyleId)
        {
            var numbering = Chain(paragraphStyleId).Select(s => s.StyleParagraphProperties?.NumberingProperties).FirstOrDefault(n => n is not null);
            return (numbering?.NumberingId?.Val?.Value, numbering?.NumberingLevelReference?.Val?.Value ?? 0);
        }
    }

    /// <summary>
    /// Word's list labels, counted as Word counts them: each numbering instance keeps a counter per level, a
    /// shallower level advancing restarts the deeper ones, and the level's text ("%1.%2.") is filled in with
    /// each level's number in its format (decimal, letters, Roman numerals; bullets become "-").
    /// </summary>
    private sealed class NumberingLabels
    {
        private const int Levels = 9;
        private readonly Dictionary<int, AbstractNum> _definitions = new();
        private readonly Dictionary<int, int> _abstractOf = new();
        private readonly Dictionary<int, int[]> _counters = new();

        public NumberingLabels(Numbering? numbering)
        {
            if (numbering is null) return;
            foreach (var definition in numbering.Elements<AbstractNum>())
                if (definition.AbstractNumberId?.Value is { } id) _definitions.TryAdd(id, definition);
            foreach (var instance in numbering.Elements<NumberingInstance>())
                if (instance.NumberID?.Value is { } num && instance.AbstractNumId?.Val?.Value is { } abstractId) _abstractOf.TryAdd(num, abstractId);
        }

        private Level? LevelOf(AbstractNum definition, int level) =>
            definition.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);

        public string Next(int? numId, int level)
        {
            if (numId is not { } num || num == 0 || level is < 0 or >= Levels) return "";
            if (!_abstractOf.TryGetValue(num, out var abstractId) || !_definitions.TryGetValue(abstractId, out var definition)) return "";
            var levelDef = LevelOf(definition, level);
            if (levelDef is null) return "";

            if (!_counters.TryGetValue(num, out var counters)) _counters[num] = counters = new int[Levels];
            // Restart deeper levels when a shallower one advances, as Word does.
            for (var deeper = level + 1; deeper < Levels; deeper++) counters[deeper] = 0;
            var start = levelDef.StartNumberingValue?.Val?.Value ?? 1;
            counters[level] = counters[level] == 0 ? start : counters[level] + 1;

            var format = levelDef.NumberingFormat?.Val?.Value;
            if (format == NumberFormatValues.Bullet) return "-";
            var label = new StringBuilder(levelDef.LevelText?.Val?.Value ?? $"%{level + 1}.");
            for (var l = 0; l <= level; l++)
            {
                var value = counters[l] == 0 ? 1 : counters[l];
                label.Replace($"%{l + 1}", Format(value, LevelOf(definition, l)?.NumberingFormat?.Val?.Value));
            }
            return label.ToString();
        }

        private static string Format(int value, NumberFormatValues? format)
        {
            if (format == NumberFormatValues.LowerLetter) return Letter(value);
            if (format == NumberFormatValues.UpperLetter) return Letter(value).ToUpperInvariant();
            if (format == NumberFormatValues.UpperRoman) return Roman(value);
            if (format == NumberFormatValues.LowerRoman) return Roman(value).ToLowerInvariant();
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Letter(int value)
        {
            // Word shows the Latin alphabet (a, b, c, d, e…); the parser accepts that as well as "đ)".
            const string letters = "abcdefghijklmnopqrstuvwxyz";
            return value >= 1 && value <= letters.Length ? letters[value - 1].ToString() : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Roman(int value)
        {
            var (n, sb) = (Math.Clamp(value, 0, 3999), new StringBuilder());
            foreach (var (v, s) in new[] { (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") })
                while (n >= v) { sb.Append(s); n -= v; }
            return sb.ToString();
        }
    }
}
