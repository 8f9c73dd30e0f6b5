using Accountability.Assignments;
using Accountability.Time;

namespace Accountability.Deadlines;

/// <summary>The states an office sorts every assignment into.</summary>
public enum DeadlineState { NoDeadline, OpenInTime, DueSoon, Overdue, CompletedOnTime, CompletedLate }

/// <summary>
/// When a due date really ends, and where an assignment stands. Written down in docs/deadlines.md:
/// - the due date is the date the plan writes ("trước ngày 15/11" → 15/11), and it ends at 24:00 Vietnam time;
/// - a time limit whose last day is a weekly rest day or public holiday ends at the end of the next working
///   day (Civil Code 2015, Art. 148);
/// - an extension replaces the due date from then on.
/// </summary>
public static class DeadlineRules
{
    public const int DueSoonDays = 3;

    /// <summary>The last day that still counts: the due date, or the next working day when it is a day off.</summary>
    public static DateOnly LastDay(DateOnly due, WorkingCalendar calendar) => calendar.NextWorkingDayOnOrAfter(due);

    /// <summary>The instant the deadline passes: 24:00 (Vietnam time) of its last day.</summary>
    public static DateTimeOffset PassesAt(DateOnly due, WorkingCalendar calendar)
        => VietnamTime.At(LastDay(due, calendar).AddDays(1), TimeOnly.MinValue);

    /// <summary>
    /// The latest due date whose deadline has passed at <paramref name="moment"/>. A deadline passes later the later
    /// its due date (days off only move it forward), so "overdue at this moment" is exactly "due on or before this
    /// date": a range a database index answers, with the calendar applied once instead of to every row.
    /// </summary>
    public static DateOnly LatestDuePassedBy(DateTimeOffset moment, WorkingCalendar calendar)
    {
        // A due date on the moment's own day passes at its 24:00 or later: start the day before and walk back
        // over the days off (at most the Tết break).
        var due = VietnamTime.DateOf(moment).AddDays(-1);
        while (PassesAt(due, calendar) > moment) due = due.AddDays(-1);
        return due;
    }

    /// <summary>
    /// The one definition of "completed on time", used by scorecards, alerts and the rules alike: the work took effect
    /// (<paramref name="done"/>, its effective date) on or before the last day of the due date in force on that day
    /// (<paramref name="dueInForce"/>: an extension recorded afterwards does not count). No due date: on time.
    /// Days late: from that last day to the day the work took effect (0 when on time).
    /// </summary>
    public static (bool OnTime, int DaysLate) Completion(DateOnly? dueInForce, DateOnly done, WorkingCalendar calendar)
    {
        if (dueInForce is not { } due) return (true, 0);
        var last = LastDay(due, calendar);
        return done <= last ? (true, 0) : (false, done.DayNumber - last.DayNumber);
    }

    /// <summary>Where an assignment stands; for completed work <paramref name="due"/> is the due date in force when it took effect.</summary>
    public static DeadlineState StateOf(DateOnly? due, DateOnly? completedOn, DateTimeOffset now, WorkingCalendar calendar)
    {
        if (completedOn is { } done)
            return Completion(due, done, calendar).OnTime ? DeadlineState.CompletedOnTime : DeadlineState.CompletedLate;
        if (due is null) return DeadlineState.NoDeadline;
        var passes = PassesAt(due.Value, calendar);
        if (now >= passes) return DeadlineState.Overdue;
        return passes - now <= TimeSpan.FromDays(DueSoonDays) ? DeadlineState.DueSoon : DeadlineState.OpenInTime;
    }

    /// <summary>
    /// Idempotent: null when there is nothing to mark (closed, no due date, already marked for this due date, or
    /// the deadline has not passed: 24:00 Vietnam time of its last working day, see <see cref="DeadlineRules"/>).
    /// </summary>
    public static AssignmentMarkedOverdue? MarkOverdue(Assignment a, WorkingCalendar calendar, string by, DateTimeOffset now)
    {
        if (a.IsClosed || a.Due is not { } due || a.OverdueMarkedFor == due) return null;
        if (StateOf(due, a.CompletedOn, now, calendar) != DeadlineState.Overdue) return null;
        return new AssignmentMarkedOverdue(due, by, now);
    }
}
