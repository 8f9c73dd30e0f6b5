using Accountability.Plans.Parsing;

namespace Accountability.Plans.Tests;

/// <summary>Shapes the five seeds do not have but other provinces' plans do.</summary>
public class GeneralityTests
{
    [Fact]
    public void Agency_blocks_one_level_down_under_a_responsibility_heading()
    {
        var plan = MiniPlans.Parse("""
            II- TỔ CHỨC THỰC HIỆN
            1. Trách nhiệm của các sở, ngành
            a) Sở Y tế: chủ trì công tác cấp cứu, hoàn thành trước ngày 31/3/2024.
            - Bố trí đội cơ động.
            b) Sở Công Thương: bảo đảm hàng hóa thiết yếu.
            2. Trách nhiệm của Ủy ban nhân dân các huyện, thị xã, thành phố
            Xây dựng phương án sơ tán dân.
            """);
        Assert.Equal(["Sở Y tế", "Sở Công Thương", "Ủy ban nhân dân các huyện, thị xã, thành phố"], plan.Assignments.Select(a => a.Agency));
        Assert.Equal(["II.1.a", "II.1.b", "II.2"], plan.Assignments.Select(a => a.Section));
        Assert.Equal(new DateOnly(2024, 3, 31), plan.Assignments[0].Due);
        Assert.Contains("Bố trí đội cơ động", plan.Assignments[0].Task);
        Assert.DoesNotContain("Bố trí đội cơ động", plan.Assignments[1].Task);
    }

    [Fact]
    public void A_known_name_broken_at_a_line_end_is_read_whole()
    {
        // "Bộ Công" is no ministry: the line break cut "Bộ Công Thương", and the next line goes on with the list.
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN

            b) Bộ Tài chính, Bộ Công
            Thương, Bộ Công an chỉ đạo các tập đoàn bảo đảm an toàn lưới điện.

            c) Sở Y tế bảo đảm thuốc men.
            """);
        Assert.Equal(["Bộ Tài chính", "Bộ Công Thương", "Bộ Công an", "Sở Y tế"], plan.Assignments.Select(a => a.Agency));
        Assert.StartsWith("Chỉ đạo các tập đoàn", plan.Assignments[0].Task);
    }

    [Fact]
    public void A_bold_heading_that_runs_onto_the_next_line_stays_one_heading()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN

            **1. Sở Y tế:** bảo đảm thuốc men.

            **2. Các cơ quan, đơn vị, địa
            phương thuộc tỉnh: **Căn cứ chức năng, nhiệm vụ được giao, chủ động xây dựng kế hoạch triển khai.
            """);
        var local = Assert.Single(plan.Assignments, a => a.Section == "II.2");
        Assert.Equal("Các cơ quan, đơn vị, địa phương thuộc tỉnh", local.AgencyAsWritten);
        Assert.StartsWith("Căn cứ chức năng", local.Task);
    }

    [Fact]
    public void Slips_in_names_and_titles_do_not_make_new_agencies()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Sở Công thương bảo đảm hàng hóa thiết yếu.
            2. Tổng Cục trưởng Tổng cục Thuế chỉ đạo các cục thuế hướng dẫn người nộp thuế.
            """);
        Assert.Equal(["Sở Công Thương", "Tổng cục Thuế"], plan.Assignments.Select(a => a.Agency));
        // A name never ends on a preposition: "Kế hoạch của Ủy ban nhân dân tỉnh về thực hiện…".
        Assert.Equal("Ủy ban nhân dân tỉnh", Agencies.AgencyRecognizer.ReadOne("Ủy ban nhân dân tỉnh về thực hiện Đề án", 0)!.Canonical);
    }

    [Fact]
    public void An_execution_clause_naming_departments_after_a_colon_holds_every_one()
    {
        var plan = MiniPlans.Parse("""
            Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.

            Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở: Giáo dục và Đào tạo, Tài chính, Nội vụ; Chủ tịch Ủy ban nhân dân các huyện, thành phố; thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.
            """);
        Assert.Equal(["Văn phòng Ủy ban nhân dân tỉnh", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân các huyện, thành phố"],
            plan.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.Agency));
    }

    [Fact]
    public void Encouraged_bodies_are_addressed()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh xây dựng kế hoạch hành động.
            """);
        Assert.Equal(["Liên đoàn Lao động tỉnh", "Hội Nông dân tỉnh"], plan.Assignments.Select(a => a.Agency));
        Assert.StartsWith("Xây dựng kế hoạch hành động", plan.Assignments[0].Task);
    }

    [Fact]
    public void Bulleted_assignment_section_without_numbers()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG TRÁCH NHIỆM
            - Sở Giao thông vận tải: bảo đảm giao thông thông suốt.
            - Công an tỉnh: phân luồng giao thông.
            """);
        Assert.Equal(["Sở Giao thông vận tải", "Công an tỉnh"], plan.Assignments.Select(a => a.Agency));
        Assert.Equal("Bảo đảm giao thông thông suốt.", plan.Assignments[0].Task);
    }

    [Fact]
    public void District_plans_address_district_offices()
    {
        var plan = PlanParser.ParseText("""
            ỦY BAN NHÂN DÂN HUYỆN NGA SƠN
            Số: 7/KH-UBND
            Nga Sơn, ngày 10 tháng 02 năm 2024
            KẾ HOẠCH
            Phòng, chống dịch bệnh năm 2024
            III. TỔ CHỨC THỰC HIỆN
            1. Phòng Y tế chủ trì, phối hợp với Phòng LĐTBXH theo dõi tình hình.
            2. Ủy ban nhân dân các xã, thị trấn báo cáo trước ngày 15 hằng tháng.
            """);
        Assert.Equal("Ủy ban nhân dân huyện Nga Sơn", plan.Document.Issuer);
        var lead = plan.Assignments[0];
        Assert.Equal("Phòng Y tế", lead.Agency);
        Assert.Equal(["Phòng Lao động - Thương binh và Xã hội"], lead.CoordinatingAgencies);
        var monthly = plan.Assignments.Where(a => a.Agency == "Ủy ban nhân dân các xã, thị trấn").ToList();
        Assert.Equal(11, monthly.Count); // 15/02 to 15/12/2024: the plan was issued on 10/02
        Assert.Equal(new DateOnly(2024, 2, 15), monthly[0].Due);
        Assert.All(monthly, m => Assert.Equal(Recurrence.Monthly, m.Recurrence));
        Assert.Equal("2024-02", monthly[0].Occurrence);
    }

    [Fact]
    public void Days_given_with_a_cycle_win_over_the_default()
    {
        var plan = MiniPlans.Parse("""
            II. PHÂN CÔNG NHIỆM VỤ
            1. Sở Xây dựng định kỳ báo cáo 6 tháng (trước ngày 20/6) và năm (trước ngày 20/12) về Ủy ban nhân dân tỉnh.
            """);
        Assert.DoesNotContain(plan.Warnings, w => w.Contains("default report day"));
        var rows = plan.Assignments;
        Assert.Equal(["2024-06-20 2024-H1", "2025-06-20 2025-H1", "2026-06-20 2026-H1", "2024-12-20 2024", "2025-12-20 2025", "2026-12-20 2026"],
            rows.Select(r => $"{r.Due:yyyy-MM-dd} {r.Occurrence}"));
    }

    [Fact]
    public void Quarter_day_in_the_last_month()
    {
        var plan = MiniPlans.Parse("II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Xây dựng báo cáo trước ngày 20 tháng cuối quý.\n");
        Assert.Equal(12, plan.Assignments.Count);
        Assert.Equal(("2024-Q1", new DateOnly(2024, 3, 20)), (plan.Assignments[0].Occurrence, plan.Assignments[0].Due!.Value));
    }

    [Fact]
    public void A_generic_group_without_a_deadline_is_an_assignee_and_with_one_a_distribution()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế: chủ trì triển khai Kế hoạch.
            2. Sở Tài chính: bố trí kinh phí. Thời gian thực hiện: Quý III/2024.
            3. Các sở, ban, ngành, đoàn thể tỉnh: theo chức năng, nhiệm vụ chủ động triển khai.
            4. Các cơ quan, đơn vị, địa phương báo cáo kết quả về Sở Y tế trước ngày 10/12/2024.
            """);
        var group = Assert.Single(plan.Assignments, a => a.Section == "II.3");
        Assert.Equal("Các sở, ban, ngành, đoàn thể tỉnh", group.Agency);
        Assert.Null(group.Due);
        Assert.Equal(new DateOnly(2024, 9, 30), Assert.Single(plan.Assignments, a => a.Section == "II.2").Due);
        var reports = plan.Assignments.Where(a => a.Section == "II.4").ToList();
        Assert.Equal(["Sở Tài chính", "Các sở, ban, ngành, đoàn thể tỉnh"], reports.Select(a => a.Agency));
        Assert.All(reports, r => Assert.Equal(new DateOnly(2024, 12, 10), r.Due));
    }

    /// <summary>Any cut of a real plan either parses or is refused with a PlanReadException: never a crash.</summary>
    [Theory]
    [MemberData(nameof(GoldenSeedTests.Seeds), MemberType = typeof(GoldenSeedTests))]
    public void Truncated_and_shuffled_plans_never_crash(string seed)
    {
        var lines = TestFiles.SeedText(seed).Split('\n');
        var random = new Random(20261124);
        for (var i = 0; i < 40; i++)
        {
            var start = random.Next(lines.Length);
            var length = random.Next(1, lines.Length - start + 1);
            var piece = lines.Skip(start).Take(length).ToList();
            if (i % 4 == 0) piece = piece.OrderBy(_ => random.Next()).ToList();
            var text = string.Join('\n', piece);
            try
            {
                var plan = PlanParser.ParseText(text);
                Assert.NotEmpty(plan.Assignments);
            }
            catch (PlanReadException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

    [Fact]
    public void An_allocation_table_names_its_executors_in_group_rows_and_a_note_below_gives_their_deadline()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Các đơn vị được phân bổ vốn tại Phụ lục chịu trách nhiệm chuẩn bị đầu tư.

            PHỤ LỤC
            DANH MỤC CÔNG TRÌNH NĂM 2024

            | STT | Danh mục công trình/ Đơn vị, địa phương thực hiện | Vốn năm 2024 | Ghi chú |
            |---|---|---|---|
            | I | SỞ Y TẾ | 900 |  |
            | 1 | Trạm y tế xã Hòa Lộc: sửa chữa nhà khám | 900 |  |
            | II | HUYỆN NGỌC LẶC | 1.200 |  |
            | 1 | Trường tiểu học Minh Sơn: nhà lớp học | 700 |  |
            | 2 | Trường mầm non Lam Sơn: bếp ăn | 500 |  |
            | III | THỊ XÃ BỈM SƠN | 400 |  |
            | 1 | Trường THCS Ba Đình: tường rào | 400 |  |

            Ghi chú: Các đơn vị, địa phương được giao vốn phải hoàn thành thủ tục đầu tư trong tháng 5 năm 2024.
            """);
        var dated = plan.Assignments.Where(a => a.Due is not null).ToList();
        Assert.Equal(["Sở Y tế", "Ủy ban nhân dân huyện Ngọc Lặc", "Ủy ban nhân dân thị xã Bỉm Sơn"], dated.Select(a => a.Agency));
        Assert.All(dated, a => Assert.Equal(new DateOnly(2024, 5, 31), a.Due));
        Assert.Contains(plan.Assignments, a => a.Agency == "Ủy ban nhân dân huyện Ngọc Lặc" && a.Task.Contains("Minh Sơn", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Unread, u => u.Text.Contains("tháng 5 năm 2024", StringComparison.Ordinal));
    }

    [Fact]
    public void A_note_under_a_table_about_its_figures_is_no_deadline()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN

            | STT | Danh mục công trình/ Đơn vị thực hiện | Vốn |
            |---|---|---|
            | I | HUYỆN NGỌC LẶC | 1.200 |
            | 1 | Trường tiểu học Minh Sơn | 700 |

            Ghi chú: số liệu vốn tính đến hết ngày 31/12/2023.
            """);
        Assert.All(plan.Assignments, a => Assert.Null(a.Due));
    }

    [Fact]
    public void Committees_of_several_places_named_once_are_each_an_agency()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế chỉ đạo các bệnh viện tiếp nhận người bệnh.
            2. Ủy ban nhân dân thành phố Sầm Sơn, thị xã Nghi Sơn và huyện Như Xuân trực tiếp hỗ trợ các xã vùng lũ.
            3. Ủy ban nhân dân các huyện, thị xã, thành phố rà soát các hộ bị ảnh hưởng.
            """);
        Assert.Equal(["Sở Y tế", "Ủy ban nhân dân thành phố Sầm Sơn", "Ủy ban nhân dân thị xã Nghi Sơn", "Ủy ban nhân dân huyện Như Xuân", "Ủy ban nhân dân các huyện, thị xã, thành phố"],
            plan.Assignments.Select(a => a.Agency));
    }

    [Fact]
    public void Ministers_addressed_as_comrades_are_their_ministries_and_clauses_after_a_semicolon_keep_the_subject()
    {
        var plan = MiniPlans.Parse("""
            II. NHIỆM VỤ, GIẢI PHÁP
            1. Tăng cường kỷ luật, kỷ cương:
            Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ phải trực tiếp chỉ đạo, hoàn thành các nhiệm vụ còn tồn đọng trong năm 2024; gửi văn bản cam kết về Bộ Nội vụ; hoàn thành trước ngày 20 tháng 10 năm 2024.
            """);
        var dues = plan.Assignments.Where(a => a.Agency == "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ").Select(a => a.Due).ToList();
        Assert.Contains(new DateOnly(2024, 12, 31), dues);
        Assert.Contains(new DateOnly(2024, 10, 20), dues);
        Assert.DoesNotContain(plan.Assignments, a => a.Agency == "Bộ Nội vụ");
    }

    [Fact]
    public void A_span_of_days_is_due_at_its_end()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Ủy ban nhân dân xã, phường tổ chức tiếp nhận hồ sơ từ ngày 03 đến ngày 14 tháng 10 năm 2024.
            2. Sở Y tế tổ chức tháng cao điểm Từ ngày 01/11/2024 đến ngày 30/11/2024.
            """);
        Assert.Equal(new DateOnly(2024, 10, 14), Assert.Single(plan.Assignments, a => a.Agency == "Ủy ban nhân dân xã, phường").Due);
        Assert.Equal(new DateOnly(2024, 11, 30), Assert.Single(plan.Assignments, a => a.Agency == "Sở Y tế").Due);
    }

    [Fact]
    public void A_data_cut_off_day_is_no_deadline()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Tài chính tổng hợp số liệu tính đến ngày 14 tháng 12 hằng năm.
            """);
        Assert.Null(Assert.Single(plan.Assignments).Due);
    }

    [Fact]
    public void An_article_word_and_its_number_split_by_a_line_end_are_one_heading()
    {
        var plan = MiniPlans.Parse("""
            **Điều
            5. Trách nhiệm của Sở Xây dựng**
            Chủ trì kiểm tra công trình, hoàn thành trước ngày 30/6/2024.
            """);
        var row = Assert.Single(plan.Assignments);
        Assert.Equal(("Đ5", "Sở Xây dựng", new DateOnly(2024, 6, 30)), (row.Section, row.Agency, row.Due));
    }

    [Fact]
    public void A_bold_heading_cut_inside_a_name_by_a_blank_line_goes_on()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN

            **1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Hội Liên hiệp**

            **Phụ nữ tỉnh**

            - Tuyên truyền, vận động hội viên tham gia.

            **2. Ủy ban nhân dân phường,
            xã, đặc khu**

            Bố trí địa điểm sơ tán.
            """);
        Assert.Equal(["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Ủy ban nhân dân phường, xã, đặc khu"], plan.Assignments.Select(a => a.Agency));
    }

    [Fact]
    public void A_time_counted_from_an_event_inside_a_read_duty_is_shown_to_the_clerk()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Tài chính cập nhật cơ sở dữ liệu giá, hoàn thành trước ngày 31/12/2024. Sau tối đa 05 ngày kể từ khi quyết định giá có hiệu lực, Sở Tài chính đăng tải công khai.
            """);
        Assert.Contains(plan.Unread, u => u.Text.Contains("Sau tối đa 05 ngày", StringComparison.Ordinal));
    }

    [Fact]
    public void A_class_heading_over_dated_reports_is_the_class_own_block()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Các đơn vị, địa phương, doanh nghiệp theo chức năng nhiệm vụ:
            - Tổ chức triển khai Kế hoạch này.
            - Báo cáo kết quả hằng quý (trước ngày 20 tháng cuối của quý) và năm (trước ngày 10 tháng 12 năm 2024) gửi Sở Tư pháp.
            2. Các cơ quan, đơn vị có liên quan:
            - Phối hợp thực hiện, báo cáo trước ngày 30/11/2024.
            3. Sở Tư pháp: theo dõi, tổng hợp.
            """);
        var dues = plan.Assignments.Where(a => a.Agency == "Các đơn vị, địa phương, doanh nghiệp").Select(a => a.Due).ToList();
        Assert.Contains(new DateOnly(2024, 9, 20), dues);
        Assert.Contains(new DateOnly(2024, 12, 10), dues);
        Assert.DoesNotContain(plan.Assignments, a => a.Agency.Contains("liên quan", StringComparison.Ordinal));
    }

    [Fact]
    public void The_issuer_is_not_the_number_printed_under_it_and_an_owner_line_runs_on_into_the_subject()
    {
        var plan = Parsing.PlanParser.ParseText("""
            CHÍNH PHỦ
            Số: 45/NQ-CP
            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            Độc lập - Tự do - Hạnh phúc
            Hà Nội, ngày 10 tháng 3 năm 2026
            NGHỊ QUYẾT
            Ban hành Chương trình hành động
            Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động.
            Điều 2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan trực thuộc Chính phủ chịu trách nhiệm thi hành Nghị quyết này.
            CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ
            thực hiện Kết luận số 12-KL/TW về phát triển hợp tác xã giai đoạn 2026 - 2030
            I. NHIỆM VỤ
            1. Bộ Tài chính chủ trì tổng kết; định kỳ trước ngày 15 tháng 12 hằng năm báo cáo Thủ tướng Chính phủ.
            """);
        Assert.Equal("Chính phủ", plan.Document.Issuer);
        Assert.Equal(new DateOnly(2030, 12, 31), plan.Document.PeriodTo);
        Assert.Contains(plan.Assignments, a => a.Agency == "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ");
        Assert.Equal(5, plan.Assignments.Count(a => a.Agency == "Bộ Tài chính" && a.Due is not null));
    }

    [Fact]
    public void Classes_named_with_their_kindred_nouns_are_one_class_and_telecom_operators_are_addressees()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Các cơ quan thông tấn, báo chí trên địa bàn tỉnh đưa tin về công tác phòng, chống thiên tai.
            2. Các đoàn thể, tổ chức xã hội vận động hội viên tham gia.
            3. Các doanh nghiệp viễn thông bảo đảm thông tin liên lạc.
            4. Các doanh nghiệp có liên quan phối hợp thực hiện.
            """);
        Assert.Equal(["Các cơ quan thông tấn, báo chí trên địa bàn tỉnh", "Các đoàn thể, tổ chức xã hội", "Các doanh nghiệp viễn thông"], plan.Assignments.Select(a => a.Agency));
    }

    [Fact]
    public void The_issuer_respectfully_requesting_is_not_an_addressee_and_a_list_goes_on_after_a_qualifier()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Ủy ban nhân dân tỉnh trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động nhân dân ủng hộ.
            2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các cơ quan có liên quan, Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Kế hoạch này.
            """);
        Assert.Equal(["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các xã, phường"], plan.Assignments.Select(a => a.Agency));
        Assert.True(plan.Assignments[0].Requested);
    }

    [Fact]
    public void The_dated_items_of_an_article_go_to_the_agency_charged_with_carrying_it_out()
    {
        var plan = Parsing.PlanParser.ParseText("""
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 77/QĐ-UBND
            Thanh Hóa, ngày 05 tháng 8 năm 2024
            QUYẾT ĐỊNH
            Ban hành lịch tiêm chủng năm 2024-2025
            Điều 1. Ban hành lịch tiêm chủng như sau:
            1. Đợt I: kết thúc trước ngày 15/11/2024.
            2. Đợt II: hoàn thành trước ngày 31/3/2025.
            Điều 2. Giao Sở Y tế chủ trì, hướng dẫn và tổ chức thực hiện lịch tiêm chủng quy định tại Điều 1 Quyết định này.
            Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
            """);
        var dues = plan.Assignments.Where(a => a.Agency == "Sở Y tế").Select(a => a.Due).ToList();
        Assert.Contains(new DateOnly(2024, 11, 15), dues);
        Assert.Contains(new DateOnly(2025, 3, 31), dues);
        Assert.DoesNotContain(plan.Unread, u => u.Text.Contains("15/11/2024", StringComparison.Ordinal));
    }

    [Fact]
    public void Labels_one_level_down_under_an_executors_heading_make_one_labelled_task()
    {
        var plan = MiniPlans.Parse("""
            II. NHIỆM VỤ
            1. Xây dựng cơ sở dữ liệu đất đai:
            a) Nhiệm vụ: Số hóa hồ sơ địa chính.
            b) Cơ quan thực hiện:
            - Đơn vị chủ trì: Sở Nông nghiệp và Môi trường.
            - Đơn vị phối hợp: Sở Tài chính.
            c) Thời gian thực hiện: Hoàn thành trong năm 2024.
            """);
        var lead = Assert.Single(plan.Assignments, a => a.Role == AssignmentRole.Lead);
        Assert.Equal(("Sở Nông nghiệp và Môi trường", new DateOnly(2024, 12, 31), "II.1"), (lead.Agency, lead.Due, lead.Section));
        Assert.Contains(plan.Assignments, a => a.Role == AssignmentRole.Support && a.Agency == "Sở Tài chính");
    }

    [Fact]
    public void A_time_label_written_twice_gives_deadlines_that_each_quote_their_own_value()
    {
        var plan = MiniPlans.Parse("""
            II. NHIỆM VỤ
            1. Xây dựng kho dữ liệu dùng chung:
            a) Nhiệm vụ: Số hóa hồ sơ lưu trữ.
            b) Cơ quan chủ trì: Sở Nội vụ.
            c) Thời gian thực hiện: Hoàn thành trong năm 2024.
            d) Thời gian thực hiện: Trước ngày 30/6/2025.
            """);
        var leads = plan.Assignments.Where(a => a.Role == AssignmentRole.Lead && a.Agency == "Sở Nội vụ").ToList();
        Assert.Contains(leads, a => a.Due == new DateOnly(2024, 12, 31) && a.DeadlineText == "Hoàn thành trong năm 2024");
        Assert.Contains(leads, a => a.Due == new DateOnly(2025, 6, 30) && a.DeadlineText == "Trước ngày 30/6/2025");
    }

    [Fact]
    public void A_standing_body_role_under_an_agency_block_is_that_agency()
    {
        var plan = MiniPlans.Parse("""
            III. TỔ CHỨC THỰC HIỆN
            1. Sở Khoa học và Công nghệ
            - Chủ trì theo dõi việc thực hiện Kế hoạch.
            - Cơ quan thường trực Tổ công tác tổng hợp, báo cáo trước ngày 20 hằng tháng.
            """);
        Assert.All(plan.Assignments, a => Assert.Equal("Sở Khoa học và Công nghệ", a.Agency));
        Assert.Contains(plan.Assignments, a => a.Due == new DateOnly(2024, 1, 20));
    }

    [Fact]
    public void Classes_of_departments_written_in_capitals_or_by_what_they_manage_are_read_whole()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Trách nhiệm của các Sở, Ban, ngành
            Rà soát thủ tục hành chính thuộc lĩnh vực quản lý.
            2. Các Sở quản lý ngành, lĩnh vực có trách nhiệm cập nhật giá hàng hóa.
            3. Văn phòng HĐND - UBND cấp xã tiếp nhận kiến nghị.
            4. Giám đốc các Sở, Thủ trưởng các Ban, Ngành cấp tỉnh chịu trách nhiệm thi hành Kế hoạch này.
            """);
        Assert.Equal(["Các Sở, Ban, ngành", "Các Sở quản lý ngành, lĩnh vực", "Văn phòng Hội đồng nhân dân - Ủy ban nhân dân cấp xã", "Các Sở, Ban, Ngành cấp tỉnh"],
            plan.Assignments.Select(a => a.Agency));
    }

    [Fact]
    public void A_list_line_that_ends_on_a_bare_head_goes_on_to_the_next_line()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế
            - Bố trí đội y tế lưu động.
            - Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Đoàn
            Thanh niên, Hội Nông dân tỉnh hỗ trợ người dân khắc phục hậu quả.
            """);
        Assert.Contains(plan.Assignments, a => a.Agency.StartsWith("Đoàn Thanh niên", StringComparison.Ordinal));
        Assert.Contains(plan.Assignments, a => a.Agency == "Hội Nông dân tỉnh");
        Assert.DoesNotContain(plan.Assignments, a => a.Agency.EndsWith("Đoàn", StringComparison.Ordinal));
    }

    [Fact]
    public void An_appendix_extracted_one_word_a_line_is_read_as_its_cells()
    {
        // Some PDF text extraction gives a table's narrow columns a word or two a line: the lines rejoin into names,
        // and a capital after a complete name opens the next cell.
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            Các cơ quan, đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.

            PHỤ LỤC
            DANH MỤC NHIỆM VỤ
            TT
            Tên nhiệm vụ
            Cơ quan chủ trì
            Cơ quan phối hợp
            Sản phẩm
            Thời hạn hoàn thành
            1.
            Tổ chức diễn tập ứng phó sự cố tràn dầu tại các cảng biển
            trong tỉnh.
            Bộ Chỉ 
            huy Quân sự 
            tỉnh 
            Sở 
            Xây dựng, 
            Công an 
            tỉnh 
            Báo cáo 
            kết quả 
            Năm 2025
            """);
        var lead = Assert.Single(plan.Assignments, a => a.Role == AssignmentRole.Lead);
        Assert.Equal("Bộ Chỉ huy Quân sự tỉnh", lead.Agency);
        Assert.Equal(new DateOnly(2025, 12, 31), lead.Due);
        Assert.Equal(["Sở Xây dựng", "Công an tỉnh"], plan.Assignments.Where(a => a.Role == AssignmentRole.Support).Select(a => a.Agency));
    }

    [Fact]
    public void A_name_with_a_phrase_left_out_is_its_body_while_a_level_left_out_stays_as_written()
    {
        // "… về các tổ chức …" left out: the gazetteer's short form, so the official name; "Việt Nam" left out is the plan's own wording.
        var mentions = Agencies.AgencyRecognizer.ReadList("Ủy ban công tác phi chính phủ nước ngoài, Ủy ban Mặt trận Tổ quốc tỉnh phối hợp thực hiện").Mentions;
        Assert.Equal(["Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài", "Ủy ban Mặt trận Tổ quốc tỉnh"], mentions.Select(m => m.Canonical));
        Assert.False(mentions[0].IsGroup); // "các" inside one body's name makes no class
    }

    [Fact]
    public void The_Fronts_name_cut_by_a_line_end_goes_on_and_with_a_level_is_that_levels_committee()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Đối với Ủy ban Mặt trận Tổ quốc
            Việt Nam tỉnh; Sở Tư pháp: phối hợp tuyên truyền về phòng, chống thiên tai.

            **2. Trách nhiệm chung: **Các sở, ban, ngành, Mặt trận
            Tổ quốc Việt Nam tỉnh và các đoàn thể chính trị - xã hội quy định cụ thể việc phối hợp ứng phó, hoàn thành trước ngày 30/6/2024.
            """);
        Assert.Equal(["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Sở Tư pháp"], plan.Assignments.Where(a => a.Section == "II.1").Select(a => a.Agency));
        Assert.Contains(plan.Assignments, a => a.Section == "II.2" && a.Agency == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" && a.Due == new DateOnly(2024, 6, 30));
        Assert.Contains(plan.Assignments, a => a.Section == "II.2" && a.Agency == "Các đoàn thể chính trị - xã hội");
        Assert.DoesNotContain(plan.Assignments, a => a.Agency == "Mặt trận");
    }

    [Fact]
    public void The_press_inside_a_list_is_a_class_without_the_word_cac()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế, Báo Thanh Hóa, cơ quan thông tấn, báo chí và Ủy ban nhân dân các huyện chủ động tuyên truyền kỹ năng sơ cứu, hoàn thành trước ngày 30/6/2024.
            2. Sở Công Thương tổ chức hội nghị, mời cơ quan báo chí đưa tin.
            """);
        Assert.Equal(["Sở Y tế", "Báo Thanh Hóa", "Cơ quan thông tấn, báo chí", "Ủy ban nhân dân các huyện"],
            plan.Assignments.Where(a => a.Section == "II.1").Select(a => a.Agency));
        Assert.All(plan.Assignments.Where(a => a.Section == "II.1"), a => Assert.Equal(new DateOnly(2024, 6, 30), a.Due));
        Assert.Equal(["Sở Công Thương"], plan.Assignments.Where(a => a.Section == "II.2").Select(a => a.Agency));
    }

    [Fact]
    public void A_plan_whose_title_states_no_period_runs_until_the_year_of_its_goals()
    {
        var plan = Parsing.PlanParser.ParseText("""
            ỦY BAN NHÂN DÂN
            TỈNH THANH HÓA
            Số: 40/QĐ-UBND
            Thanh Hóa, ngày 10 tháng 3 năm 2026
            QUYẾT ĐỊNH
            Phê duyệt Chương trình phát triển du lịch cộng đồng
            I. QUAN ĐIỂM
            Phát triển du lịch gắn với bảo tồn văn hóa.
            II. MỤC TIÊU ĐẾN NĂM 2028
            Đón 2 triệu lượt khách.
            III. TỔ CHỨC THỰC HIỆN
            1. Sở Văn hóa, Thể thao và Du lịch định kỳ hằng năm báo cáo kết quả trước ngày 10 tháng 12.
            """);
        Assert.Equal(new DateOnly(2028, 12, 31), plan.Document.PeriodTo);
        Assert.Equal([new DateOnly(2026, 12, 10), new DateOnly(2027, 12, 10), new DateOnly(2028, 12, 10)],
            plan.Assignments.Where(a => a.Due is not null).Select(a => a.Due!.Value));
    }

    [Fact]
    public void A_later_sentence_of_a_block_with_another_body_as_subject_and_its_own_deadline_is_that_bodys()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế gửi báo cáo kết quả về Sở Nông nghiệp và Môi trường trước ngày 10/11/2024. Sở Nông nghiệp và Môi trường tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/11/2024.
            """);
        Assert.Equal([new DateOnly(2024, 11, 10)], plan.Assignments.Where(a => a.Agency == "Sở Y tế").Select(a => a.Due!.Value));
        Assert.Equal([new DateOnly(2024, 11, 30)], plan.Assignments.Where(a => a.Agency == "Sở Nông nghiệp và Môi trường").Select(a => a.Due!.Value));
    }

    [Fact]
    public void Directing_a_class_under_an_agencys_block_is_that_agencys_duty()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Giáo dục và Đào tạo:
            a) Chỉ đạo các trường trung học phổ thông tổ chức diễn tập phòng cháy, hoàn thành trước ngày 30/9/2024.
            b) Chỉ đạo các phòng chuyên môn trực thuộc kiểm tra việc thực hiện.
            2. Sở Y tế bảo đảm thuốc men.
            """);
        Assert.Equal(["Sở Giáo dục và Đào tạo", "Sở Y tế"], plan.Assignments.Select(a => a.Agency).Distinct());
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Giáo dục và Đào tạo" && a.Due == new DateOnly(2024, 9, 30));
    }

    [Fact]
    public void A_management_board_is_named_by_its_lower_case_words()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Ban quản lý Khu kinh tế tỉnh
            a) Kiểm tra việc thu gom chất thải trong khu kinh tế.
            2. Sở Y tế bảo đảm thuốc men.
            """);
        Assert.Equal(["Ban quản lý Khu kinh tế tỉnh", "Sở Y tế"], plan.Assignments.Select(a => a.Agency));
    }

    [Fact]
    public void A_year_in_a_duty_that_no_deadline_word_governs_is_shown_as_unread()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Khoa học và Công nghệ chủ trì số hóa hồ sơ lưu trữ của tỉnh trong năm 2025; báo cáo giữa kỳ (năm 2026).
            """);
        Assert.All(plan.Assignments, a => Assert.Null(a.Due));
        Assert.Contains(plan.Unread, u => u.Text.Contains("trong năm 2025", StringComparison.Ordinal) && u.Why.Contains("no deadline word", StringComparison.Ordinal));
        Assert.Contains(plan.Unread, u => u.Text.Contains("(năm 2026)", StringComparison.Ordinal));
    }
    [Fact]
    public void Localities_addressed_by_a_province_are_its_communes_committees()
    {
        var plan = Parsing.PlanParser.ParseText(MiniPlans.With("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Y tế bảo đảm thuốc men.
            2. Các địa phương rà soát các hộ dân vùng trũng, hoàn thành trước ngày 30/9/2025.
            3. Ủy ban nhân dân các xã, phường bố trí nơi tạm trú.
            4. Các địa phương có biển kiểm tra tàu thuyền neo đậu.
            """).Replace("05 tháng 01 năm 2024", "05 tháng 8 năm 2025").Replace("2024-2026", "2025-2026"));
        // A class narrowed by what its places have ("có biển") is that class, not every commune.
        Assert.Equal(["Sở Y tế", "Ủy ban nhân dân các xã, phường", "Các địa phương có biển"], plan.Assignments.Select(a => a.Agency).Distinct());
        Assert.Contains(plan.Assignments, a => a.Agency == "Ủy ban nhân dân các xã, phường" && a.Due == new DateOnly(2025, 9, 30));
    }

    [Fact]
    public void Localities_addressed_by_the_government_are_the_provinces_committees()
    {
        var plan = PrimeMinistersDecision("Phê duyệt Đề án phát triển nghề muối giai đoạn 2025-2027", """
            1. Bộ Nông nghiệp và Môi trường chủ trì hướng dẫn thực hiện Đề án.
            2. Các địa phương bố trí quỹ đất cho đồng muối, hoàn thành trước ngày 31/12/2025.
            3. Ủy ban nhân dân các địa phương hỗ trợ diêm dân chuyển đổi nghề.
            4. Các thành phố trực thuộc Trung ương rà soát quy hoạch chợ đầu mối muối.
            """);
        Assert.Contains(plan.Assignments, a => a.Agency == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương" && a.Due == new DateOnly(2025, 12, 31));
        Assert.Equal(["Bộ Nông nghiệp và Môi trường", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Ủy ban nhân dân các thành phố trực thuộc Trung ương"],
            plan.Assignments.Select(a => a.Agency).Distinct());
    }
    [Fact]
    public void A_responsibility_heading_without_cua_names_its_agencies()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            **Điều 8. Trách nhiệm các phòng chuyên môn thuộc Ủy ban nhân dân cấp xã**
            1. Rà soát các điểm sạt lở, báo cáo trước ngày 15/6/2024.
            **Điều 9. Trách nhiệm Sở Xây dựng**
            1. Hướng dẫn gia cố nhà ở.
            """);
        Assert.Equal(["Các phòng chuyên môn thuộc Ủy ban nhân dân cấp xã", "Sở Xây dựng"], plan.Assignments.Select(a => a.Agency).Distinct());
        Assert.Contains(plan.Assignments, a => a.Due == new DateOnly(2024, 6, 15));
    }
    [Fact]
    public void A_traffic_safety_board_is_known_by_its_short_name_and_a_body_across_localities_is_one_class()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Ban ATGT tỉnh chủ trì kiểm tra các điểm đen tai nạn, báo cáo trước ngày 30/6/2024.
            2. Ủy ban nhân dân các huyện, thị xã, thành phố, Ban ATGT các địa phương: xây dựng kế hoạch ra quân.
            3. Công an các địa phương tăng cường tuần tra.
            """);
        Assert.Equal(["Ban An toàn giao thông tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố", "Ban An toàn giao thông các địa phương", "Công an các địa phương"],
            plan.Assignments.Select(a => a.Agency).Distinct());
    }
    [Fact]
    public void Heads_of_departments_and_sectors_without_cac_are_the_class_of_departments()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            **1. Giám đốc
            Sở, Thủ trưởng cơ quan, ban, ngành**
            a) Rà soát phương án phòng chống lụt bão của đơn vị, hoàn thành trước ngày 30/5/2024.
            b) Giao Công an tỉnh bảo đảm an ninh trật tự vùng ngập.
            c) Giao Sở Xây dựng kiểm tra nhà ở xuống cấp.
            2. Sở Y tế bảo đảm thuốc men.
            """);
        // Its lettered items that give duties to named bodies are theirs; the others stay the class's.
        Assert.Equal(["Các sở, ban, ngành", "Công an tỉnh", "Sở Xây dựng", "Sở Y tế"], plan.Assignments.Select(a => a.Agency).Distinct());
        Assert.DoesNotContain("Bảo đảm an ninh", plan.Assignments[0].Task);
        Assert.Equal(new DateOnly(2024, 5, 30), plan.Assignments[0].Due);
    }
    [Fact]
    public void The_class_of_departments_of_the_provincial_committee_is_the_provinces_departments()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh có trách nhiệm cập nhật dữ liệu thiệt hại.
            """);
        Assert.Equal(["Các sở, ban, ngành tỉnh"], plan.Assignments.Select(a => a.Agency).Distinct());
    }
    [Fact]
    public void A_partner_at_every_level_is_not_a_supporting_body()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Giao thông vận tải chủ trì, phối hợp với Công an tỉnh và Ủy ban nhân dân các cấp kiểm tra hành lang an toàn đường bộ.
            """);
        Assert.Equal([("Sở Giao thông vận tải", AssignmentRole.Lead), ("Công an tỉnh", AssignmentRole.Support)], plan.Assignments.Select(a => (a.Agency, a.Role)));
    }

    [Fact]
    public void The_governments_agencies_without_cac_are_a_class_never_the_government()
    {
        var plan = PrimeMinistersDecision("Ban hành Kế hoạch kiểm kê tài sản công năm 2025", """
            1. Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp, cơ quan thuộc Chính phủ hướng dẫn kiểm kê.
            2. Cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương báo cáo kết quả trước ngày 31/10/2025.
            3. Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ công khai kết quả kiểm kê.
            """);
        Assert.DoesNotContain(plan.Assignments, a => a.Agency == "Chính phủ");
        Assert.Contains(plan.Assignments, a => a.Agency == "Cơ quan ngang bộ, cơ quan thuộc Chính phủ" && a.Due == new DateOnly(2025, 10, 31));
        Assert.Contains(plan.Assignments, a => a.Agency.Equals("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", StringComparison.OrdinalIgnoreCase));
    }
    [Fact]
    public void A_council_named_before_a_committee_shares_its_places()
    {
        var plan = PrimeMinistersDecision("Phê duyệt Đề án phát triển nghề muối giai đoạn 2025-2027", """
            1. Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương bố trí ngân sách hỗ trợ diêm dân.
            """);
        Assert.Equal(["Hội đồng nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
            plan.Assignments.Select(a => a.Agency).Distinct());
    }

    [Fact]
    public void A_table_task_that_opens_with_its_partners_names_them_as_support()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            Các nhiệm vụ cụ thể tại Phụ lục kèm theo.

            PHỤ LỤC
            | STT | Nhiệm vụ | Thời gian thực hiện |
            |---|---|---|
            | I | Sở Y tế | |
            | 1 | Phối hợp với Sở Giáo dục và Đào tạo, Phòng Cảnh sát giao thông tổ chức sơ cứu cho học sinh | Quý II/2024 |
            | 2 | Kiểm tra các cơ sở khám chữa bệnh | Quý III/2024 |
            | 3 | Phối hợp với Ủy ban nhân dân các địa phương rà soát trạm y tế | Quý IV/2024 |
            """);
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Giáo dục và Đào tạo" && a.Role == AssignmentRole.Support);
        Assert.Contains(plan.Assignments, a => a.Agency == "Phòng Cảnh sát giao thông" && a.Role == AssignmentRole.Support);
        Assert.Equal(3, plan.Assignments.Count(a => a.Agency == "Sở Y tế" && a.Role == AssignmentRole.Lead));
        // The localities' committees of a province's plan before 1/7/2025 are the districts'.
        Assert.Contains(plan.Assignments, a => a.Agency == "Ủy ban nhân dân cấp huyện" && a.Role == AssignmentRole.Support);
    }

    [Fact]
    public void A_unit_in_brackets_after_the_subject_leads_with_its_parent()
    {
        var plan = MiniPlans.Parse("""
            II. TỔ CHỨC THỰC HIỆN
            1. Sở Tài chính (Chi cục Thống kê) tổng hợp số liệu giá cả thị trường, báo cáo trước ngày 15/12/2025.
            2. Sở Y tế (Trung tâm Kiểm soát bệnh tật) theo dõi dịch bệnh trên địa bàn.
            3. Sở Xây dựng chủ trì lập kế hoạch; gửi báo cáo về Bộ Xây dựng (Cục Quản lý hoạt động xây dựng).
            4. Chi cục Kiểm lâm chủ trì, phối hợp với Hạt Kiểm lâm, Công an tỉnh tuần tra rừng.
            """);
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Tài chính" && a.Role == AssignmentRole.Lead);
        Assert.Contains(plan.Assignments, a => a.Agency == "Chi cục Thống kê" && a.Role == AssignmentRole.Lead);
        Assert.Contains(plan.Assignments, a => a.Agency == "Trung tâm Kiểm soát bệnh tật" && a.Role == AssignmentRole.Lead);
        // A unit in brackets after a recipient is only where the report goes.
        Assert.DoesNotContain(plan.Assignments, a => a.Agency.StartsWith("Cục Quản lý", StringComparison.Ordinal));
        // A head that is a whole name ("Hạt Kiểm lâm") ends at a comma.
        Assert.Contains(plan.Assignments, a => a.Agency == "Chi cục Kiểm lâm" && a.Role == AssignmentRole.Lead);
        Assert.Contains(plan.Assignments, a => a.Agency == "Hạt Kiểm lâm" && a.Role == AssignmentRole.Support);
    }

    [Fact]
    public void A_co_subject_class_without_cac_does_not_hide_the_named_subject()
    {
        var plan = MiniPlans.Parse("""
            Điều 5. Lập kế hoạch tuyển sinh
            1. Kế hoạch tuyển sinh được lập theo quy định của Luật Giáo dục.
            2. Việc lập kế hoạch tuyển sinh hằng năm được thực hiện như sau:
            a) Phòng Giáo dục và Đào tạo và đơn vị sự nghiệp công lập trực thuộc Sở Giáo dục và Đào tạo lập kế hoạch tuyển sinh, gửi Sở Giáo dục và Đào tạo trước ngày 15/12/2025.
            b) Sở Giáo dục và Đào tạo tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 25/12/2025.
            """);
        Assert.Contains(plan.Assignments, a => a.Agency == "Phòng Giáo dục và Đào tạo" && a.Role == AssignmentRole.Lead && a.Due == new DateOnly(2025, 12, 15));
        Assert.Contains(plan.Assignments, a => a.Agency == "Sở Giáo dục và Đào tạo" && a.Role == AssignmentRole.Lead && a.Due == new DateOnly(2025, 12, 25));
    }

    [Fact]
    public void A_clause_between_the_subject_and_its_verb_is_skipped()
    {
        var read = Parsing.Addressees.Read("Sở Xây dựng, căn cứ đề nghị của các cơ quan, đơn vị, địa phương, chủ trì tổng hợp nhu cầu vốn.", null);
        Assert.NotNull(read);
        Assert.Equal(["Sở Xây dựng"], read.Agencies.Select(a => a.Canonical));
        Assert.StartsWith("chủ trì tổng hợp", read.Rest, StringComparison.Ordinal);
        Assert.True(Parsing.Addressees.OpensDuty(read.Rest));
    }

    [Fact]
    public void A_second_title_in_brackets_does_not_cut_the_execution_clause()
    {
        var plan = MiniPlans.Parse("""
            Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc (Thủ trưởng) các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này.
            """);
        Assert.Contains(plan.Assignments, a => a.Agency == "Văn phòng Ủy ban nhân dân tỉnh");
        Assert.Contains(plan.Assignments, a => a.Agency == "Các sở, ban, ngành");
    }

    [Fact]
    public void Two_leading_clauses_before_the_subject_are_skipped()
    {
        var read = Parsing.Addressees.Read("Trong thời hạn 05 ngày làm việc, sau khi nhận được hồ sơ hợp lệ, Phòng Kinh tế chủ trì thẩm định.", null);
        Assert.NotNull(read);
        Assert.Equal(["Phòng Kinh tế"], read.Agencies.Select(a => a.Canonical));
        Assert.StartsWith("chủ trì thẩm định", read.Rest, StringComparison.Ordinal);
    }

    /// <summary>A decision of the Prime Minister whose Article 2 carries the duties.</summary>
    private static ParsedPlan PrimeMinistersDecision(string title, string article2) => Parsing.PlanParser.ParseText($"""
        THỦ TƯỚNG CHÍNH PHỦ
        Số: 77/QĐ-TTg
        Hà Nội, ngày 10 tháng 3 năm 2025
        QUYẾT ĐỊNH
        {title}
        Điều 1. Phê duyệt.
        Điều 2. Tổ chức thực hiện
        {article2}
        """);
}
