using System.Text.RegularExpressions;
using Accountability.Plans.Parsing;

namespace Accountability.Plans.Tests;

/// <summary>
/// Plans written for review in other provinces' styles and on other topics (disasters, digital transformation,
/// rural development, food safety, drugs, administrative reform; ministry, province, district and commune).
/// They check the general rules, not a reading fitted to the five seeds.
/// </summary>
public class OtherPlansTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Seeds", "other");

    public static TheoryData<string> Plans => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seeds", "other"), "*.txt").Select(Path.GetFileName)!);

    // Duty verbs that must never end up inside an agency's name.
    private static readonly Regex DutyInName = new(@"\s(chủ trì|phối hợp|thực hiện|chỉ đạo|tăng cường|xây dựng|hướng dẫn|trước ngày|báo cáo)(\s|$)", RegexOptions.CultureInvariant);

    [Theory]
    [MemberData(nameof(Plans))]
    public void Reads_header_agencies_and_deadlines(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        var plan = PlanParser.Parse(bytes, file);
        Assert.NotNull(plan.Document.Number);
        Assert.NotNull(plan.Document.Issuer);
        Assert.NotNull(plan.Document.IssuedOn);
        Assert.NotNull(plan.Document.Title);
        Assert.DoesNotContain("Thực hiện Kế hoạch số", plan.Document.Title);
        Assert.True(plan.Assignments.Select(a => a.Agency).Distinct().Count() >= 5, "at least five agencies");
        Assert.All(plan.Assignments, a => Assert.DoesNotMatch(DutyInName, a.Agency));
        var source = Regex.Replace(File.ReadAllText(Path.Combine(Folder, file)), @"\s+", "");
        Assert.All(plan.Assignments.Where(a => a.DeadlineText is not null), a => Assert.Contains(Regex.Replace(a.DeadlineText!, @"\s+", ""), source, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plan.Assignments, a => a.Due is not null);
    }

    [Fact]
    public void Ministry_plan_addresses_its_own_departments()
    {
        var plan = PlanParser.Parse(File.ReadAllBytes(Path.Combine(Folder, "06_bonoivu_cchc_2025.txt")));
        Assert.Equal("Bộ Nội vụ", plan.Document.Issuer);
        Assert.Equal("Vụ Cải cách hành chính", plan.Document.ReportsTo);
        Assert.Contains(plan.Assignments, a => a.Agency == "Vụ Tổ chức cán bộ" && a.Due == new DateOnly(2025, 6, 30));
        Assert.Contains(plan.Assignments, a => a.Agency == "Trung tâm Công nghệ thông tin");
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương" && a.Due == new DateOnly(2025, 1, 31));
    }

    [Fact]
    public void Commune_plan_reads_its_header()
    {
        var plan = PlanParser.Parse(File.ReadAllBytes(Path.Combine(Folder, "04_xadonghung_attp_2025.txt")));
        Assert.Equal("25/KH-UBND", plan.Document.Number);
        Assert.Equal("Ủy ban nhân dân xã Đông Hưng", plan.Document.Issuer);
        Assert.Equal(new DateOnly(2025, 9, 10), plan.Document.IssuedOn);
        Assert.Equal(new DateOnly(2025, 12, 31), plan.Document.PeriodTo);
    }
}
