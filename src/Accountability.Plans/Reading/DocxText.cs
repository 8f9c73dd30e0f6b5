using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Accountability.Plans.Reading;

/// <summary>
/// Reads the body of a .docx as plain text, one paragraph per line. Word's automatic numbering is not in
/// the text runs, so the labels ("1.", "a)", "-") are rebuilt from the numbering definitions: the parser
/// depends on them to find agency blocks.
/// </summary>
internal static class DocxText
{
    public static string Extract(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new PlanReadException("The .docx has no document body.");
            var numbering = new NumberingLabels(document.MainDocumentPart!.NumberingDefinitionsPart?.Numbering);
            var sb = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var label = numbering.Next(paragraph);
                var text = ParagraphText(paragraph);
                if (label.Length > 0 && text.Length > 0) sb.Append(label).Append(' ');
                sb.Append(text).Append('\n');
                // Blank line between paragraphs: the text parser reads them as paragraph ends.
                sb.Append('\n');
            }
            return sb.ToString();
        }
        catch (PlanReadException)
        {
            throw;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException)
        {
            throw new PlanReadException("The file is a ZIP package but not a readable Word .docx document.");
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t when t.Parent is Run: sb.Append(t.Text); break;
                case TabChar: sb.Append(' '); break;
                case Break: sb.Append('\n'); break;
                case NoBreakHyphen: sb.Append('-'); break;
            }
        }
        return sb.ToString().Trim();
    }

    private sealed class NumberingLabels(Numbering? numbering)
    {
        private readonly Dictionary<(int Num, int Level), int> _counters = new();

        public string Next(Paragraph paragraph)
        {
            var props = paragraph.ParagraphProperties?.NumberingProperties;
            var numId = props?.NumberingId?.Val?.Value;
            if (numbering is null || numId is null or 0) return "";
            var level = props!.NumberingLevelReference?.Val?.Value ?? 0;

            var instance = numbering.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
            var abstractId = instance?.AbstractNumId?.Val?.Value;
            var definition = numbering.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
            var levelDef = definition?.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);
            if (levelDef is null) return "";

            // Restart deeper levels when a shallower one advances, as Word does.
            foreach (var key in _counters.Keys.Where(k => k.Num == numId && k.Level > level).ToList())
                _counters.Remove(key);
            var start = levelDef.StartNumberingValue?.Val?.Value ?? 1;
            var current = _counters.TryGetValue((numId.Value, level), out var n) ? n + 1 : start;
            _counters[(numId.Value, level)] = current;

            var format = levelDef.NumberingFormat?.Val?.Value;
            if (format == NumberFormatValues.Bullet) return "-";
            var pattern = levelDef.LevelText?.Val?.Value ?? $"%{level + 1}.";
            var label = new StringBuilder(pattern);
            for (var l = 0; l <= level; l++)
            {
                var value = l == level ? current : _counters.GetValueOrDefault((numId.Value, l), 1);
                var levelFormat = definition!.Elements<Level>().FirstOrDefault(x => x.LevelIndex?.Value == l)?.NumberingFormat?.Val?.Value;
                label.Replace($"%{l + 1}", Format(value, levelFormat));
            }
            return label.ToString();
        }

        private static string Format(int value, NumberFormatValues? format)
        {
            if (format == NumberFormatValues.LowerLetter) return VietnameseLetter(value);
            if (format == NumberFormatValues.UpperLetter) return VietnameseLetter(value).ToUpperInvariant();
            if (format == NumberFormatValues.UpperRoman) return Roman(value);
            if (format == NumberFormatValues.LowerRoman) return Roman(value).ToLowerInvariant();
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string VietnameseLetter(int value)
        {
            // Word shows the Latin alphabet (a, b, c, d, e…); the parser accepts that as well as "đ)".
            const string letters = "abcdefghijklmnopqrstuvwxyz";
            return value >= 1 && value <= letters.Length ? letters[value - 1].ToString() : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Roman(int value)
        {
            var (n, sb) = (value, new StringBuilder());
            foreach (var (v, s) in new[] { (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") })
                while (n >= v) { sb.Append(s); n -= v; }
            return sb.ToString();
        }
    }
}
