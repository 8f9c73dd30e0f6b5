using Accountability.Deadlines;
using Accountability.Time;

namespace Accountability.Scorecards;

/// <summary>The box an assignment falls in at a moment: Vietnam's four, plus work with no deadline.</summary>
public enum Box { CompletedOnTime, CompletedLate, OpenInTime, OpenOverdue, NoDeadline }

/// <summary>
/// The figures of one scorecard (an agency, one of its plans, or everyone).
/// OnTimeRate = completed on time ÷ (all completed + open overdue): late work still open counts against the
/// agency, so a period with overdue work never shows 100%. Null when nothing is completed or overdue.
/// Days late: a late completion counts the days from the last day to the day it took effect; open overdue
/// work counts the days so far. Hours to acknowledge: from the moment the agency was given the duty (issue or
/// reassignment) to its first answer (acknowledgement, progress report, completion or decline); the median.
/// </summary>
public sealed record Tally(
    int Assigned,
    int CompletedOnTime,
    int CompletedLate,
    int OpenInTime,
    int OpenOverdue,
    int NoDeadline,
    int Withdrawn,
    double? OnTimeRate,
    double? AverageDaysLate,
    int? WorstDaysLate,
    double? MedianHoursToAcknowledge,
    int NotYetAcknowledged,
    DateOnly? LastReportOn,
    int Backdated)
{
    /// <summary>Duties counted here that a succession moved in from an agency that ended (their earlier holder is in their history).</summary>
    public int TransferredIn { get; init; }
}

public sealed record PlanTally(Guid PlanId, string? PlanNumber, Tally Figures);

public sealed record AgencyScorecard(string AgencyId, string Agency, Tally Total, IReadOnlyList<PlanTally> Plans);

/// <summary>Every agency's scorecard at one moment, and the figures of all of them together.</summary>
public sealed record ScorecardBook(DateTimeOffset AsOf, Tally All, IReadOnlyList<AgencyScorecard> Scorecards);

/// <summary>
/// Sorts assignments into boxes and adds them up. Plain rules: the moment and the working calendar are inputs,
/// so the scorecard now and the scorecard as of a past moment are the same computation.
/// </summary>
public static class Scorecard
{
    /// <summary>The box of an open or completed assignment at a moment, and how many days late it is (0 when not late).</summary>
    public static (Box Box, int DaysLate) BoxOf(ScorecardEntry e, DateTimeOffset at, WorkingCalendar calendar) =>
        BoxOf(e.Due, e.CompletedOn, e.DueAtCompletion, at, calendar);

    /// <summary>The same rule from the three dates it reads, for lists that count many assignments without loading them.</summary>
    public static (Box Box, int DaysLate) BoxOf(DateOnly? due, DateOnly? completedOn, DateOnly? dueAtCompletion, DateTimeOffset at, WorkingCalendar calendar)
    {
        if (completedOn is { } done)
        {
            var (onTime, late) = DeadlineRules.Completion(dueAtCompletion, done, calendar);
            return (onTime ? Box.CompletedOnTime : Box.CompletedLate, late);
        }
        if (due is not { } open) return (Box.NoDeadline, 0);
        if (at < DeadlineRules.PassesAt(open, calendar)) return (Box.OpenInTime, 0);
        return (Box.OpenOverdue, VietnamTime.DateOf(at).DayNumber - DeadlineRules.LastDay(open, calendar).DayNumber);
    }

    public static ScorecardBook Build(IEnumerable<ScorecardEntry> entries, DateTimeOffset at, WorkingCalendar calendar)
    {
        var list = entries.ToList();
        var cards = list
            .GroupBy(e => e.AgencyId)
            .Select(agency => new AgencyScorecard(
                agency.Key,
                agency.First().Agency,
                Add(agency, at, calendar),
                agency.GroupBy(e => e.PlanId)
                    .Select(plan => new PlanTally(plan.Key, plan.First().PlanNumber, Add(plan, at, calendar)))
                    .OrderBy(p => p.PlanNumber, StringComparer.Ordinal)
                    .ToList()))
            .ToList();
        return new ScorecardBook(at, Add(list, at, calendar), cards);
    }

    public static Tally Add(IEnumerable<ScorecardEntry> entries, DateTimeOffset at, WorkingCalendar calendar)
    {
        int onTime = 0, late = 0, inTime = 0, overdue = 0, noDeadline = 0, withdrawn = 0, unanswered = 0, backdated = 0, transferredIn = 0;
        var daysLate = new List<int>();
        var hoursToAnswer = new List<double>();
        DateOnly? lastReport = null;
        foreach (var e in entries)
        {
            if (e.Withdrawn)
            {
                withdrawn++;
                continue;
            }
            if (e.TransferredFrom is not null) transferredIn++;
            var (box, days) = BoxOf(e, at, calendar);
            switch (box)
            {
                case Box.CompletedOnTime: onTime++; break;
                case Box.CompletedLate: late++; break;
                case Box.OpenInTime: inTime++; break;
                case Box.OpenOverdue: overdue++; break;
                case Box.NoDeadline: noDeadline++; break;
            }
            if (days > 0) daysLate.Add(days);
            if (e.RespondedAt is { } answered) hoursToAnswer.Add((answered - e.HeldSince).TotalHours);
            else if (e.CompletedOn is null) unanswered++;
            if (e.Backdated && e.CompletedOn is not null) backdated++;
            if (e.LastReportOn is { } report && (lastReport is null || report > lastReport)) lastReport = report;
        }
        var judged = onTime + late + overdue;
        return new Tally(
            onTime + late + inTime + overdue + noDeadline, onTime, late, inTime, overdue, noDeadline, withdrawn,
            judged == 0 ? null : Math.Round((double)onTime / judged, 4),
            daysLate.Count == 0 ? null : Math.Round(daysLate.Average(), 1),
            daysLate.Count == 0 ? null : daysLate.Max(),
            Median(hoursToAnswer) is { } median ? Math.Round(median, 1) : null,
            unanswered,
            lastReport,
            backdated) { TransferredIn = transferredIn };
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
