using System.Text;
using PlanParser = Accountability.Plans.Parsing.PlanParser;

namespace Accountability.Plans.Tests;

public class InputTests
{
    private const string Seed = "bac-kan-2060-QD-UBND.txt";

    private static string Golden(byte[] bytes, string? name = null) => GoldenSeedTests.Digest(PlanParser.Parse(bytes, name));

    [Fact]
    public void Crlf_line_ends_read_the_same()
    {
        var lf = TestFiles.SeedText("quang-ninh-206-KH-UBND.txt");
        var crlf = lf.ReplaceLineEndings("\r\n");
        Assert.Equal(Golden(Encoding.UTF8.GetBytes(lf)), Golden(Encoding.UTF8.GetBytes(crlf)));
    }

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        var bytes = TestFiles.Seed(Seed);
        Assert.Equal(Golden(bytes), Golden([0xEF, 0xBB, 0xBF, .. bytes]));
    }

    [Fact]
    public void Decomposed_text_reads_the_same_as_composed()
    {
        var nfd = TestFiles.SeedText(Seed).Normalize(NormalizationForm.FormD);
        Assert.Equal(Golden(TestFiles.Seed(Seed)), Golden(Encoding.UTF8.GetBytes(nfd)));
    }

    [Fact]
    public void Utf16_text_is_read()
    {
        var text = TestFiles.SeedText(Seed);
        Assert.Equal(Golden(TestFiles.Seed(Seed)), Golden([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)]));
    }

    [Fact]
    public void Docx_with_word_numbering_is_read()
    {
        var docx = Docx(
            ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA", null),
            ("Số: 12/KH-UBND", null),
            ("Thanh Hóa, ngày 05 tháng 01 năm 2024", null),
            ("KẾ HOẠCH", null),
            ("Phòng, chống thiên tai giai đoạn 2024-2026", null),
            ("PHÂN CÔNG NHIỆM VỤ", 0),
            ("Sở Xây dựng", 1),
            ("Rà soát nhà ở trước ngày 30/6/2024.", 2),
            ("Giao Công an tỉnh bảo đảm an ninh trật tự.", 1));
        var plan = PlanParser.Parse(docx, "plan.docx");
        Assert.Equal("12/KH-UBND", plan.Document.Number);
        Assert.Equal(["Sở Xây dựng", "Công an tỉnh"], plan.Assignments.Select(a => a.Agency));
        Assert.Equal(["I.1", "I.2"], plan.Assignments.Select(a => a.Section));
        Assert.Equal(new DateOnly(2024, 6, 30), plan.Assignments[0].Due);
        Assert.Equal("- Rà soát nhà ở trước ngày 30/6/2024.", plan.Assignments[0].Task);
    }

    [Fact]
    public void Empty_input_is_refused() =>
        Assert.Contains("empty", Refuse([]).Message);

    [Fact]
    public void Whitespace_only_input_is_refused() =>
        Assert.Contains("empty", Refuse("  \r\n\t \n"u8.ToArray()).Message);

    [Fact]
    public void Binary_input_is_refused() =>
        Assert.Contains("binary", Refuse([0x00, 0x01, 0x02, 0x89, 0x50, 0x4E, 0x47, 0x00, 0x00]).Message);

    [Fact]
    public void A_broken_pdf_is_refused_with_what_to_send_instead() =>
        Assert.Contains(".docx", Refuse(Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj")).Message);

    [Fact]
    public void A_zip_that_is_not_a_docx_is_refused() =>
        Assert.Contains("not a readable Word", Refuse([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]).Message);

    [Fact]
    public void A_plan_without_an_assignment_section_is_refused()
    {
        var e = Refuse(Encoding.UTF8.GetBytes(MiniPlans.Header + "II. NỘI DUNG\n1. Tăng cường tuyên truyền.\n"));
        Assert.Contains("No assignment could be read", e.Message);
        Assert.Contains("'Phân công'/'Tổ chức thực hiện'", e.Message);
    }

    [Fact]
    public void A_text_that_is_not_vietnamese_is_refused_as_such()
    {
        var english = string.Concat(Enumerable.Repeat("This annual report describes the programme and its results in plain English words. ", 10));
        Assert.Contains("does not look like a Vietnamese plan", Refuse(Encoding.UTF8.GetBytes(english)).Message);
    }

    [Fact]
    public void A_section_without_agencies_is_refused()
    {
        var e = Refuse(Encoding.UTF8.GetBytes(MiniPlans.Header + "II. TỔ CHỨC THỰC HIỆN\n1. Tăng cường tuyên truyền.\n"));
        Assert.Contains("names no agency", e.Message);
    }

    [Fact]
    public void Tcvn3_bytes_are_refused_with_the_encoding_named()
    {
        // "Ủy ban nhân dân tỉnh" typed in TCVN3 (ABC): đ = 0xAE, â = 0xA9 … as raw 8-bit bytes.
        var tcvn3 = Encoding.Latin1.GetBytes("Uû ban nh©n d©n tØnh Qu¶ng Ninh. KÕ ho¹ch thùc hiÖn ch­¬ng tr×nh phßng, chèng m¹i d©m giai ®o¹n 2021-2025.");
        Assert.Contains("TCVN3", Refuse(tcvn3).Message);
    }

    [Fact]
    public void Tcvn3_text_already_saved_as_utf8_is_refused_with_the_encoding_named()
    {
        var garbled = "Uû ban nh©n d©n tØnh Qu¶ng Ninh. KÕ ho¹ch thùc hiÖn ch­¬ng tr×nh phßng, chèng m¹i d©m giai ®o¹n 2021-2025. Ph©n c«ng nhiÖm vô.";
        Assert.Contains("TCVN3", Refuse(Encoding.UTF8.GetBytes(garbled)).Message);
    }

    [Fact]
    public void Refusals_are_one_line() =>
        Assert.DoesNotContain('\n', Refuse([0x00, 0x00]).Message);

    private static PlanReadException Refuse(byte[] bytes) => Assert.Throws<PlanReadException>(() => PlanParser.Parse(bytes, "plan.txt"));

    /// <summary>A .docx whose list labels exist only in Word's numbering, as real offices produce them.</summary>
    private static byte[] Docx(params (string Text, int? Level)[] paragraphs) =>
        TestDocx.Build(body =>
        {
            foreach (var (text, level) in paragraphs) body.Append(TestDocx.Para(text, numbered: level));
        });
}
