using Accountability.Deadlines;
using Accountability.Time;
using Microsoft.Extensions.Configuration;

namespace Accountability.Tests;

public class NoticeScheduleTests
{
    private static readonly NoticeSchedule Schedule = new(new WorkingCalendar(), new NotificationPolicy());

    private static DateTimeOffset Vn(int y, int m, int d, int h = 0, int min = 0) => VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    private static readonly Func<Occasion, DateTimeOffset?> NothingSent = _ => null;

    /// <summary>These occasions' notices were written at the given instant.</summary>
    private static Func<Occasion, DateTimeOffset?> Sent(DateTimeOffset at, params string[] keys) => o => keys.Contains(o.Key) ? at : null;

    // Tuesday 15/12/2026: reminders at 08:00 on 8/12, 11/12 (3 days before is a Saturday) and 14/12; the
    // deadline passes at 24:00 on 15/12.
    private static readonly DateOnly Due = new(2026, 12, 15);

    [Fact]
    public void Reminders_come_at_office_hours_seven_three_and_one_day_before_the_last_day_on_working_days()
    {
        Assert.Equal([Vn(2026, 12, 8, 8), Vn(2026, 12, 11, 8), Vn(2026, 12, 14, 8)], Schedule.Reminders(Due).Select(r => r.At));
        Assert.Equal(["reminder-7d", "reminder-3d", "reminder-1d"], Schedule.Reminders(Due).Select(r => r.Key));
    }

    [Fact]
    public void Before_the_first_reminder_nothing_is_owed_and_the_next_look_is_that_reminder()
    {
        Assert.Empty(Schedule.Owed(Due, Vn(2026, 12, 8, 7, 59), NothingSent));
        Assert.Equal(Vn(2026, 12, 8, 8), Schedule.Next(Due, Vn(2026, 12, 1), NothingSent));
        Assert.Equal(Vn(2026, 12, 8, 8), Schedule.First(Due));
    }

    [Fact]
    public void Only_the_latest_reminder_is_owed_when_several_have_come()
    {
        var owed = Schedule.Owed(Due, Vn(2026, 12, 14, 9), NothingSent);
        Assert.Equal("reminder-1d", Assert.Single(owed).Key);
        Assert.Empty(Schedule.Owed(Due, Vn(2026, 12, 14, 9), Sent(Vn(2026, 12, 14, 8), "reminder-1d")));
        Assert.Equal(Vn(2026, 12, 16), Schedule.Next(Due, Vn(2026, 12, 14, 9), NothingSent));
    }

    [Fact]
    public void The_overdue_notice_is_owed_from_the_instant_the_deadline_passes_and_not_a_tick_before()
    {
        var passes = Vn(2026, 12, 16);
        Assert.Equal(passes, DeadlineRules.PassesAt(Due, new WorkingCalendar()));
        Assert.Equal("reminder-1d", Assert.Single(Schedule.Owed(Due, passes.AddTicks(-1), NothingSent)).Key);
        Assert.Equal("overdue", Assert.Single(Schedule.Owed(Due, passes, NothingSent)).Key);
    }

    [Fact]
    public void Escalation_waits_two_working_days_after_the_last_day()
    {
        // Friday 27/11/2026: overdue from Saturday; the working days after are Monday 30/11 and Tuesday 1/12.
        var due = new DateOnly(2026, 11, 27);
        Assert.Equal(Vn(2026, 12, 2), Schedule.EscalatesAt(due));
        var overdueSent = Sent(Vn(2026, 11, 28), "overdue");
        Assert.Empty(Schedule.Owed(due, Vn(2026, 12, 1, 23, 59), overdueSent));
        Assert.Equal("escalation", Assert.Single(Schedule.Owed(due, Vn(2026, 12, 2), overdueSent)).Key);
        Assert.Equal(Vn(2026, 12, 2), Schedule.Next(due, Vn(2026, 11, 28, 1), overdueSent));
    }

    [Fact]
    public void Escalation_counts_working_days_so_Tet_holidays_do_not_count()
    {
        // Due Thursday 4/2/2027; Tết 2027 holidays run 5/2 to 9/2, so the two working days are 10/2 and 11/2.
        Assert.Equal(Vn(2027, 2, 12), Schedule.EscalatesAt(new DateOnly(2027, 2, 4)));
    }

    [Fact]
    public void While_overdue_the_agency_is_reminded_every_week_at_office_hours_and_only_the_latest_missed_week_is_owed()
    {
        var passes = Vn(2026, 12, 16);
        var told = Sent(passes, "overdue", "escalation");
        Assert.Equal(Vn(2026, 12, 23, 8), Schedule.Next(Due, passes.AddMinutes(1), told));
        Assert.Empty(Schedule.Owed(Due, Vn(2026, 12, 23, 8).AddTicks(-1), told));
        Assert.Equal("overdue-reminder-1", Assert.Single(Schedule.Owed(Due, Vn(2026, 12, 23, 8), told)).Key);
        Assert.Equal("overdue-reminder-3", Assert.Single(Schedule.Owed(Due, Vn(2027, 1, 8, 9), told)).Key);
        Assert.Equal(Vn(2027, 1, 13, 8), Schedule.Next(Due, Vn(2027, 1, 8, 9), told));
    }

    [Fact]
    public void Weekly_repeats_count_from_when_the_agency_was_told_not_from_the_deadline()
    {
        // Told three weeks late (a plan imported late, a service that was down): the first repeat is a week later.
        var told = Vn(2027, 1, 6, 10);
        var sent = Sent(told, "overdue", "escalation");
        Assert.Empty(Schedule.Owed(Due, told.AddMinutes(3), sent));
        Assert.Equal(Vn(2027, 1, 13, 8), Schedule.Next(Due, told.AddMinutes(3), sent));
        Assert.Equal("overdue-reminder-1", Assert.Single(Schedule.Owed(Due, Vn(2027, 1, 13, 8), sent)).Key);
    }

    [Fact]
    public void A_plan_imported_years_late_owes_one_overdue_notice_and_the_escalation_not_every_missed_reminder()
    {
        var due = new DateOnly(2021, 11, 15);
        var owed = Schedule.Owed(due, Vn(2026, 11, 24, 10), NothingSent);
        Assert.Equal(["overdue", "escalation"], owed.Select(o => o.Key));
        // The next look is the next weekly reminder after now, not one for each week since 2021.
        // Once told, the next look is a week on, not one for each week since 2021.
        var told = Sent(Vn(2026, 11, 24, 10), "overdue", "escalation");
        Assert.Equal(Vn(2026, 12, 1, 8), Schedule.Next(due, Vn(2026, 11, 24, 10), told));
        Assert.Empty(Schedule.Owed(due, Vn(2026, 11, 30, 10), told));
    }

    [Fact]
    public void A_deadline_in_Tet_is_reminded_before_the_break_once_not_three_times_during_it()
    {
        // Due Monday 16/2/2026, the eve of Tết: the last day is Monday 23/2. 7, 3 and 1 days before all fall in
        // the break (14/2 to 22/2), so they come together on Friday 13/2, as one reminder.
        var reminder = Assert.Single(Schedule.Reminders(new DateOnly(2026, 2, 16)));
        Assert.Equal((Vn(2026, 2, 13, 8), "reminder-1d"), (reminder.At, reminder.Key));
        Assert.Equal(Vn(2026, 2, 24), DeadlineRules.PassesAt(new DateOnly(2026, 2, 16), new WorkingCalendar()));
    }

    [Fact]
    public void Lists_in_configuration_replace_the_defaults()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:ReminderDays:0"] = "5",
            ["Notifications:WebhookBackoff:0"] = "00:00:30",
            ["Notifications:EscalateAfterWorkingDays"] = "3",
        }).Build();
        var policy = NotificationPolicy.From(config.GetSection("Notifications"));
        Assert.Equal([5], policy.ReminderDays);
        Assert.Equal([TimeSpan.FromSeconds(30)], policy.WebhookBackoff);
        Assert.Equal(3, policy.EscalateAfterWorkingDays);
        Assert.Equal([7, 3, 1], NotificationPolicy.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build().GetSection("Notifications")).ReminderDays);
    }

    [Fact]
    public void Settings_change_the_occasions()
    {
        var policy = new NotificationPolicy { ReminderDays = [2], RepeatOverdueEveryDays = 0, EscalateAfterWorkingDays = 0, ReminderTime = new TimeOnly(7, 30) };
        var schedule = new NoticeSchedule(new WorkingCalendar(), policy);
        Assert.Equal([Vn(2026, 12, 11, 7, 30)], schedule.Reminders(Due).Select(r => r.At)); // 2 days before is a Sunday
        Assert.Equal(["overdue", "escalation"], schedule.Owed(Due, Vn(2026, 12, 16), NothingSent).Select(o => o.Key));
        Assert.Null(schedule.Next(Due, Vn(2026, 12, 16), Sent(Vn(2026, 12, 16), "overdue", "escalation")));
    }

    [Fact]
    public void Settings_that_cannot_work_are_named()
    {
        var problems = new NotificationPolicy { ReminderDays = [-1], RepeatOverdueEveryDays = -7, CoordinatingOffice = " " }.Problems().ToList();
        Assert.Equal(3, problems.Count);
        Assert.Empty(new NotificationPolicy().Problems());
    }
}
