using Accountability.Deadlines;

namespace Accountability.Tests;

public class DeadlineCalendarTests
{
    private static readonly WorkingCalendar Calendar = new();

    [Theory]
    [InlineData(2020, "2020-01-25")]
    [InlineData(2021, "2021-02-12")]
    [InlineData(2022, "2022-02-01")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    public void Tet_is_computed_not_typed_in(int year, string solar) =>
        Assert.Equal(DateOnly.Parse(solar), LunarCalendar.NewYear(year));

    [Theory]
    [InlineData(2021, "2021-04-21")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void Gio_To_Hung_Vuong_is_the_tenth_day_of_the_third_lunar_month(int year, string solar) =>
        Assert.Equal(DateOnly.Parse(solar), LunarCalendar.ToSolar(10, 3, year));

    [Fact]
    public void A_deadline_in_a_late_January_Tet_moves_to_the_first_working_day_after()
    {
        // Tết 2025 is 29/1: days off 28/1 to 1/2, then a weekend.
        Assert.Equal(new DateOnly(2025, 2, 3), DeadlineRules.LastDay(new DateOnly(2025, 1, 30), Calendar));
    }

    [Fact]
    public void A_deadline_in_a_February_Tet_moves_to_the_first_working_day_after()
    {
        // Tết 2024 is 10/2: days off 9/2 to 13/2.
        Assert.Equal(new DateOnly(2024, 2, 14), DeadlineRules.LastDay(new DateOnly(2024, 2, 12), Calendar));
    }

    [Theory]
    [InlineData("2025-11-15", "2025-11-17")] // Saturday
    [InlineData("2025-11-30", "2025-12-01")] // Sunday
    [InlineData("2025-04-30", "2025-05-02")] // 30/4 and 1/5
    [InlineData("2025-09-02", "2025-09-04")] // 2/9 and, by default, 3/9
    [InlineData("2021-11-15", "2021-11-15")] // an ordinary Monday stays
    public void Weekends_and_holidays_end_at_the_next_working_day(string due, string lastDay) =>
        Assert.Equal(DateOnly.Parse(lastDay), DeadlineRules.LastDay(DateOnly.Parse(due), Calendar));

    [Fact]
    public void A_years_announced_swaps_and_make_up_saturdays_are_data()
    {
        var calendar = new WorkingCalendar([
            new YearAdjustments(2025, ExtraDaysOff: [new DateOnly(2025, 5, 2)], MakeUpWorkingDays: [new DateOnly(2025, 4, 26)], NationalDaySecondDay: new DateOnly(2025, 9, 1)),
        ]);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 4, 26))); // a Saturday worked in exchange
        Assert.Equal(new DateOnly(2025, 5, 5), DeadlineRules.LastDay(new DateOnly(2025, 4, 30), calendar));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 9, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 9, 3)));
    }

    [Fact]
    public void A_due_date_passes_at_midnight_Vietnam_time()
    {
        var passes = DeadlineRules.PassesAt(new DateOnly(2021, 11, 15), Calendar);
        Assert.Equal(new DateTimeOffset(2021, 11, 15, 17, 0, 0, TimeSpan.Zero), passes.ToUniversalTime());
    }

    [Theory]
    [InlineData("2025-11-17T00:00:00+07:00", "2025-11-14")] // Monday 00:00: Saturday's and Sunday's due dates still run today
    [InlineData("2025-11-17T23:59:59+07:00", "2025-11-14")]
    [InlineData("2025-11-18T00:00:00+07:00", "2025-11-17")] // Tuesday 00:00: Saturday's, Sunday's and Monday's have passed
    [InlineData("2025-02-03T12:00:00+07:00", "2025-01-27")] // the first working day after Tết 2025: only the last working day before it has passed
    public void The_latest_due_date_passed_by_a_moment(string moment, string latest) =>
        Assert.Equal(DateOnly.Parse(latest), DeadlineRules.LatestDuePassedBy(DateTimeOffset.Parse(moment), Calendar));

    [Fact]
    public void Overdue_at_a_moment_is_exactly_a_due_date_up_to_the_latest_passed()
    {
        // Every six hours over two years (two Tết breaks, every holiday and weekend), against every due date around.
        for (var moment = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero); moment.Year < 2027; moment = moment.AddHours(6))
        {
            var latest = DeadlineRules.LatestDuePassedBy(moment, Calendar);
            for (var due = latest.AddDays(-15); due <= latest.AddDays(15); due = due.AddDays(1))
                Assert.True(DeadlineRules.PassesAt(due, Calendar) <= moment == due <= latest, $"due {due} at {moment:O}");
        }
    }

    [Fact]
    public void States_an_office_recognises()
    {
        var due = new DateOnly(2021, 11, 15);
        var passes = DeadlineRules.PassesAt(due, Calendar);
        Assert.Equal(DeadlineState.NoDeadline, DeadlineRules.StateOf(null, null, passes, Calendar));
        Assert.Equal(DeadlineState.OpenInTime, DeadlineRules.StateOf(due, null, passes.AddDays(-5), Calendar));
        Assert.Equal(DeadlineState.DueSoon, DeadlineRules.StateOf(due, null, passes.AddDays(-2), Calendar));
        Assert.Equal(DeadlineState.DueSoon, DeadlineRules.StateOf(due, null, passes.AddTicks(-1), Calendar));
        Assert.Equal(DeadlineState.Overdue, DeadlineRules.StateOf(due, null, passes, Calendar));
        Assert.Equal(DeadlineState.CompletedOnTime, DeadlineRules.StateOf(due, due, passes.AddDays(30), Calendar));
        Assert.Equal(DeadlineState.CompletedLate, DeadlineRules.StateOf(due, due.AddDays(1), passes.AddDays(30), Calendar));
        // Due on a Saturday, done on the Monday after: on time (Civil Code Art. 148).
        Assert.Equal(DeadlineState.CompletedOnTime, DeadlineRules.StateOf(new DateOnly(2025, 11, 15), new DateOnly(2025, 11, 17), passes.AddYears(5), Calendar));
    }
}
