using Accountability.Plans.Agencies;

namespace Accountability.Plans.Tests;

public class AgencyNameTests
{
    [Theory]
    [InlineData("Sở LĐTBXH")]
    [InlineData("Sở Lao động - TB&XH")]
    [InlineData("Sở Lao động, Thương binh và Xã hội")]
    [InlineData("Sở Lao động – Thương binh và Xã hội")]
    [InlineData("Sở LĐ-TB&XH")]
    [InlineData("sở lao động - thương binh và xã hội")]
    public void Spellings_of_the_labour_department_share_one_name(string written) =>
        Assert.Equal("Sở Lao động - Thương binh và Xã hội", AgencyRecognizer.Canonicalize(written));

    [Theory]
    [InlineData("UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố")]
    [InlineData("Uỷ ban nhân dân các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố")]
    [InlineData("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở GD&ĐT", "Sở Giáo dục và Đào tạo")]
    [InlineData("Bộ chỉ huy Bộ đội biên phòng tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh")]
    [InlineData("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh")]
    [InlineData("các tổ chức chính trị-xã hội tỉnh", "Các tổ chức chính trị - xã hội tỉnh")]
    [InlineData("Viện KSND tỉnh", "Viện kiểm sát nhân dân tỉnh")]
    public void Abbreviations_tone_marks_and_dashes_are_normalised(string written, string canonical) =>
        Assert.Equal(canonical, AgencyRecognizer.Canonicalize(written));

    [Fact]
    public void Decomposed_unicode_reads_the_same()
    {
        var nfd = "Sở Y tế tăng cường kiểm tra.".Normalize(System.Text.NormalizationForm.FormD);
        var plan = MiniPlans.Parse(("II. PHÂN CÔNG NHIỆM VỤ\n1. " + nfd + "\n").Normalize(System.Text.NormalizationForm.FormD));
        Assert.Equal("Sở Y tế", Assert.Single(plan.Assignments).Agency);
    }

    [Fact]
    public void The_name_as_written_is_kept_beside_the_canonical_one()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Giao Sở LĐ-TB&XH chủ trì hướng dẫn.\n");
        var row = Assert.Single(plan.Assignments);
        Assert.Equal("Sở Lao động - Thương binh và Xã hội", row.Agency);
        Assert.Equal("Sở LĐ-TB&XH", row.AgencyAsWritten);
    }

    [Theory]
    [InlineData("các sở, ngành liên quan", true)]
    [InlineData("các cơ quan, đơn vị, địa phương", true)]
    [InlineData("các tổ chức chính trị - xã hội tỉnh", false)]
    [InlineData("Ủy ban nhân dân các huyện", false)]
    public void Generic_addressees_are_told_apart_from_group_agencies(string text, bool generic)
    {
        var mention = AgencyRecognizer.ReadOne(text, 0);
        Assert.NotNull(mention);
        Assert.True(mention!.IsGroup);
        Assert.Equal(generic, mention.IsGeneric);
    }
}
