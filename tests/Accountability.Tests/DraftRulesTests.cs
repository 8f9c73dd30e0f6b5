using Accountability.Infrastructure;
using Accountability.Plans.Drafts;
using Accountability.Plans.Revisions;

namespace Accountability.Tests;

/// <summary>A draft's edits and the text rules, without a database.</summary>
public sealed class DraftRulesTests
{
    private static readonly DateTimeOffset Read = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private static PlanDraft Draft()
    {
        var header = new PlanHeader("5/KH-UBND", "UBND tỉnh Quảng Ngãi", new DateOnly(2026, 3, 10), null, null, null, null, null, null, null, null);
        PlanRow Row(string key, string agency, string id, string task) =>
            new(key, agency, id, agency, "department", "lead", [], [], task, "III.1", new DateOnly(2027, 6, 30), "trước ngày 30/6/2027", "none", null, false, false, null, ["a check"]);
        var rows = new[] { Row("k1", "Sở Tư pháp", "so-tu-phap", "Tuyên truyền."), Row("k2", "Sở Tài chính", "so-tai-chinh", "Bố trí kinh phí.") };
        return PlanDraft.Open(Guid.NewGuid(), new PlanReading(header, rows, [], [], "reader", "clerk", Read), rows, null);
    }

    private static RowEdit Edit(string agency = "Sở Xây dựng", string id = "so-xay-dung", string task = "Tuyên truyền.", DateOnly? due = null) =>
        new(agency, id, "department", false, "lead", task, due ?? new DateOnly(2027, 6, 30), "none", []);

    [Fact]
    public void A_correction_records_who_when_and_each_field_before_and_after_and_keeps_the_reading()
    {
        var draft = Draft();
        var at = Read.AddHours(2);
        var edited = draft.CorrectRow("k1", Edit(due: new DateOnly(2027, 10, 15)), "chuyen-vien-a", at);

        Assert.Equal(2, edited.Version);
        var row = edited.Row("k1");
        Assert.Equal(("Sở Xây dựng", "so-xay-dung", new DateOnly(2027, 10, 15)), (row.Agency, row.AgencyId, row.Due!.Value));
        Assert.Equal(["a check"], row.Checks); // the reader's doubts stay with the row
        var correction = Assert.Single(edited.Corrections);
        Assert.Equal((Correction.RowCorrected, "k1", "chuyen-vien-a", at), (correction.Kind, correction.Key, correction.By, correction.At));
        Assert.Equal([new FieldChange("agency", "Sở Tư pháp", "Sở Xây dựng"), new FieldChange("due", "2027-06-30", "2027-10-15")], correction.Changes);
        Assert.Equal("Sở Tư pháp", edited.Reading.Rows[0].Agency);
        Assert.Same(edited, edited.CorrectRow("k1", Edit(due: new DateOnly(2027, 10, 15)), "someone", at)); // nothing to change: no correction
    }

    [Fact]
    public void Rows_are_added_with_office_keys_and_dropped_and_an_unknown_key_is_refused()
    {
        var (added, row) = Draft().AddRow(Edit("Sở Công Thương", "so-cong-thuong", "Kiểm tra thị trường."), "III.9", "clerk", Read);
        Assert.Equal("office-1", row.Key);
        var (again, second) = added.AddRow(Edit("Sở Nội vụ", "so-noi-vu", "Tổng hợp."), null, "clerk", Read);
        Assert.Equal(("office-2", "added"), (second.Key, second.Section));
        var dropped = again.DropRow("k2", "clerk", Read);
        Assert.Equal(["k1", "office-1", "office-2"], dropped.Rows.Select(r => r.Key));
        Assert.Equal([Correction.RowAdded, Correction.RowAdded, Correction.RowDropped], dropped.Corrections.Select(c => c.Kind));
        Assert.Equal(4, dropped.Version);
        Assert.Throws<NoSuchDraftRow>(() => dropped.DropRow("k2", "clerk", Read));
        Assert.Throws<NoSuchDraftRow>(() => dropped.CorrectRow("nope", Edit(), "clerk", Read));
    }

    [Fact]
    public void A_confirmed_draft_takes_no_edit_and_cannot_be_confirmed_again_and_an_empty_one_cannot_be_confirmed()
    {
        var draft = Draft();
        var confirmed = draft.Confirm(new DraftConfirmation(Guid.NewGuid(), 1, [], "clerk", Read));
        Assert.Equal(DraftStatus.Confirmed, confirmed.Status);
        Assert.Throws<DraftRuleBroken>(() => confirmed.CorrectRow("k1", Edit(), "clerk", Read));
        Assert.Throws<DraftRuleBroken>(() => confirmed.Confirm(new DraftConfirmation(Guid.NewGuid(), 1, [], "clerk", Read)));
        var empty = draft.DropRow("k1", "clerk", Read).DropRow("k2", "clerk", Read);
        Assert.Throws<DraftRuleBroken>(empty.ReadyToConfirm);
    }

    [Fact]
    public void A_header_correction_lists_the_fields_it_changed()
    {
        var draft = Draft();
        var edited = draft.CorrectDocument(draft.Document with { Number = "55/KH-UBND", Title = "Kế hoạch" }, "clerk", Read);
        Assert.Equal([new FieldChange("number", "5/KH-UBND", "55/KH-UBND"), new FieldChange("title", null, "Kế hoạch")],
            Assert.Single(edited.Corrections).Changes);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("30/06/2027")]
    [InlineData("1800-01-01")]
    public void Impossible_or_out_of_range_dates_are_refused_naming_the_field(string value)
    {
        var e = Assert.Throws<InvalidField>(() => TextRules.Date("due", value));
        Assert.Equal("due", e.Field);
        Assert.StartsWith("due", e.Message);
    }

    [Fact]
    public void Text_is_bounded_and_holds_no_control_characters_but_a_task_may_run_over_lines()
    {
        Assert.Equal("Dòng một\nDòng hai", TextRules.Required("task", "  Dòng một\nDòng hai ", TextRules.TaskMax, multiline: true));
        Assert.Throws<InvalidField>(() => TextRules.Required("agency", "Sở\nY tế", TextRules.NameMax));
        Assert.Throws<InvalidField>(() => TextRules.Required("task", "Báo cáo\u0007", TextRules.TaskMax, multiline: true));
        Assert.Throws<InvalidField>(() => TextRules.Required("task", "Báo cáo \u202Eođ", TextRules.TaskMax, multiline: true));
        Assert.Throws<InvalidField>(() => TextRules.Required("task", new string('x', TextRules.TaskMax + 1), TextRules.TaskMax));
        Assert.Equal("x", TextRules.Required("task", new string('x', TextRules.TaskMax)[..1], TextRules.TaskMax));
        Assert.Equal("field", Assert.Throws<InvalidField>(() => TextRules.Required("field", "  ", 10)).Field);
        var role = Assert.Throws<InvalidField>(() => TextRules.OneOf("role", "boss", PlanRow.Roles));
        Assert.Contains("lead, support", role.Message);
        Assert.Equal("none", TextRules.OneOf("recurrence", null, PlanRow.Recurrences, otherwise: "none"));
    }
}
