using Accountability.Plans.Revisions;

namespace Accountability.Tests;

/// <summary>Matching two readings and revising a plan from the difference, without a database.</summary>
public sealed class PlanRevisionTests
{
    private static PlanRow Row(string key, string agency, string task, DateOnly? due = null, string section = "III.1", string role = "lead") =>
        new(key, agency, Agencies.Agency.IdFor(agency), agency, "department", role, [], [], task, section, due, null, "none", null, false, false, null, []);

    private static readonly DateOnly June = new(2027, 6, 30);
    private static readonly DateOnly July = new(2027, 7, 31);

    [Fact]
    public void Rows_match_by_key_then_by_agency_and_task_then_by_section_and_task()
    {
        var earlier = new[]
        {
            Row("k1", "Sở Y tế", "Kiểm tra cơ sở, hoàn thành trước ngày 30/6/2027.", June, "III.1"),
            Row("k2", "Sở Tư pháp", "Tuyên truyền pháp luật.", null, "III.2"),
            Row("k3", "Sở Tài chính", "Bố trí kinh phí.", null, "III.3"),
            Row("k4", "Sở Nội vụ", "Tổng hợp báo cáo.", null, "III.4"),
        };
        var later = new[]
        {
            Row("k1b", "Sở Y tế", "Kiểm tra  cơ sở, hoàn thành trước ngày 31/7/2027", July, "III.1"), // date moved: new key
            Row("k2b", "Sở Xây dựng", "Tuyên truyền pháp luật.", null, "III.2"),                    // another agency
            Row("k4b", "Sở Nội vụ", "Tổng hợp báo cáo.", null, "III.3"),                              // renumbered
            Row("k5", "Sở Công Thương", "Kiểm tra thị trường.", null, "III.4"),
        };
        var match = RowMatching.Match(earlier, later);
        Assert.Equal(["k1>k1b", "k2>k2b", "k4>k4b"], match.Pairs.Select(p => $"{p.Old.Key}>{p.New.Key}"));
        Assert.Equal("k3", Assert.Single(match.Vanished).Key);
        Assert.Equal("k5", Assert.Single(match.Added).Key);
    }

    [Fact]
    public void Duplicate_rows_pair_one_to_one_in_document_order()
    {
        var earlier = new[] { Row("a", "Sở Y tế", "Báo cáo."), Row("b", "Sở Y tế", "Báo cáo.") };
        var later = new[] { Row("x", "Sở Y tế", "Báo cáo."), Row("y", "Sở Y tế", "Báo cáo."), Row("z", "Sở Y tế", "Báo cáo.") };
        var match = RowMatching.Match(earlier, later);
        Assert.Equal(["a>x", "b>y"], match.Pairs.Select(p => $"{p.Old.Key}>{p.New.Key}"));
        Assert.Equal("z", Assert.Single(match.Added).Key);
        Assert.Empty(match.Vanished);
    }

    private static HeldAssignment Held(Guid id, PlanRow row, bool completed = false, bool withdrawn = false, string? agency = null) =>
        new(id, agency is null ? row.AgencyId : Agencies.Agency.IdFor(agency), agency ?? row.Agency, row.Task, row.Due, completed, withdrawn);

    [Fact]
    public void A_revision_withdraws_issues_changes_and_keeps_and_the_office_corrections_stand()
    {
        var y = Row("k1", "Sở Y tế", "Kiểm tra cơ sở.", June, "III.1");
        var t = Row("k2", "Sở Tư pháp", "Tuyên truyền pháp luật.", null, "III.2");
        var f = Row("k3", "Sở Tài chính", "Bố trí kinh phí.", null, "III.3");
        var n = Row("k4", "Sở Nội vụ", "Tổng hợp báo cáo.", null, "III.4");
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var office = Row("office-1", "Sở Công Thương", "Việc văn phòng thêm.", null, "added");
        var rows = new Dictionary<string, Guid> { ["k1"] = ids[0], ["k2"] = ids[1], ["k3"] = ids[2], ["k4"] = ids[3], ["office-1"] = ids[4] };
        var held = new Dictionary<Guid, HeldAssignment>
        {
            [ids[0]] = Held(ids[0], y), [ids[1]] = Held(ids[1], t), [ids[2]] = Held(ids[2], f),
            [ids[3]] = Held(ids[3], n, agency: "Sở Xây dựng"), // the office moved it by hand
            [ids[4]] = Held(ids[4], office),
        };
        var revised = new[]
        {
            y with { Key = "k1b", Due = July },
            t with { Key = "k2b", Agency = "Sở Giáo dục và Đào tạo", AgencyId = "so-giao-duc-va-dao-tao" },
            n with { Key = "k4b", Section = "III.3" },
            Row("k5", "Sở Công Thương", "Kiểm tra thị trường.", null, "III.4"),
        };

        var plan = PlanRevision.Decide([y, t, f, n], rows, held, revised);

        Assert.Equal("k5", Assert.Single(plan.Added).Key);
        Assert.Equal(ids[2], Assert.Single(plan.Withdrawn).AssignmentId);
        var redated = plan.Changed.Single(c => c.AssignmentId == ids[0]);
        Assert.True(redated.Redated);
        Assert.Equal(July, redated.Due);
        Assert.Null(redated.ToAgencyId);
        Assert.False(redated.Reworded);
        var moved = plan.Changed.Single(c => c.AssignmentId == ids[1]);
        Assert.Equal("so-giao-duc-va-dao-tao", moved.ToAgencyId);
        Assert.Equal([new FieldChange("agency", "Sở Tư pháp", "Sở Giáo dục và Đào tạo")], moved.Changes);
        // Nội vụ reads the same (renumbered only): the office's reassignment stands. Its own row stays too.
        Assert.Equal(new[] { ids[3], ids[4] }.Order(), plan.Unchanged.Select(u => u.AssignmentId).Order());
        Assert.Equal(new Dictionary<string, Guid> { ["k1b"] = ids[0], ["k2b"] = ids[1], ["k4b"] = ids[3], ["office-1"] = ids[4] },
            plan.Rows.ToDictionary(r => r.Key, r => r.AssignmentId));
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Completed_work_is_neither_changed_nor_withdrawn_and_a_note_says_so_and_dropped_rows_stay_dropped()
    {
        var a = Row("k1", "Sở Y tế", "Kiểm tra cơ sở.", June);
        var b = Row("k2", "Sở Tư pháp", "Tuyên truyền.", null, "III.2");
        var c = Row("k3", "Sở Tài chính", "Bố trí kinh phí.", null, "III.3");
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };
        // k3 was dropped by the office in its draft: no assignment carries it.
        var rows = new Dictionary<string, Guid> { ["k1"] = ids[0], ["k2"] = ids[1] };
        var held = new Dictionary<Guid, HeldAssignment> { [ids[0]] = Held(ids[0], a, completed: true), [ids[1]] = Held(ids[1], b, completed: true) };

        var plan = PlanRevision.Decide([a, b, c], rows, held, [a with { Due = July }, c with { Due = July }]);

        Assert.Empty(plan.Changed);
        Assert.Empty(plan.Withdrawn);
        Assert.Empty(plan.Added);
        Assert.Equal(2, plan.Notes.Count);
        Assert.Contains("completed", plan.Notes[0]);
        Assert.Equal(["k1", "k2"], plan.Rows.Select(r => r.Key).Order());
    }

    [Fact]
    public void The_same_reading_is_the_same_whatever_the_checks_and_a_header_field_takes_the_revised_value_only_where_readings_differ()
    {
        var a = Row("k1", "Sở Y tế", "Kiểm tra cơ sở.", June);
        var header = new PlanHeader("5/KH-UBND", "UBND tỉnh", new DateOnly(2026, 3, 10), "Tiêu đề", null, null, null, null, null, null, null);
        Assert.True(PlanRevision.SameReading(header, [a], header, [a with { Checks = ["a doubt"] }]));
        Assert.False(PlanRevision.SameReading(header, [a], header, [a with { Due = July }]));

        var corrected = header with { Title = "Tiêu đề đã sửa" };
        var revised = header with { PeriodTo = new DateOnly(2027, 12, 31) };
        var after = PlanRevision.Header(header, corrected, revised);
        Assert.Equal("Tiêu đề đã sửa", after.Title); // the office's correction stands
        Assert.Equal(new DateOnly(2027, 12, 31), after.PeriodTo); // the new reading's change applies
    }
}
