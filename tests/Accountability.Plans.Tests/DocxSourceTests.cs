using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Accountability.Plans.Reading;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Accountability.Plans.Tests;

/// <summary>
/// Word .docx at the source-document level: rebuilt numbering labels, emphasis from runs and styles, tables with
/// merged cells, and the package limits that refuse decompression bombs before anything is parsed.
/// </summary>
public class DocxSourceTests
{
    [Fact]
    public void Word_numbering_labels_are_rebuilt_in_front_of_the_text()
    {
        var docx = TestDocx.Build(body =>
        {
            body.Append(TestDocx.Para("ỦY BAN NHÂN DÂN TỈNH THANH HÓA"));
            body.Append(TestDocx.Para("PHÂN CÔNG NHIỆM VỤ", numbered: 0));
            body.Append(TestDocx.Para("Sở Xây dựng", numbered: 1));
            body.Append(TestDocx.Para("Rà soát nhà ở trước ngày 30/6/2024.", numbered: 2));
            body.Append(TestDocx.Para("Kiểm tra công trình.", numbered: 2));
            body.Append(TestDocx.Para("Công an tỉnh", numbered: 1));
            body.Append(TestDocx.Para("TỔ CHỨC THỰC HIỆN", numbered: 0));
            body.Append(TestDocx.Para("Sở Tài chính", numbered: 1));
        });
        Assert.Equal(
            ["ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "I. PHÂN CÔNG NHIỆM VỤ", "1. Sở Xây dựng", "- Rà soát nhà ở trước ngày 30/6/2024.",
             "- Kiểm tra công trình.", "2. Công an tỉnh", "II. TỔ CHỨC THỰC HIỆN", "1. Sở Tài chính"],
            Lines(docx).Select(l => l.Text));
        Assert.All(Lines(docx), l => Assert.True(l.IsParagraph));
    }

    [Fact]
    public void Emphasis_comes_from_runs_and_styles_and_a_paragraph_is_bold_when_most_of_it_is()
    {
        var docx = TestDocx.Build(body =>
        {
            body.Append(TestDocx.Para("KẾ HOẠCH", bold: true, centered: true));
            body.Append(TestDocx.Para("II. TỔ CHỨC THỰC HIỆN", style: "Heading1"));
            body.Append(TestDocx.Para("Sở Nội vụ chủ trì", style: "Strong"));
            body.Append(new Paragraph(
                new Run(new RunProperties(new Bold()), new Text("1.") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(new Text(" Giao Sở Tài chính bố trí kinh phí thực hiện các nhiệm vụ của kế hoạch này.") { Space = SpaceProcessingModeValues.Preserve })));
            body.Append(TestDocx.Para("Căn cứ Luật Tổ chức chính quyền địa phương;", italic: true));
            body.Append(new Paragraph(new Run(new RunProperties(new RunStyle { Val = "Emphasis" }), new Text("Nơi nhận:"))));
            body.Append(new Paragraph(new Run(new RunProperties(new Bold { Val = false }), new Text("Không đậm dù kiểu đậm")))
            {
                ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = "Strong" }),
            });
        });
        var lines = Lines(docx);
        Assert.Equal(LineStyle.Bold | LineStyle.Centered, lines[0].Style);
        Assert.Equal(LineStyle.Bold | LineStyle.Heading, lines[1].Style);
        Assert.Equal(LineStyle.Bold | LineStyle.Centered, lines[2].Style);
        Assert.Equal(LineStyle.None, lines[3].Style);
        Assert.Equal(LineStyle.Italic, lines[4].Style);
        Assert.Equal(LineStyle.Italic, lines[5].Style);
        Assert.Equal(LineStyle.Centered, lines[6].Style);
    }

    [Fact]
    public void Line_breaks_split_a_paragraph_and_empty_paragraphs_mark_a_blank()
    {
        var docx = TestDocx.Build(body =>
        {
            body.Append(new Paragraph(new Run(new Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), new Break(), new Text("Độc lập - Tự do - Hạnh phúc"))));
            body.Append(new Paragraph());
            body.Append(new Paragraph(new Run(new Text("Số:"), new TabChar(), new Text("12/KH-UBND"))));
        });
        Assert.Equal(
            [new SourceLine("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", LineStyle.None, false, true), new SourceLine("Độc lập - Tự do - Hạnh phúc", LineStyle.None, false, true),
             new SourceLine("Số: 12/KH-UBND", LineStyle.None, true, true)],
            Lines(docx));
    }

    [Fact]
    public void A_table_keeps_merged_cells_once_and_a_cells_paragraphs_on_their_own_lines()
    {
        var docx = TestDocx.Build(body => body.Append(new Table(
            new DocumentFormat.OpenXml.Wordprocessing.TableGrid(new GridColumn(), new GridColumn(), new GridColumn(), new GridColumn()),
            Row(Cell("STT", vMerge: MergedCellValues.Restart), Cell("Cơ quan", span: 2), Cell("Thời gian", vMerge: MergedCellValues.Restart)),
            Row(Cell("", vMerge: MergedCellValues.Continue), Cell("Chủ trì"), Cell("Phối hợp"), Cell("", vMerge: MergedCellValues.Continue)),
            Row(Cell("1"), Cell("Sở Nông nghiệp và Môi trường", vMerge: MergedCellValues.Restart), Cell("- UBND các xã", "- Các sở, ngành"), Cell("Quý I/2026")),
            Row(Cell("2"), Cell("", vMerge: MergedCellValues.Continue), Cell("Sở Tài chính"), Cell("Trước ngày 30/6/2026")))));
        var table = Assert.IsType<SourceTable>(Assert.Single(SourceDocumentOf(docx).Blocks));
        Assert.Equal<IReadOnlyList<string>>(
            [
                ["STT", "Cơ quan", "", "Thời gian"],
                ["", "Chủ trì", "Phối hợp"],
                ["1", "Sở Nông nghiệp và Môi trường", "- UBND các xã\n- Các sở, ngành", "Quý I/2026"],
                ["2", "", "Sở Tài chính", "Trước ngày 30/6/2026"],
            ],
            table.Rows);
    }

    [Fact]
    public void A_docx_written_by_libreoffice_keeps_its_appendix_table()
    {
        var document = PlanSource.ReadDocument(TestFiles.Fixture("appendix.docx"), "appendix.docx");
        Assert.Equal("docx", document.Format);
        var lines = document.Blocks.OfType<SourceLine>().ToList();
        Assert.Equal(new SourceLine("PHỤ LỤC", LineStyle.Bold | LineStyle.Centered, false, true), lines[0]);
        Assert.Equal(LineStyle.Italic | LineStyle.Centered, lines[2].Style);
        TestDocx.AssertAppendix(Assert.Single(document.Blocks.OfType<SourceTable>()));
        Assert.Equal("Các cơ quan báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.", lines[^1].Text);
    }

    // ---- Decompression bombs and other hostile packages ----

    [Fact]
    public void Two_hundred_megabytes_of_xml_that_compress_small_are_refused_before_parsing()
    {
        // A real document.xml: a header, 200 MB of paragraphs, a footer, honestly declared.
        var paragraph = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<w:p><w:r><w:t>Nhiệm vụ của Sở Tài chính</w:t></w:r></w:p>", 1 << 14)));
        var bomb = RawZip.Build("word/document.xml",
            [(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>"), 1), (paragraph, 200L * 1024 * 1024 / paragraph.Length), (Encoding.UTF8.GetBytes("</w:body></w:document>"), 1)]);
        Assert.True(bomb.Length < 2_000_000, $"{bomb.Length} bytes");
        var e = Refused(bomb);
        Assert.Equal("The .docx expands to more than 50 MB of XML; it is refused as a decompression bomb.", e.Message);
    }

    [Fact]
    public void A_gigabyte_of_whitespace_is_refused_quickly_whether_it_is_declared_or_hidden()
    {
        var spaces = Encoding.ASCII.GetBytes(new string(' ', 1 << 20));
        var declared = RawZip.Build("word/document.xml", [(spaces, 1024)]);
        Assert.Contains("50 MB", Refused(declared).Message);

        // The same gigabyte with its sizes in the ZIP headers faked small: never more than the declared size is read.
        var hidden = RawZip.Build("word/document.xml", [(spaces, 1024)], declaredSize: 4096);
        var sw = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAny<PlanReadException>(() => PlanSource.ReadDocument(hidden, "plan.docx"));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L * 1024 * 1024);
        Assert.InRange(sw.ElapsedMilliseconds, 0, 5000);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void More_than_two_thousand_parts_are_refused()
    {
        var zip = Zip(Enumerable.Range(0, 2001).Select(i => ($"customXml/item{i}.xml", "<a/>")));
        Assert.Equal("The .docx has more than 2,000 parts; it is refused as a decompression bomb.", Refused(zip).Message);
    }

    [Fact]
    public void A_part_compressed_more_than_a_hundred_to_one_is_refused()
    {
        var zip = Zip([("word/document.xml", $"<w:document xmlns:w=\"{W}\">{new string(' ', 3 << 20)}</w:document>")]);
        Assert.Equal("A part of the .docx is compressed more than 100:1; it is refused as a decompression bomb.", Refused(zip).Message);
    }

    [Fact]
    public void Xml_nested_past_the_depth_limit_is_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("<w:sdt>", 300)) + string.Concat(Enumerable.Repeat("</w:sdt>", 300));
        var zip = Zip([("word/document.xml", $"<w:document xmlns:w=\"{W}\"><w:body>{deep}</w:body></w:document>")]);
        Assert.Equal("The .docx nests its XML deeper than 256 levels; it is refused.", Refused(zip).Message);
    }

    [Fact]
    public void A_dtd_is_refused_as_an_unreadable_package_not_expanded()
    {
        var lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\">]>" +
                  $"<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>";
        var docx = TestDocx.Build(_ => { });
        var tampered = Replace(docx, "word/document.xml", lol);
        var e = Assert.Throws<PlanReadException>(() => PlanSource.ReadDocument(tampered, "plan.docx"));
        Assert.Equal("The file is a ZIP package but not a readable Word .docx document.", e.Message);
    }

    private static PlanTooLargeException Refused(byte[] docx)
    {
        var sw = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<PlanTooLargeException>(() => PlanSource.ReadDocument(docx, "plan.docx"));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L * 1024 * 1024);
        Assert.InRange(sw.ElapsedMilliseconds, 0, 5000);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    // ---- Building documents ----

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static List<SourceLine> Lines(byte[] docx) => [.. SourceDocumentOf(docx).Blocks.OfType<SourceLine>()];

    private static SourceDocument SourceDocumentOf(byte[] docx) => PlanSource.ReadDocument(docx, "plan.docx");

    private static TableRow Row(params TableCell[] cells) => new(cells);

    private static TableCell Cell(string text, int span = 1, MergedCellValues? vMerge = null) => Cell([text], span, vMerge);

    private static TableCell Cell(string first, string second) => Cell([first, second]);

    private static TableCell Cell(string[] paragraphs, int span = 1, MergedCellValues? vMerge = null)
    {
        var properties = new TableCellProperties();
        if (span > 1) properties.Append(new GridSpan { Val = span });
        if (vMerge is { } merge) properties.Append(new VerticalMerge { Val = merge });
        var cell = new TableCell(properties);
        foreach (var text in paragraphs) cell.Append(new Paragraph(new Run(new Text(text))));
        return cell;
    }

    private static byte[] Zip(IEnumerable<(string Name, string Content)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        return stream.ToArray();
    }

    private static byte[] Replace(byte[] package, string name, string content)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)!.Delete();
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(Encoding.UTF8.GetBytes(content));
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A one-entry ZIP written by hand, so a huge entry costs almost nothing to build: each distinct piece is
    /// deflated once (flushed to a byte boundary) and its compressed bytes repeated, which is a valid deflate stream
    /// of the piece repeated. The declared size is the real one unless given.
    /// </summary>
    private static class RawZip
    {
        public static byte[] Build(string name, IReadOnlyList<(byte[] Piece, long Times)> pieces, uint? declaredSize = null)
        {
            var data = new MemoryStream();
            long size = 0;
            foreach (var (piece, times) in pieces)
            {
                var deflated = Deflate(piece);
                for (var i = 0; i < times; i++) data.Write(deflated);
                size += piece.LongLength * times;
            }
            data.Write([0x03, 0x00]); // the final, empty block
            var declared = declaredSize ?? (uint)Math.Min(size, uint.MaxValue);
            var nameBytes = Encoding.ASCII.GetBytes(name);

            using var zip = new MemoryStream();
            var w = new BinaryWriter(zip);
            w.Write(0x04034b50); w.Write((short)20); w.Write((short)0); w.Write((short)8); w.Write(0); w.Write(0);
            w.Write((uint)data.Length); w.Write(declared); w.Write((short)nameBytes.Length); w.Write((short)0); w.Write(nameBytes);
            data.Position = 0;
            data.CopyTo(zip);
            var directory = zip.Position;
            w.Write(0x02014b50); w.Write((short)20); w.Write((short)20); w.Write((short)0); w.Write((short)8); w.Write(0); w.Write(0);
            w.Write((uint)data.Length); w.Write(declared); w.Write((short)nameBytes.Length); w.Write((short)0); w.Write((short)0);
            w.Write((short)0); w.Write((short)0); w.Write(0); w.Write(0); w.Write(nameBytes);
            var directorySize = zip.Position - directory;
            w.Write(0x06054b50); w.Write((short)0); w.Write((short)0); w.Write((short)1); w.Write((short)1);
            w.Write((int)directorySize); w.Write((int)directory); w.Write((short)0);
            w.Flush();
            return zip.ToArray();
        }

        private static byte[] Deflate(byte[] piece)
        {
            using var output = new MemoryStream();
            var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
            deflate.Write(piece);
            deflate.Flush(); // a sync flush: whole blocks, byte-aligned, not final
            var bytes = output.ToArray();
            deflate.Dispose();
            return bytes;
        }
    }
}
