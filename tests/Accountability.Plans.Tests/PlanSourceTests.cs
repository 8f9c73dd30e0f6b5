using System.Text;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Tests;

/// <summary>Which reader a file goes to: decided by its content, never by its name alone.</summary>
public class PlanSourceTests
{
    [Theory]
    [InlineData("appendix.docx", "plan.txt", "docx")]
    [InlineData("appendix.pdf", "plan.docx.txt", "pdf")]
    [InlineData("bo-ldtbxh-629-QD-LDTBXH.pdf", null, "pdf")]
    public void The_content_chooses_the_reader(string fixture, string? name, string format) =>
        Assert.Equal(format, PlanSource.ReadDocument(TestFiles.Fixture(fixture), name).Format);

    [Fact]
    public void A_pdf_header_after_a_few_stray_bytes_is_still_a_pdf()
    {
        var bytes = TestFiles.Fixture("bo-ldtbxh-629-QD-LDTBXH.pdf");
        Assert.Equal("pdf", PlanSource.ReadDocument([.. "\r\n\r\n"u8, .. bytes]).Format);
    }

    [Fact]
    public void Text_and_markdown_keep_their_reader()
    {
        var text = Encoding.UTF8.GetBytes("KẾ HOẠCH\n**Phòng, chống thiên tai**\n");
        Assert.Equal("text", PlanSource.ReadDocument(text, "plan.txt").Format);
        Assert.Equal("markdown", PlanSource.ReadDocument(text, "plan.md").Format);
        Assert.Equal("KẾ HOẠCH\n**Phòng, chống thiên tai**\n", PlanSource.ReadText(text, "plan.md"));
    }

    [Fact]
    public void Read_text_of_a_docx_is_its_plain_text()
    {
        var bytes = TestFiles.Fixture("appendix.docx");
        var text = PlanSource.ReadText(bytes, "appendix.docx");
        Assert.Equal(PlanSource.ReadDocument(bytes).ToPlainText(), text);
        Assert.Contains("1 | Rà soát hồ sơ đất đai | Sở Nông nghiệp và Môi trường | UBND các xã, phường | Quý I/2026\n", text);
    }
}
