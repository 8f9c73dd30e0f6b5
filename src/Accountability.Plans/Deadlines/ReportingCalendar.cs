namespace Accountability.Plans.Deadlines;

/// <summary>One dated obligation produced from a deadline phrase.</summary>
public sealed record Occurrence(DateOnly Due, Recurrence Recurrence, string? Label, bool Tentative);

/// <summary>
/// Places deadline phrases in the plan's calendar: resolves a missing year from the plan, and expands
/// recurring deadlines into one occurrence per period inside the plan's period, from its issue date on.
/// </summary>
/// <remarks>
/// Where two recurring reports fall on one day (the Q4 report and the year report on 15/12) the longer
/// report stands for the shorter, as offices send one report then. A cycle without a day is never given
/// a default day: that would be a date the plan does not say.
/// </remarks>
public static class ReportingCalendar
{
    /// <summary>
    /// The dated occurrences of a deadline phrase inside the plan's period. A cycle without its day
    /// ("định kỳ hằng quý", "Hằng năm") yields none: no date is invented; the row says what to set instead.
    /// </summary>
    public static IReadOnlyList<Occurrence> Expand(DeadlineShape shape, PlanCalendar plan, ICollection<string> warnings, string where)
    {
        switch (shape)
        {
            case FixedDeadline f:
                return plan.LongBefore(f.Due) ? [] : [new Occurrence(f.Due, Recurrence.None, null, f.Tentative)];

            case QuarterDeadline q:
            {
                var year = plan.PlanYear;
                var due = new DateOnly(year, q.Quarter * 3, DateTime.DaysInMonth(year, q.Quarter * 3));
                return [new Occurrence(due, Recurrence.None, null, q.Tentative)];
            }

            case MonthDeadline m:
            {
                var year = plan.PlanYear;
                return [new Occurrence(new DateOnly(year, m.Month, DateTime.DaysInMonth(year, m.Month)), Recurrence.None, null, m.Tentative)];
            }

            case DayOfYearDeadline { EveryYear: false } d:
            {
                var year = plan.PlanYear + d.YearOffset;
                var due = new DateOnly(year, d.Month, Math.Min(d.Day, DateTime.DaysInMonth(year, d.Month)));
                if (plan.IssuedOn is { } issued && due < issued)
                {
                    due = due.AddYears(1);
                    warnings.Add($"{where}: '{d.Day}/{d.Month}' has no year and falls before the plan was issued; read as {due:dd/MM/yyyy}.");
                }
                return [new Occurrence(due, Recurrence.None, null, d.Tentative)];
            }

            case DayOfYearDeadline d:
            {
                var list = new List<Occurrence>();
                foreach (var year in plan.Years(warnings, where))
                {
                    var dueYear = year + d.YearOffset;
                    var due = new DateOnly(dueYear, d.Month, Math.Min(d.Day, DateTime.DaysInMonth(dueYear, d.Month)));
                    var label = d.Kind switch
                    {
                        Recurrence.Semiannual => $"{year}-H{(d.Month <= 6 ? 1 : 2)}",
                        Recurrence.Quarterly => $"{year}-Q{(d.Month + 2) / 3}",
                        _ => year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    if (plan.Within(due)) list.Add(new Occurrence(due, d.Kind, label, d.Tentative));
                }
                return list;
            }

            case CycleDayDeadline c:
            {
                var list = new List<Occurrence>();
                var step = c.Cycle == Recurrence.Quarterly ? 3 : 1;
                foreach (var year in plan.Years(warnings, where))
                    for (var month = step; month <= 12; month += step)
                    {
                        // The report on a period falls in that period's last month, or in the next one's.
                        var (y, m) = c.NextPeriod ? (month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1) : (year, month);
                        var due = new DateOnly(y, m, Math.Min(c.Day, DateTime.DaysInMonth(y, m)));
                        var label = c.Cycle == Recurrence.Quarterly ? $"{year}-Q{month / 3}" : $"{year}-{month:00}";
                        if (plan.Within(due)) list.Add(new Occurrence(due, c.Cycle, label, false));
                    }
                return list;
            }

            default:
                return [];
        }
    }

    public static int Rank(Recurrence r) => r switch
    {
        Recurrence.Yearly => 4,
        Recurrence.Semiannual => 3,
        Recurrence.Quarterly => 2,
        Recurrence.Monthly => 1,
        _ => 0,
    };
}

/// <summary>The plan's dates that deadlines are read against.</summary>
public sealed record PlanCalendar(DateOnly? IssuedOn, DateOnly? PeriodFrom, DateOnly? PeriodTo)
{
    /// <summary>The year a date without a year belongs to: a one-year plan's year, else the year of issue.</summary>
    public int PlanYear => PeriodFrom is { } from && PeriodTo is { } to && from.Year == to.Year ? from.Year
        : IssuedOn?.Year ?? PeriodFrom?.Year ?? PeriodTo?.Year ?? 2000;

    public IEnumerable<int> Years(ICollection<string> warnings, string where)
    {
        var first = Math.Max(PeriodFrom?.Year ?? IssuedOn?.Year ?? PlanYear, IssuedOn?.Year ?? int.MinValue);
        var last = PeriodTo?.Year ?? first;
        if (PeriodTo is null)
            warnings.Add($"{where}: the plan states no period; a recurring deadline was expanded for {first} only.");
        for (var y = first; y <= last; y++) yield return y;
    }

    /// <summary>
    /// An occurrence counts from the day the plan was issued to the end of its period; a plan that states no period
    /// is read for the year it was issued (a recurring duty's later years are the office's to add).
    /// </summary>
    public bool Within(DateOnly due) => (IssuedOn is null || due >= IssuedOn)
        && (PeriodTo is null ? due.Year <= PlanYear : due <= PeriodTo);

    /// <summary>A date long before the plan (a legal condition such as "xây dựng trước ngày 01/7/2004") is no deadline of it.</summary>
    public bool LongBefore(DateOnly due) => IssuedOn is { } issued && due < issued.AddYears(-2);
}
