using Accountability.Plans.Deadlines;

namespace Accountability.Plans.Tests;

public class DeadlineTests
{
    [Fact]
    public void Absolute_date()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Xây dựng gửi phương án về Sở Nông nghiệp và Môi trường trước ngày 15/11/2024.\n");
        var row = Assert.Single(plan.Assignments, a => a.Role == AssignmentRole.Lead);
        Assert.Equal(new DateOnly(2024, 11, 15), row.Due);
        Assert.Equal("trước ngày 15/11/2024", row.DeadlineText);
        Assert.Equal(Recurrence.None, row.Recurrence);
        Assert.Null(row.Occurrence);
    }

    [Fact]
    public void Date_written_in_words()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Xây dựng hoàn thành rà soát chậm nhất ngày 20 tháng 3 năm 2025.\n");
        Assert.Equal(new DateOnly(2025, 3, 20), Assert.Single(plan.Assignments).Due);
    }

    [Fact]
    public void Citation_dates_are_not_deadlines()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Tư pháp thực hiện theo Nghị định số 178/2004/NĐ-CP ngày 15 tháng 10 năm 2004 và Quyết định số 1629/QĐ-TTg ngày 28/9/2021.\n");
        Assert.Null(Assert.Single(plan.Assignments).Due);
    }

    [Fact]
    public void Day_without_year_takes_the_plan_year()
    {
        var plan = Parsing.PlanParser.ParseText("""
            ỦY BAN NHÂN DÂN TỈNH NGHỆ AN
            Số: 99/KH-UBND
            Nghệ An, ngày 02 tháng 02 năm 2025
            KẾ HOẠCH
            Phòng, chống dịch bệnh năm 2025
            I. TỔ CHỨC THỰC HIỆN
            1. Giao Sở Y tế chủ trì triển khai Kế hoạch.
            2. Giao Sở Tài chính bố trí kinh phí.
            3. Chế độ báo cáo: Các cơ quan, đơn vị, địa phương báo cáo kết quả (qua Sở Y tế) trước ngày 30/11 để tổng hợp.
            """);
        Assert.Equal("Sở Y tế", plan.Document.ReportsTo);
        Assert.Equal(new DateOnly(2025, 1, 1), plan.Document.PeriodFrom);
        var dated = Assert.Single(plan.Assignments, a => a.Due is not null);
        Assert.Equal(("Sở Tài chính", new DateOnly(2025, 11, 30), "I.3"), (dated.Agency, dated.Due!.Value, dated.Section));
        Assert.Equal("trước ngày 30/11", dated.DeadlineText);
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Y tế" && a.Due is null); // the recipient reports to itself: no row
    }

    [Fact]
    public void General_paragraph_deadlines_reach_every_agency_they_address_but_not_the_recipient()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Nông nghiệp và Môi trường chủ trì tổng hợp.
            2. Sở Xây dựng rà soát công trình.
            3. Ủy ban nhân dân các huyện, thị xã, thành phố xây dựng phương án.
            4. Đề nghị Tòa án nhân dân tỉnh xét xử nghiêm.
            III. TỔ CHỨC THỰC HIỆN
            1. Yêu cầu các sở, ngành, Ủy ban nhân dân các huyện, thị xã, thành phố xây dựng kế hoạch (gửi Sở Nông nghiệp và Môi trường trước ngày 15/3/2024). Hằng năm, báo cáo kết quả trước ngày 15/6 (đối với báo cáo 6 tháng) và trước ngày 15/12 (đối với báo cáo năm).
            """);
        Assert.Equal("Sở Nông nghiệp và Môi trường", plan.Document.ReportsTo);
        var general = plan.Assignments.Where(a => a.Section == "III.1").ToList();
        // The class keeps its own row as written; each agency of it the plan names gets the deadline too.
        Assert.Equal(["Các sở, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố", "Sở Xây dựng"], general.Select(a => a.Agency).Distinct());
        var xd = general.Where(a => a.Agency == "Sở Xây dựng").ToList();
        Assert.Equal(
            ["2024-03-15 -", "2024-06-15 2024-H1", "2025-06-15 2025-H1", "2026-06-15 2026-H1", "2024-12-15 2024", "2025-12-15 2025", "2026-12-15 2026"],
            xd.Select(a => $"{a.Due:yyyy-MM-dd} {a.Occurrence ?? "-"}"));
        Assert.Equal(Recurrence.Semiannual, xd[1].Recurrence);
        Assert.Equal(Recurrence.Yearly, xd[4].Recurrence);
        Assert.Equal("trước ngày 15/6", xd[1].DeadlineText);
        Assert.Contains(xd, a => a.Checks.Any(c => c.Contains("addressed to a class", StringComparison.Ordinal)));
        Assert.DoesNotContain(general, a => a.Agency == "Tòa án nhân dân tỉnh");
        Assert.DoesNotContain(general, a => a.Agency == "Sở Nông nghiệp và Môi trường"); // the office that collects does not report to itself
    }

    [Fact]
    public void Periodic_report_without_a_day_is_not_given_an_invented_date_and_a_clerk_is_told()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Nông nghiệp và Môi trường theo dõi, đôn đốc.
            2. Sở Xây dựng rà soát công trình.
            III. TỔ CHỨC THỰC HIỆN
            1. Các sở, ngành báo cáo kết quả định kỳ hàng quý, 6 tháng và cả năm gửi về Sở Nông nghiệp và Môi trường.
            """);
        var rows = plan.Assignments.Where(a => a.Section == "III.1").ToList();
        // No day is written, so no date is made up: the duty stands undated and says what to set.
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Null(r.Due));
        Assert.All(rows, r => Assert.Contains(r.Checks, c => c.Contains("report without a day", StringComparison.Ordinal)));
        Assert.Contains(plan.Unread, u => u.Section == "III.1" && u.Text.Contains("định kỳ hàng quý, 6 tháng và cả năm", StringComparison.Ordinal));
    }

    [Fact]
    public void Quarters_and_tentative_quarters()
    {
        var phrases = DeadlineReader.Find("Thành lập Ban soạn thảo (hoàn thành Quý II/2020). Tổ chức hội nghị (dự kiến Quý IV/2020).");
        Assert.Equal(2, phrases.Count);
        Assert.Equal((new DateOnly(2020, 6, 30), false), (Assert.IsType<FixedDeadline>(phrases[0].Shape).Due, phrases[0].Shape.Tentative));
        Assert.Equal((new DateOnly(2020, 12, 31), true), (Assert.IsType<FixedDeadline>(phrases[1].Shape).Due, phrases[1].Shape.Tentative));
        Assert.Contains("last day", phrases[0].Shape.Note);
        Assert.Equal("hoàn thành Quý II/2020", phrases[0].Text);
    }

    [Theory]
    [InlineData("hoàn thành trong tháng 6/2024", 2024, 6, 30)]
    [InlineData("hoàn thành trước giữa năm 2024", 2024, 6, 30)]
    [InlineData("hoàn thành trước cuối năm 2024", 2024, 12, 31)]
    [InlineData("hoàn thành trước giữa tháng 10/2024", 2024, 10, 15)]
    [InlineData("chậm nhất là ngày 05-02-2025", 2025, 2, 5)]
    public void Other_fixed_forms(string phrase, int y, int m, int d)
    {
        var found = Assert.Single(DeadlineReader.Find("Sở Y tế " + phrase + " việc rà soát."));
        Assert.Equal(new DateOnly(y, m, d), Assert.IsType<FixedDeadline>(found.Shape).Due);
    }

    [Fact]
    public void An_impossible_date_is_reported_not_used()
    {
        var warnings = new List<string>();
        Assert.Empty(DeadlineReader.Find("hoàn thành trước ngày 31/02/2024", warnings));
        Assert.Single(warnings);
    }

    [Fact]
    public void Recurring_occurrences_stay_inside_the_period_and_after_issue()
    {
        var calendar = new PlanCalendar(new DateOnly(2021, 10, 22), new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31));
        var occurrences = ReportingCalendar.Expand(new DayOfYearDeadline(15, 6, true, Recurrence.Semiannual, false), calendar, [], "x");
        Assert.Equal([new DateOnly(2022, 6, 15), new DateOnly(2023, 6, 15)], occurrences.Select(o => o.Due));
    }

    [Fact]
    public void A_plan_without_dates_gets_none_invented()
    {
        var plan = Parsing.PlanParser.Parse(TestFiles.Seed("bac-kan-2060-QD-UBND.txt"));
        Assert.All(plan.Assignments, a => Assert.Null(a.Due));
    }
}
