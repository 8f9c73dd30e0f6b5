using System.Diagnostics;
using System.Text;
using Accountability.Plans.Reading;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Writer;
using Xunit.Abstractions;

namespace Accountability.Plans.Tests;

/// <summary>
/// PDFs at the source-document level: the seeds printed by LibreOffice read back word for word, ruled tables
/// (merged cells, a table over four pages), page furniture, split syllables, a scan read by OCR, and refusals.
/// </summary>
public class PdfSourceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Seeds => new(TestFiles.Seeds);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_seed_printed_to_pdf_reads_back_as_the_seed(string seed)
    {
        var document = PlanSource.ReadDocument(TestFiles.Fixture(Path.ChangeExtension(seed, ".pdf")), "plan.pdf");
        Assert.Equal("pdf", document.Format);
        var similarity = WordSequence.Similarity(TestFiles.SeedText(seed), document.ToPlainText());
        output.WriteLine($"{seed}: {similarity:P2} of the words in order");
        Assert.True(similarity >= 0.995, $"{similarity:P2}");
        Assert.Equal(PlanSource.Normalize(document.ToPlainText()), document.ToPlainText());
    }

    [Fact]
    public void A_ruled_table_keeps_its_merged_cells_once_and_runs_on_over_its_pages()
    {
        var document = PlanSource.ReadDocument(TestFiles.Fixture("appendix.pdf"));
        var lines = document.Blocks.OfType<SourceLine>().ToList();
        Assert.Equal(new SourceLine("PHỤ LỤC", LineStyle.Bold | LineStyle.Centered), lines[0]);
        Assert.Equal(LineStyle.Italic | LineStyle.Centered, lines[2].Style);
        // One table over four pages, not four tables.
        var table = Assert.Single(document.Blocks.OfType<SourceTable>());
        TestDocx.AssertAppendix(table);
        // Row 16 is broken by the first page's end: its two parts are one row again.
        Assert.Equal(["16", "Nhiệm vụ số 16: kiểm tra, đôn đốc việc thực hiện kế hoạch", "Sở Nội vụ", "Các sở, ngành", "Tháng 5/2026"], table.Rows[17]);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), table.Rows.Skip(2).Select(r => r[0]));
        Assert.Equal("Các cơ quan báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.", lines[^1].Text);
    }

    [Fact]
    public void Page_furniture_goes_and_layout_gives_paragraphs_bold_and_centring()
    {
        var pdf = SyntheticPdf.Build(3, (page, number, fonts) =>
        {
            page.AddText($"CÔNG BÁO/Số {332 + number}/Ngày 16-06-2026", 10, new PdfPoint(200, 800), fonts.Regular);
            page.AddText(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 10, new PdfPoint(295, 40), fonts.Regular);
            var y = 740.0;
            if (number == 1)
            {
                SyntheticPdf.Centered(page, "KẾ HOẠCH", 14, y, fonts.Bold);
                y -= 40;
            }
            var (first, second, third) = Paragraphs[number - 1];
            page.AddText(first, 12, new PdfPoint(72, y), fonts.Regular);
            page.AddText(second, 12, new PdfPoint(72, y - 14), fonts.Regular);
            page.AddText(third, 12, new PdfPoint(72, y - 40), fonts.Regular);
        });
        var lines = PlanSource.ReadDocument(pdf).Blocks.Cast<SourceLine>().ToList();
        Assert.DoesNotContain(lines, l => l.Text.StartsWith("CÔNG BÁO", StringComparison.Ordinal) || l.Text.Length == 1);
        Assert.Equal(new SourceLine("KẾ HOẠCH", LineStyle.Bold | LineStyle.Centered), lines[0]);
        Assert.Equal(Paragraphs.SelectMany(p => new[] { p.Item1, p.Item2, p.Item3 }), lines.Skip(1).Select(l => l.Text));
        Assert.Equal([true, false, true], lines.Skip(1).Take(3).Select(l => l.BlankBefore));
        Assert.Equal(LineStyle.None, lines[1].Style);
        // A new page's first line continues the text: no blank is invented where the furniture stood.
        Assert.False(lines[4].BlankBefore);
        Assert.Equal(10, lines.Count);
    }

    private static readonly (string, string, string)[] Paragraphs =
    [
        ("1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành", "triển khai kế hoạch này trên địa bàn tỉnh.", "2. Sở Tài chính bố trí kinh phí thực hiện."),
        ("3. Công an tỉnh bảo đảm an ninh, trật tự tại", "các điểm sơ tán dân cư trong mùa mưa bão.", "4. Ủy ban nhân dân cấp xã báo cáo hằng tháng."),
        ("5. Sở Y tế bảo đảm thuốc, vật tư y tế cho", "các khu vực bị ảnh hưởng của thiên tai.", "6. Các cơ quan báo cáo trước ngày 15/12/2026."),
    ];

    [Fact]
    public void Syllables_split_by_kerning_or_a_separate_mark_are_joined_and_spaces_kept()
    {
        var pdf = SyntheticPdf.Build(1, (page, _, fonts) =>
        {
            // Letter-spaced: 2.8 pt between "Ng" and "hị" (a space is 3.8 pt), words 6 pt apart without space characters.
            var x = SyntheticPdf.Right(page.AddText("Ng", 12, new PdfPoint(72, 700), fonts.Regular)) + 2.8;
            x = SyntheticPdf.Right(page.AddText("hị", 12, new PdfPoint(x, 700), fonts.Regular)) + 6;
            x = SyntheticPdf.Right(page.AddText("quyết", 12, new PdfPoint(x, 700), fonts.Regular)) + 6;
            var o = page.AddText("to", 12, new PdfPoint(x, 700), fonts.Regular);
            page.AddText("\u0301", 12, new PdfPoint(o[^1].StartBaseLine.X + 0.5, 700), fonts.Regular);
            page.AddText("m", 12, new PdfPoint(SyntheticPdf.Right(o), 700), fonts.Regular);
            page.AddText("Văn bản này viết dấu cách bằng ký tự.", 12, new PdfPoint(72, 680), fonts.Regular);
        });
        // PdfPig's own words split "Ng|hị": the reader must join them, and keep the real gaps as spaces.
        using (var check = PdfDocument.Open(pdf))
            Assert.Contains(check.GetPage(1).GetWords(NearestNeighbourWordExtractor.Instance), w => w.Text == "Ng");
        var lines = PlanSource.ReadDocument(pdf).Blocks.Cast<SourceLine>().Select(l => l.Text);
        Assert.Equal(["Nghị quyết tóm", "Văn bản này viết dấu cách bằng ký tự."], lines);
    }

    [Fact]
    public void A_scan_longer_than_the_ocr_page_limit_is_refused_before_any_ocr()
    {
        var pdf = SyntheticPdf.Build(101, (page, _, _) => page.DrawRectangle(new PdfPoint(100, 100), 300, 400, 1, fill: false));
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<PlanTooLargeException>(() => PlanSource.ReadDocument(pdf));
        Assert.StartsWith("The scanned PDF has more than 100 pages", e.Message);
        Assert.InRange(sw.ElapsedMilliseconds, 0, 10000);
    }

    [Fact]
    public void A_broken_pdf_is_refused_in_one_line()
    {
        foreach (var broken in new[] { Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog"), [.. "%PDF-1.4\n"u8, .. new byte[4096]] })
        {
            var e = Assert.Throws<PlanReadException>(() => PlanSource.ReadDocument(broken, "plan.pdf"));
            Assert.Equal("The PDF is damaged and cannot be read; save the plan again as PDF or .docx and send that.", e.Message);
        }
    }

    [Fact]
    public void An_encrypted_pdf_is_refused_in_one_line()
    {
        var e = Assert.Throws<PlanReadException>(() => PlanSource.ReadDocument(TestFiles.Fixture("encrypted.pdf"), "plan.pdf"));
        Assert.Equal("The PDF is password-protected; remove the password (or print it to a new PDF) and send it again.", e.Message);
    }

    [Fact]
    public void Read_text_of_a_pdf_is_its_plain_text()
    {
        var bytes = TestFiles.Fixture("bo-ldtbxh-629-QD-LDTBXH.pdf");
        Assert.Equal(PlanSource.ReadDocument(bytes).ToPlainText(), PlanSource.ReadText(bytes, "plan.pdf"));
    }

    /// <summary>Small PDFs drawn with PdfPig's builder and the DejaVu fonts that Debian's fonts-dejavu-core installs.</summary>
    internal static class SyntheticPdf
    {
        private const string Fonts = "/usr/share/fonts/truetype/dejavu";

        public sealed record FontSet(PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold);

        public static byte[] Build(int pages, Action<PdfPageBuilder, int, FontSet> draw)
        {
            var builder = new PdfDocumentBuilder();
            var fonts = new FontSet(
                builder.AddTrueTypeFont(File.ReadAllBytes(Path.Combine(Fonts, "DejaVuSerif.ttf"))),
                builder.AddTrueTypeFont(File.ReadAllBytes(Path.Combine(Fonts, "DejaVuSerif-Bold.ttf"))));
            for (var number = 1; number <= pages; number++)
                draw(builder.AddPage(PageSize.A4), number, fonts);
            return builder.Build();
        }

        public static double Right(IReadOnlyList<Letter> letters) => letters[^1].EndBaseLine.X;

        public static void Centered(PdfPageBuilder page, string text, double size, double y, PdfDocumentBuilder.AddedFont font)
        {
            var width = Right(page.MeasureText(text, size, new PdfPoint(0, y), font));
            page.AddText(text, size, new PdfPoint((page.PageSize.Width - width) / 2, y), font);
        }
    }
}
