using Accountability.Agencies.Successions;
using Accountability.Assignments;
using Accountability.Plans.Cascade;

namespace Accountability.Tests;

/// <summary>Where a duty goes when its agency ends, and which parent duty a sub-plan answers: plain rules, no database.</summary>
public sealed class SuccessionRulesTests
{
    private const string Labour = "so-lao-dong-thuong-binh-va-xa-hoi";
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static AgencySuccession NationalLabour() =>
        NationalSuccessions.For(Labour, "Sở Lao động - Thương binh và Xã hội") ?? throw new InvalidOperationException("no national entry");

    private static Assignment Duty(string task, DateOnly issued, string agencyId = Labour, AssignmentStatus status = AssignmentStatus.Issued) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "V.1", agencyId, "Sở Lao động - Thương binh và Xã hội", task, null, status, false, 0, null, null, 1, null, issued);

    [Theory]
    [InlineData("Tổ chức các hoạt động phòng, chống tệ nạn xã hội tại cộng đồng", "so-y-te")]
    [InlineData("Hỗ trợ hộ nghèo, hộ cận nghèo tiếp cận dịch vụ", "so-nong-nghiep-va-moi-truong")]
    [InlineData("Đẩy mạnh giáo dục nghề nghiệp cho thanh niên", "so-giao-duc-va-dao-tao")]
    [InlineData("Tổ chức cai nghiện ma túy tự nguyện", "cong-an-tinh")]
    [InlineData("Giải quyết chế độ cho người có công", "so-noi-vu")]
    [InlineData("Tổng hợp tình hình chung", "so-noi-vu")]
    public void The_2025_table_splits_the_labour_department_by_topic(string task, string successor) =>
        Assert.Equal(successor, SuccessionRules.SuccessorFor(NationalLabour(), task, null).AgencyId);

    [Fact]
    public void A_general_duty_follows_its_plans_topic_and_an_agencys_name_is_no_topic()
    {
        // "Lao động" inside the ministry's name is not a duty about labour; the plan is about prostitution, a social evil.
        const string task = "Định kỳ tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh, Bộ Lao động - Thương binh và Xã hội.";
        Assert.Equal("so-noi-vu", SuccessionRules.SuccessorFor(NationalLabour(), task, null).AgencyId);
        Assert.Equal("so-y-te", SuccessionRules.SuccessorFor(NationalLabour(), task, "THỰC HIỆN CHƯƠNG TRÌNH PHÒNG, CHỐNG MẠI DÂM GIAI ĐOẠN 2021-2025").AgencyId);
    }

    [Fact]
    public void Only_open_duties_issued_before_the_succession_move_and_only_once_it_is_in_force()
    {
        var s = NationalLabour();
        Assert.Equal(new DateOnly(2025, 3, 1), s.EffectiveOn);
        Assert.Contains("nd45-2025", s.Basis);
        var task = "Phòng, chống mại dâm";
        Assert.Equal("so-y-te", SuccessionRules.Moves(s, Duty(task, new DateOnly(2021, 10, 22)), null, Today)?.AgencyId);
        Assert.Null(SuccessionRules.Moves(s, Duty(task, new DateOnly(2021, 10, 22), status: AssignmentStatus.Completed), null, Today));
        Assert.Null(SuccessionRules.Moves(s, Duty(task, new DateOnly(2021, 10, 22), status: AssignmentStatus.Withdrawn), null, Today));
        Assert.Null(SuccessionRules.Moves(s, Duty(task, new DateOnly(2025, 3, 1)), null, Today));
        Assert.Null(SuccessionRules.Moves(s, Duty(task, new DateOnly(2021, 10, 22)), null, new DateOnly(2025, 2, 28)));
        Assert.Null(SuccessionRules.Moves(s, Duty(task, new DateOnly(2021, 10, 22), agencyId: "so-y-te"), null, Today));
    }

    [Fact]
    public void Districts_pass_to_the_communes_and_wards_a_named_one_to_those_of_its_area()
    {
        var all = NationalSuccessions.For("uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho", "Ủy ban nhân dân các huyện, thị xã, thành phố");
        Assert.Equal(("uy-ban-nhan-dan-cac-xa-phuong", "Ủy ban nhân dân các xã, phường"), (all?.DefaultId, all?.Default));
        Assert.Equal(new DateOnly(2025, 7, 1), all?.EffectiveOn);

        var haLong = NationalSuccessions.For("uy-ban-nhan-dan-ha-long", "Ủy ban nhân dân Hạ Long");
        Assert.Equal("Ủy ban nhân dân các xã, phường trên địa bàn Hạ Long (cũ)", haLong?.Default);
        Assert.Equal("Ủy ban nhân dân các xã, phường trên địa bàn Hạ Long (cũ)", Assert.Single(haLong!.Successors).Agency);
    }

    [Theory]
    [InlineData("Ủy ban nhân dân Hạ Long", "Hạ Long")]
    [InlineData("Ủy ban nhân dân huyện Tiên Yên", "huyện Tiên Yên")]
    [InlineData("Ủy ban nhân dân tỉnh Quảng Ninh", null)]
    [InlineData("Ủy ban nhân dân Quảng Ninh", null)]
    [InlineData("Ủy ban nhân dân thành phố Hà Nội", null)]
    [InlineData("Ủy ban nhân dân các xã, phường", null)]
    [InlineData("Ủy ban nhân dân xã Hải Tiến", null)]
    [InlineData("Ủy ban Mặt trận Tổ quốc tỉnh", null)]
    [InlineData("Sở Y tế", null)]
    public void A_committee_named_by_a_place_that_is_no_province_or_commune_is_a_district(string name, string? place) =>
        Assert.Equal(place, NationalSuccessions.DistrictPlace(name));

    [Fact]
    public void Agencies_that_did_not_end_have_no_succession()
    {
        Assert.Null(NationalSuccessions.For("so-y-te", "Sở Y tế"));
        Assert.Null(NationalSuccessions.For("cong-an-tinh", "Công an tỉnh"));
    }

    [Theory]
    [InlineData("Ủy ban nhân dân tỉnh quảng ninh sở ytế", "so-y-te")]
    [InlineData("Ủy ban nhân dân tỉnh Quảng Ninh Sở Tư Pháp", "so-tu-phap")]
    [InlineData("Sở Y tế", "so-y-te")]
    [InlineData("", null)]
    public void A_sub_plans_issuer_is_the_last_body_in_its_header(string issuer, string? id) =>
        Assert.Equal(id, PlanCascade.IssuerOf(issuer));

    [Fact]
    public void A_sub_plan_answers_its_issuers_earliest_open_duty_to_make_a_plan()
    {
        const string makePlan = "Căn cứ Kế hoạch này xây dựng Kế hoạch triển khai thực hiện (gửi Sở Lao động - Thương binh và Xã hội trước ngày 15/11/2021)";
        Assignment Row(string task, DateOnly? due, AssignmentStatus status = AssignmentStatus.Issued, string agency = "so-y-te") =>
            Duty(task, new DateOnly(2021, 10, 22), agency, status) with { Due = due };
        var first = Row(makePlan, new DateOnly(2021, 11, 15));
        var report = Row(makePlan, new DateOnly(2022, 6, 15));
        var other = Row("Khám bệnh định kỳ", new DateOnly(2021, 11, 1));
        var someoneElse = Row(makePlan, new DateOnly(2021, 11, 1), agency: "so-tu-phap");
        Assert.Equal(first.Id, PlanCascade.Choose([report, other, someoneElse, first], "so-y-te")?.Id);
        var done = first with { Status = AssignmentStatus.Completed };
        Assert.Equal(report.Id, PlanCascade.Choose([report, done], "so-y-te")?.Id);
        Assert.Null(PlanCascade.Choose([other], "so-y-te"));
    }
}
