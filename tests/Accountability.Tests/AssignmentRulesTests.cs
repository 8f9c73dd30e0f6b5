using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using Accountability.Time;

namespace Accountability.Tests;

public class AssignmentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static Assignment Issued(DateOnly? due = null) => Assignment.Create(new AssignmentIssued(
        Guid.NewGuid(), Guid.NewGuid(), "206/KH-UBND", "V.2", "cong-an-tinh", "Công an tỉnh", "lead", [], "Chủ trì rà soát.",
        due ?? new DateOnly(2021, 11, 15), "trước ngày 15/11/2021", null, false, "abc", "importer", Now, PlanIssued));

    /// <summary>206/KH-UBND was issued on 22/10/2021 and is imported today: its facts may take effect from then.</summary>
    private static readonly DateOnly PlanIssued = new(2021, 10, 22);

    [Fact]
    public void Issued_assignment_starts_open_at_version_one()
    {
        var a = Issued();
        Assert.Equal(AssignmentStatus.Issued, a.Status);
        Assert.Equal(1, a.Version);
        Assert.False(a.Acknowledged);
    }

    [Fact]
    public void An_agency_is_admitted_to_its_own_assignment_only_and_the_office_to_any()
    {
        var a = Issued();
        AssignmentRules.Admit(a, a.Id, new Sender("canbo.congan", "cong-an-tinh"));
        AssignmentRules.Admit(a, a.Id, new Sender("vanphong.ubnd")); // the coordinating office acts for no agency
        var refused = Assert.Throws<NotYourAssignment>(() => AssignmentRules.Admit(a, a.Id, new Sender("canbo.yte", "so-y-te")));
        Assert.Equal($"Assignment {a.Id} belongs to 'cong-an-tinh'; your token acts for 'so-y-te'.", refused.Message);
        var missing = Guid.NewGuid();
        Assert.Equal($"No assignment has id {missing}.", Assert.Throws<NoSuchAssignment>(() => AssignmentRules.Admit(null, missing, new Sender("vanphong.ubnd"))).Message);
    }

    [Fact]
    public void A_caller_who_names_a_version_must_have_seen_the_current_one()
    {
        var a = Issued();
        var acknowledged = a.Apply(AssignmentRules.Acknowledge(a, "cong-an-tinh", Now));
        AssignmentRules.Admit(acknowledged, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: 2));
        var stale = Assert.Throws<StaleVersion>(() => AssignmentRules.Admit(acknowledged, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: 1)));
        Assert.Equal("The assignment is at version 2, not 1; reload and try again.", stale.Message);

        // A notice and its delivery, written in the background while the form was open, do not make it stale; a decision does.
        var told = acknowledged.Apply(new NoticeDelivered("n1", "email", 1, "system", Now));
        Assert.Equal((3, 1), (told.Version, told.Quiet));
        foreach (var seen in new[] { 2, 3 }) AssignmentRules.Admit(told, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: seen));
        Assert.Throws<StaleVersion>(() => AssignmentRules.Admit(told, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: 1)));
        Assert.Throws<StaleVersion>(() => AssignmentRules.Admit(told, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: 4)));
        var decided = told.Apply(new ProgressReported(40, null, null, new DateOnly(2026, 11, 24), "canbo.congan", Now));
        Assert.Throws<StaleVersion>(() => AssignmentRules.Admit(decided, a.Id, new Sender("canbo.congan", "cong-an-tinh", ExpectedVersion: 3)));
    }

    [Fact]
    public void Acknowledged_once()
    {
        var a = Issued();
        var acknowledged = a.Apply(AssignmentRules.Acknowledge(a, "cong-an-tinh", Now));
        Assert.True(acknowledged.Acknowledged);
        Assert.Equal(AssignmentStatus.Acknowledged, acknowledged.Status);
        Assert.Equal(2, acknowledged.Version);
        Assert.False(a.Acknowledged); // the state handed in is never changed
        var e = Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Acknowledge(acknowledged, "x", Now));
        Assert.Contains("already acknowledged", e.Message);
    }

    [Fact]
    public void Progress_is_recorded_with_its_effective_date()
    {
        var a = Issued();
        var e = AssignmentRules.ReportProgress(a, 40, "Đã rà soát 12 cơ sở", "BC-15", new DateOnly(2021, 10, 30), Today, "cong-an-tinh", Now);
        Assert.Equal(PlanIssued, AssignmentRules.ReportProgress(a, 5, null, null, PlanIssued, Today, "x", Now).EffectiveOn);
        Assert.Equal((40, new DateOnly(2021, 10, 30)), (e.Percent, e.EffectiveOn));
        Assert.Equal(40, a.Apply(e).Percent);
        Assert.Equal("percent", Assert.Throws<InvalidField>(() => AssignmentRules.ReportProgress(a, 120, null, null, null, Today, "x", Now)).Field);
        Assert.Equal("effectiveOn", Assert.Throws<InvalidField>(() => AssignmentRules.ReportProgress(a, 10, null, null, Today.AddDays(1), Today, "x", Now)).Field);
        Assert.Equal("effectiveOn", Assert.Throws<InvalidField>(() => AssignmentRules.ReportProgress(a, 10, null, null, PlanIssued.AddDays(-1), Today, "x", Now)).Field);
    }

    [Fact]
    public void A_past_completion_keeps_its_effective_date()
    {
        var a = Issued();
        var e = AssignmentRules.Complete(a, new DateOnly(2021, 11, 10), "Công văn 123/CAT", Today, "cong-an-tinh", Now);
        var done = a.Apply(e);
        Assert.Equal(AssignmentStatus.Completed, done.Status);
        Assert.Equal(new DateOnly(2021, 11, 10), done.CompletedOn);
        Assert.Equal(Now, e.At);
    }

    [Fact]
    public void Completion_happens_once_and_a_correction_is_its_own_event()
    {
        var a = Issued();
        var done = a.Apply(AssignmentRules.Complete(a, null, null, Today, "x", Now));
        Assert.Equal(Today, done.CompletedOn);
        var e = Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Complete(done, null, null, Today, "x", Now));
        Assert.Contains("correction", e.Message);
        var corrected = done.Apply(AssignmentRules.CorrectCompletion(done, new DateOnly(2021, 11, 12), null, "Ngày trên công văn", Today, "x", Now));
        Assert.Equal(new DateOnly(2021, 11, 12), corrected.CompletedOn);
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.CorrectCompletion(a, Today, null, "lý do", Today, "x", Now));
    }

    [Fact]
    public void Completion_cannot_be_dated_in_the_future_nor_before_the_plan()
    {
        var future = Assert.Throws<InvalidField>(() => AssignmentRules.Complete(Issued(), Today.AddDays(2), null, Today, "x", Now));
        Assert.Equal("effectiveOn", future.Field);
        Assert.Contains("future", future.Message);
        var backdated = Assert.Throws<InvalidField>(() => AssignmentRules.Complete(Issued(), new DateOnly(1900, 1, 1), null, Today, "x", Now));
        Assert.Contains("before the plan was issued (2021-10-22)", backdated.Message);
        var done = Issued().Apply(AssignmentRules.Complete(Issued(), null, null, Today, "x", Now));
        Assert.Equal("effectiveOn", Assert.Throws<InvalidField>(() => AssignmentRules.CorrectCompletion(done, DateOnly.MinValue, null, "lý do", Today, "x", Now)).Field);
    }

    [Fact]
    public void Facts_take_effect_from_the_plans_issue_date_or_the_import_when_the_plan_gives_none_or_a_later_one()
    {
        AssignmentIssued Issue(DateOnly? planIssued) => new(Guid.NewGuid(), Guid.NewGuid(), null, "I.1", "so-y-te", "Sở Y tế", "lead", [], "Rà soát.",
            null, null, null, false, "k", "importer", Now, planIssued);
        Assert.Equal(PlanIssued, Assignment.EffectiveFromOf(Issue(PlanIssued)));
        Assert.Equal(Today, Assignment.EffectiveFromOf(Issue(null)));
        Assert.Equal(Today, Assignment.EffectiveFromOf(Issue(Today.AddDays(30)))); // a misread future date cannot lock the duty
    }

    [Fact]
    public void Nothing_but_history_after_withdrawal()
    {
        var a = Issued();
        var withdrawn = a.Apply(AssignmentRules.Withdraw(a, "Kế hoạch bị thay thế", "coordinator", Now));
        Assert.Equal(AssignmentStatus.Withdrawn, withdrawn.Status);
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.ReportProgress(withdrawn, 10, null, null, null, Today, "x", Now));
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Complete(withdrawn, null, null, Today, "x", Now));
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Acknowledge(withdrawn, "x", Now));
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Extend(withdrawn, Today, "lý do", "x", Now));
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Withdraw(withdrawn, "again", "x", Now));
    }

    [Fact]
    public void An_extension_needs_a_reason_and_a_later_date()
    {
        var a = Issued(new DateOnly(2021, 11, 15));
        Assert.Equal("reason", Assert.Throws<InvalidField>(() => AssignmentRules.Extend(a, new DateOnly(2021, 12, 1), " ", "x", Now)).Field);
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Extend(a, new DateOnly(2021, 11, 1), "lý do", "x", Now));
        Assert.Equal("newDue", Assert.Throws<InvalidField>(() => AssignmentRules.Extend(a, Today.AddYears(11), "lý do", "x", Now)).Field);
        var e = AssignmentRules.Extend(a, new DateOnly(2021, 12, 1), "Chờ số liệu của Bộ", "coordinator", Now);
        Assert.Equal(new DateOnly(2021, 11, 15), e.PreviousDue);
        Assert.Equal(new DateOnly(2021, 12, 1), a.Apply(e).Due);
    }

    [Fact]
    public void Reassignment_moves_the_duty_and_asks_for_a_new_acknowledgement()
    {
        var a = Issued();
        var acknowledged = a.Apply(AssignmentRules.Acknowledge(a, "x", Now));
        var moved = acknowledged.Apply(AssignmentRules.Reassign(acknowledged, "so-y-te", "Sở Y tế", "Chức năng chuyển sang Sở Y tế", "coordinator", Now));
        Assert.Equal(("so-y-te", "Sở Y tế", false), (moved.AgencyId, moved.Agency, moved.Acknowledged));
        Assert.Throws<AssignmentRuleBroken>(() => AssignmentRules.Reassign(moved, "so-y-te", "Sở Y tế", "lý do", "x", Now));
        Assert.Throws<InvalidField>(() => AssignmentRules.Reassign(moved, "so-tu-phap", "Sở Tư pháp", "", "x", Now));
    }

    [Fact]
    public void Overdue_is_marked_once_per_due_date_and_never_when_closed()
    {
        var a = Issued(new DateOnly(2021, 11, 15));
        var calendar = new WorkingCalendar();
        var passes = DeadlineRules.PassesAt(new DateOnly(2021, 11, 15), calendar); // 24:00 ICT on 15/11/2021
        Assert.Null(DeadlineRules.MarkOverdue(a, calendar, "deadline", passes.AddTicks(-1)));
        var marked = DeadlineRules.MarkOverdue(a, calendar, "deadline", passes);
        Assert.NotNull(marked);
        var overdue = a.Apply(marked!);
        Assert.Null(DeadlineRules.MarkOverdue(overdue, calendar, "deadline", Now));
        var extended = overdue.Apply(AssignmentRules.Extend(overdue, new DateOnly(2022, 1, 31), "lý do", "x", Now));
        Assert.NotNull(DeadlineRules.MarkOverdue(extended, calendar, "deadline", Now));
        var done = a.Apply(AssignmentRules.Complete(a, null, null, Today, "x", Now));
        Assert.Null(DeadlineRules.MarkOverdue(done, calendar, "deadline", Now));
        // Due on a Saturday: not overdue until the Monday after has ended (Civil Code Art. 148).
        var saturday = Issued(new DateOnly(2025, 11, 15));
        Assert.Null(DeadlineRules.MarkOverdue(saturday, calendar, "deadline", new DateTimeOffset(2025, 11, 17, 12, 0, 0, TimeSpan.FromHours(7))));
    }

    [Fact]
    public void Today_is_the_date_in_Vietnam()
    {
        // 18:30 UTC on 24/11 is already 01:30 on 25/11 in Hà Nội.
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 11, 25), VietnamTime.Today(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
