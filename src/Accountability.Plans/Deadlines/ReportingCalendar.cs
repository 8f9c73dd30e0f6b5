namespace Accountability.Plans.Deadlines;

/// <summary>One dated obligation produced from a deadline phrase.</summary>
public sealed record Occurrence(DateOnly Due, Recurrence Recurrence, string? Label, bool Tentative);

/// <summary>
/// Places deadline phrases in the plan's calendar: resolves a missing year from the plan, and expands
/// recurring deadlines into one occurrence per period inside the plan's period, from its issue date on.
/// </summary>
/// <remarks>
/// Default report days, used only when a plan names a cycle but no day ("định kỳ hàng quý, 6 tháng và cả năm"):
/// the 15th of the period's last month (15/3, 15/6, 15/9, 15/12; monthly the 15th). Decree 09/2019/NĐ-CP closes
/// reporting figures on the 14th of that month, and provincial plans that do name days use the 15th
/// ("trước ngày 15/6 … và trước ngày 15/12"). Where cycles coincide, the longer report stands for the
/// shorter: the half-year report replaces the Q2 report and the year report the Q4 (and H2) report.
/// </remarks>
public static class ReportingCalendar
{
    public const int DefaultReportDay = 15;

    public static IReadOnlyList<Occurrence> Expand(DeadlineShape shape, PlanCalendar plan, ICollection<string> warnings, string where)
    {
        switch (shape)
        {
            case FixedDeadline f:
                return [new Occurrence(f.Due, Recurrence.None, null, f.Tentative)];

            case DayOfYearDeadline { EveryYear: false } d:
            {
                var year = plan.PlanYear;
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
                    var due = new DateOnly(year, d.Month, Math.Min(d.Day, DateTime.DaysInMonth(year, d.Month)));
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
                foreach (var year in plan.Years(warnings, where))
                    for (var month = c.Cycle == Recurrence.Quarterly ? 3 : 1; month <= 12; month += c.Cycle == Recurrence.Quarterly ? 3 : 1)
                    {
                        var due = new DateOnly(year, month, Math.Min(c.Day, DateTime.DaysInMonth(year, month)));
                        var label = c.Cycle == Recurrence.Quarterly ? $"{year}-Q{month / 3}" : $"{year}-{month:00}";
                        if (plan.Within(due)) list.Add(new Occurrence(due, c.Cycle, label, false));
                    }
                return list;
            }

            case PeriodicDeadline p:
            {
                warnings.Add($"{where}: the plan sets a {string.Join(", ", p.Cycles.Select(Name))} report but no day; "
                    + "used the default report day, the 15th of each period's last month (15/3, 15/6, 15/9, 15/12), "
                    + "with the half-year report standing for Q2 and the year report for Q4.");
                var list = new List<Occurrence>();
                foreach (var year in plan.Years(warnings, where))
                {
                    var byMonth = new SortedDictionary<int, Occurrence>();
                    void Put(int month, Recurrence r, string label)
                    {
                        // The longer report wins a shared day: year over half-year over quarter over month.
                        var due = new DateOnly(year, month, DefaultReportDay);
                        if (!byMonth.TryGetValue(month, out var existing) || Rank(r) > Rank(existing.Recurrence))
                            byMonth[month] = new Occurrence(due, r, label, false);
                    }
                    foreach (var cycle in p.Cycles)
                    {
                        switch (cycle)
                        {
                            case Recurrence.Monthly:
                                for (var m = 1; m <= 12; m++) Put(m, cycle, $"{year}-{m:00}");
                                break;
                            case Recurrence.Quarterly:
                                for (var q = 1; q <= 4; q++) Put(q * 3, cycle, $"{year}-Q{q}");
                                break;
                            case Recurrence.Semiannual:
                                Put(6, cycle, $"{year}-H1");
                                Put(12, cycle, $"{year}-H2");
                                break;
                            case Recurrence.Yearly:
                                Put(12, cycle, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
                                break;
                        }
                    }
                    list.AddRange(byMonth.Values.Where(o => plan.Within(o.Due)));
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

    private static string Name(Recurrence r) => r switch
    {
        Recurrence.Yearly => "yearly",
        Recurrence.Semiannual => "half-yearly",
        Recurrence.Quarterly => "quarterly",
        Recurrence.Monthly => "monthly",
        _ => "one-off",
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

    /// <summary>An occurrence counts from the day the plan was issued to the end of its period.</summary>
    public bool Within(DateOnly due) => (IssuedOn is null || due >= IssuedOn) && (PeriodTo is null || due <= PeriodTo);
}
