namespace Accountability.Deadlines;

/// <summary>
/// One year's announced changes for civil servants: days swapped off (ngày nghỉ bù, hoán đổi), Saturdays made
/// working days (làm bù), and which day beside 2/9 is the second National Day holiday. A coordinator loads these.
/// </summary>
public sealed record YearAdjustments(
    int Year,
    IReadOnlyList<DateOnly> ExtraDaysOff,
    IReadOnlyList<DateOnly> MakeUpWorkingDays,
    DateOnly? NationalDaySecondDay = null);

/// <summary>
/// Which days are working days for state offices: Monday to Friday, less the public holidays of the Labour
/// Code 2019 (Art. 112) and the year's announced swaps, plus its make-up working Saturdays.
/// </summary>
public sealed class WorkingCalendar(IEnumerable<YearAdjustments>? adjustments = null)
{
    private readonly Dictionary<int, YearAdjustments> _adjustments = (adjustments ?? []).ToDictionary(a => a.Year);
    private readonly Dictionary<int, HashSet<DateOnly>> _holidays = [];

    /// <summary>
    /// The public holidays of a solar year: 1/1; Tết, five days: the last day of the lunar year and the first
    /// four of the new one; Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 and one day beside it (the announced
    /// one, else 3/9).
    /// </summary>
    public IReadOnlySet<DateOnly> PublicHolidays(int year)
    {
        if (_holidays.TryGetValue(year, out var cached)) return cached;
        var tet = LunarCalendar.NewYear(year);
        var days = new HashSet<DateOnly>
        {
            new(year, 1, 1),
            tet.AddDays(-1), tet, tet.AddDays(1), tet.AddDays(2), tet.AddDays(3),
            LunarCalendar.ToSolar(10, 3, year),
            new(year, 4, 30),
            new(year, 5, 1),
            new(year, 9, 2),
        };
        var adjustment = _adjustments.GetValueOrDefault(year);
        days.Add(adjustment?.NationalDaySecondDay ?? new DateOnly(year, 9, 3));
        _holidays[year] = days;
        return days;
    }

    public bool IsWorkingDay(DateOnly day)
    {
        var adjustment = _adjustments.GetValueOrDefault(day.Year);
        if (adjustment?.MakeUpWorkingDays.Contains(day) == true) return true;
        if (adjustment?.ExtraDaysOff.Contains(day) == true) return false;
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return !PublicHolidays(day.Year).Contains(day);
    }

    public DateOnly NextWorkingDayOnOrAfter(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }
}
