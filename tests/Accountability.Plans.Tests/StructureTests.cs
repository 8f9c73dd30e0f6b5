using Accountability.Plans.Parsing;

namespace Accountability.Plans.Tests;

public class StructureTests
{
    [Fact]
    public void Reads_the_header_of_another_province()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Xây dựng\n- Rà soát các công trình.\n");
        Assert.Equal("12/KH-UBND", plan.Document.Number);
        Assert.Equal("Ủy ban nhân dân tỉnh Thanh Hóa", plan.Document.Issuer);
        Assert.Equal(new DateOnly(2024, 1, 5), plan.Document.IssuedOn);
        Assert.Equal(new DateOnly(2024, 1, 1), plan.Document.PeriodFrom);
        Assert.Equal(new DateOnly(2026, 12, 31), plan.Document.PeriodTo);
        Assert.StartsWith("Phòng, chống thiên tai", plan.Document.Title);
    }

    [Fact]
    public void Heading_alone_on_its_line_and_heading_inline_with_the_duty()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Nông nghiệp và Phát triển nông thôn
            - Chủ trì xây dựng phương án ứng phó.
            2. Công an tỉnh phối hợp các ngành bảo đảm an ninh trật tự khi có thiên tai.
            3. Giao Sở Y tế chủ trì công tác cấp cứu.
            4. Đề nghị Tòa án nhân dân tỉnh phối hợp xét xử nghiêm.
            """);
        var rows = plan.Assignments;
        Assert.Equal(["Sở Nông nghiệp và Phát triển nông thôn", "Công an tỉnh", "Sở Y tế", "Tòa án nhân dân tỉnh"], rows.Select(r => r.Agency));
        Assert.Equal(["II.1", "II.2", "II.3", "II.4"], rows.Select(r => r.Section));
        Assert.Contains("Chủ trì xây dựng phương án", rows[0].Task);
        Assert.StartsWith("Phối hợp các ngành", rows[1].Task);
        Assert.StartsWith("Chủ trì công tác cấp cứu", rows[2].Task);
        Assert.True(rows[3].Requested);
        Assert.False(rows[2].Requested);
    }

    [Fact]
    public void Several_agencies_in_one_block_but_a_comma_inside_a_name_stays_inside()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Văn hóa và Thể thao; Sở Du lịch
            Kiểm tra các cơ sở lưu trú.
            2. Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội chỉ đạo các trường tổ chức diễn tập.
            3. Đài Phát thanh - Truyền hình Thanh Hóa, Báo Thanh Hóa đưa tin kịp thời.
            4. Sở Văn hóa, Thể thao và Du lịch tuyên truyền trên hệ thống thông tin cơ sở.
            """);
        Assert.Equal(
            ["Sở Văn hóa và Thể thao", "Sở Du lịch", "Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội",
             "Đài Phát thanh - Truyền hình Thanh Hóa", "Báo Thanh Hóa", "Sở Văn hóa, Thể thao và Du lịch"],
            plan.Assignments.Select(a => a.Agency));
        Assert.Equal(["Sở Du lịch"], plan.Assignments[0].JointWith);
        Assert.All(plan.Assignments, a => Assert.Equal(AssignmentRole.Lead, a.Role));
    }

    [Fact]
    public void Group_agencies_are_one_assignee_each()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Ủy ban nhân dân các huyện, thị xã, thành phố xây dựng kế hoạch ứng phó tại địa phương.
            2. Các Sở, ngành, đoàn thể khác là thành viên Ban chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh (Ban chỉ đạo PCTT tỉnh), có trách nhiệm chủ động triển khai.
            """);
        Assert.Equal(["Ủy ban nhân dân các huyện, thị xã, thành phố", "Các Sở, ngành, đoàn thể khác là thành viên Ban chỉ đạo PCTT tỉnh"],
            plan.Assignments.Select(a => a.Agency));
        Assert.Equal(AgencyKind.LocalGovernment, plan.Assignments[0].AgencyKind);
        Assert.StartsWith("Có trách nhiệm chủ động", plan.Assignments[1].Task);
    }

    [Fact]
    public void The_issuer_speaking_is_not_an_assignee_but_a_department_delegating_is()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Y tế giao Trung tâm Kiểm soát bệnh tật tỉnh theo dõi dịch bệnh.
            III. TỔ CHỨC THỰC HIỆN
            1. Ủy ban nhân dân tỉnh yêu cầu các sở, ngành xây dựng kế hoạch trước ngày 01/3/2024.
            """);
        Assert.Equal("Sở Y tế", plan.Assignments[0].Agency);
        Assert.DoesNotContain(plan.Assignments, a => a.Agency.StartsWith("Ủy ban nhân dân tỉnh", StringComparison.Ordinal));
        var general = plan.Assignments.Where(a => a.Section == "III.1").ToList();
        Assert.Equal(["Các sở, ngành", "Sở Y tế"], general.Select(a => a.Agency));
        Assert.All(general, g => Assert.Equal(new DateOnly(2024, 3, 1), g.Due));
    }

    [Fact]
    public void Named_subsets_get_their_own_assignments()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Ủy ban nhân dân các huyện, thị xã, thành phố
            - Xây dựng kế hoạch ứng phó.
            - Giao chỉ tiêu cho 3 huyện, thị xã gồm: Nga Sơn, Hậu Lộc, Quảng Xương phải xây dựng đê bao trước ngày 30/6/2025.
            """);
        var subset = plan.Assignments.Where(a => a.AgencyAsWritten is "Nga Sơn" or "Hậu Lộc" or "Quảng Xương").ToList();
        Assert.Equal(3, subset.Count);
        Assert.All(subset, a => Assert.Equal(new DateOnly(2025, 6, 30), a.Due));
        var group = Assert.Single(plan.Assignments, a => a.Agency == "Ủy ban nhân dân các huyện, thị xã, thành phố");
        Assert.DoesNotContain("Nga Sơn", group.Task);
        Assert.Null(group.Due);
    }

    [Fact]
    public void Bullets_that_name_one_of_the_block_agencies_belong_to_it_alone()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh
            - Viện Kiểm sát nhân dân tỉnh chỉ đạo kiểm sát chặt chẽ.
            - Tòa án nhân dân tỉnh đưa vụ án ra xét xử nhanh.
            - Thống kê số vụ việc hằng quý.
            """);
        var vks = Assert.Single(plan.Assignments, a => a.Agency == "Viện kiểm sát nhân dân tỉnh");
        var toa = Assert.Single(plan.Assignments, a => a.Agency == "Tòa án nhân dân tỉnh");
        Assert.Contains("kiểm sát chặt chẽ", vks.Task);
        Assert.DoesNotContain("xét xử nhanh", vks.Task);
        Assert.Contains("xét xử nhanh", toa.Task);
        Assert.Contains("Thống kê", toa.Task);
        Assert.True(vks.Requested && toa.Requested);
    }

    [Fact]
    public void Lead_and_coordinating_agencies_are_kept_apart()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Tài nguyên và Môi trường
            a) Chủ trì, phối hợp với Sở Xây dựng và các sở, ngành liên quan lập bản đồ ngập lụt.
            b) Tổng hợp số liệu.
            """);
        var lead = Assert.Single(plan.Assignments, a => a.Role == AssignmentRole.Lead);
        Assert.Equal("Sở Tài nguyên và Môi trường", lead.Agency);
        Assert.Equal(["Sở Xây dựng"], lead.CoordinatingAgencies);
        Assert.Contains("a) Chủ trì", lead.Task);
        Assert.Contains("b) Tổng hợp", lead.Task);
        var support = Assert.Single(plan.Assignments, a => a.Role == AssignmentRole.Support);
        Assert.Equal("Sở Xây dựng", support.Agency);
        Assert.Equal(["Sở Tài nguyên và Môi trường"], support.CoordinatingAgencies);
    }

    [Fact]
    public void Hard_wrapped_lines_broken_names_headings_and_page_breaks_are_joined()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM
            VỤ
            1. Sở Lao động
            - Thương binh và Xã hội
            - Chủ trì, hướng dẫn các địa phương hỗ trợ
            người dân bị ảnh hưởng.
            2. Sở Giáo dục và
            Đào tạo
            Chỉ đạo các trường học bảo đảm an toàn cho học sinh, sinh viên trong mùa mưa bão tại các trường,

            các cơ sở giáo dục.
            """);
        Assert.Equal(["Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục và Đào tạo"], plan.Assignments.Select(a => a.Agency));
        Assert.Contains("hỗ trợ người dân bị ảnh hưởng", plan.Assignments[0].Task);
        Assert.Contains("tại các trường, các cơ sở giáo dục", plan.Assignments[1].Task);
    }

    [Fact]
    public void Markdown_headings_and_emphasis_are_read_as_text()
    {
        var plan = MiniPlans.Parse("""
            ## **II. TỔ CHỨC THỰC HIỆN**

            #### 1. Sở Công Thương

            - *Bảo đảm* nguồn hàng thiết yếu.

            **2. Sở Tài chính** bố trí kinh phí.
            """);
        Assert.Equal(["Sở Công Thương", "Sở Tài chính"], plan.Assignments.Select(a => a.Agency));
        Assert.Equal("- Bảo đảm nguồn hàng thiết yếu.", plan.Assignments[0].Task);
    }

    [Fact]
    public void Sub_numbered_duties_with_a_delegate_are_assigned_to_the_delegate()
    {
        var text = """
            BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
            KẾ HOẠCH
            Tổng kết công tác phòng, chống thiên tai năm 2023
            (Ban hành kèm theo Quyết định số 45/QĐ-BNN ngày 10 tháng 01 năm 2023 của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn)
            I. TỔ CHỨC THỰC HIỆN
            1. Bộ Nông nghiệp và Phát triển nông thôn chủ trì tổng kết và giao Cục Quản lý đê điều và Phòng, chống thiên tai triển khai thực hiện:
            1.1. Xây dựng báo cáo tổng kết (hoàn thành Quý I/2023).
            1.2. Tổ chức hội nghị toàn quốc (dự kiến Quý IV/2023).
            """;
        var plan = PlanParser.ParseText(text);
        Assert.Equal("45/QĐ-BNN", plan.Document.Number);
        Assert.Equal("Bộ Nông nghiệp và Phát triển nông thôn", plan.Document.Issuer);
        Assert.Equal(new DateOnly(2023, 1, 10), plan.Document.IssuedOn);
        var subs = plan.Assignments.Where(a => a.Section.StartsWith("I.1.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, subs.Count);
        Assert.All(subs, s => Assert.StartsWith("Cục Quản lý đê điều", s.Agency));
        Assert.Equal(new DateOnly(2023, 3, 31), subs[0].Due);
        Assert.False(subs[0].Tentative);
        Assert.Equal(new DateOnly(2023, 12, 31), subs[1].Due);
        Assert.True(subs[1].Tentative);
    }
}
