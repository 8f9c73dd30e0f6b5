using Accountability.Plans.Reading;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Accountability.Plans.Tests;

/// <summary>Word documents built in tests, and what the appendix fixture (ops/make-test-documents) must read as.</summary>
internal static class TestDocx
{
    public static Paragraph Para(string text, int? numbered = null, bool bold = false, bool italic = false, bool centered = false, string? style = null)
    {
        var properties = new ParagraphProperties();
        if (style is not null) properties.Append(new ParagraphStyleId { Val = style });
        if (numbered is { } level) properties.Append(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 }));
        if (centered) properties.Append(new Justification { Val = JustificationValues.Center });
        var runProperties = new RunProperties();
        if (bold) runProperties.Append(new Bold());
        if (italic) runProperties.Append(new Italic());
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>A .docx with numbering (I., 1., bullets) and the styles offices use: a bold heading, a bold centred style, character styles.</summary>
    public static byte[] Build(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                new AbstractNum(
                    new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.UpperRoman }, new LevelText { Val = "%1." }) { LevelIndex = 0 },
                    new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%2." }) { LevelIndex = 1 },
                    new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "–" }) { LevelIndex = 2 })
                { AbstractNumberId = 1 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
                new Style(new StyleName { Val = "heading 1" }, new BasedOn { Val = "Normal" }, new StyleRunProperties(new Bold()))
                { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "Strong Centered" }, new BasedOn { Val = "Normal" },
                    new StyleParagraphProperties(new Justification { Val = JustificationValues.Center }), new StyleRunProperties(new Bold()))
                { Type = StyleValues.Paragraph, StyleId = "Strong" },
                new Style(new StyleName { Val = "Emphasis" }, new StyleRunProperties(new Italic())) { Type = StyleValues.Character, StyleId = "Emphasis" });
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    /// <summary>The appendix table, whatever format it came in: the two header rows, the spans kept once, 60 tasks.</summary>
    public static void AssertAppendix(SourceTable table)
    {
        Assert.Equal(["STT", "Nhiệm vụ", "Cơ quan", "", "Thời gian hoàn thành"], table.Rows[0]);
        Assert.Equal(["", "", "Chủ trì", "Phối hợp"], table.Rows[1]);
        Assert.Equal(["1", "Rà soát hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "UBND các xã, phường", "Quý I/2026"], table.Rows[2]);
        Assert.Equal(["2", "Kiểm kê rừng phòng hộ\nBáo cáo kết quả kiểm kê", "", "Sở Tài chính", "Trước ngày 30/6/2026"], table.Rows[3]);
        Assert.Equal(62, table.Rows.Count);
    }
}
