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
    private readonly Dictionary<int, IReadOnlyDictionary<DateOnly, string>> _holidays = [];

    public YearAdjustments? AdjustmentsFor(int year) => _adjustments.GetValueOrDefault(year);

    /// <summary>A calendar with one year's announced changes replaced (or added).</summary>
    public WorkingCalendar With(YearAdjustments year) =>
        new(_adjustments.Values.Where(a => a.Year != year.Year).Append(year));

    /// <summary>
    /// The public holidays of a solar year: 1/1; Tết, five days: the last day of the lunar year and the first
    /// four of the new one; Giỗ Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 and one day beside it (the announced
    /// one, else 3/9).
    /// </summary>
    /// <remarks>With their Vietnamese names, as the calendar endpoint shows them.</remarks>
    public IReadOnlyDictionary<DateOnly, string> Holidays(int year)
    {
        lock (_holidays)
        {
            if (_holidays.TryGetValue(year, out var cached)) return cached;
            var tet = LunarCalendar.NewYear(year);
            var days = new SortedDictionary<DateOnly, string>
            {
                [new(year, 1, 1)] = "Tết Dương lịch",
                [tet.AddDays(-1)] = "Tết Nguyên đán (30 tháng Chạp)",
                [tet] = "Tết Nguyên đán (mùng 1)",
                [tet.AddDays(1)] = "Tết Nguyên đán (mùng 2)",
                [tet.AddDays(2)] = "Tết Nguyên đán (mùng 3)",
                [tet.AddDays(3)] = "Tết Nguyên đán (mùng 4)",
                [LunarCalendar.ToSolar(10, 3, year)] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                [new(year, 4, 30)] = "Ngày Chiến thắng (30/4)",
                [new(year, 5, 1)] = "Ngày Quốc tế lao động (1/5)",
                [new(year, 9, 2)] = "Quốc khánh (2/9)",
            };
            days[_adjustments.GetValueOrDefault(year)?.NationalDaySecondDay ?? new DateOnly(year, 9, 3)] = "Quốc khánh (ngày liền kề)";
            var result = (IReadOnlyDictionary<DateOnly, string>)days;
            _holidays[year] = result;
            return result;
        }
    }

    public bool IsWorkingDay(DateOnly day)
    {
        var adjustment = _adjustments.GetValueOrDefault(day.Year);
        if (adjustment?.MakeUpWorkingDays.Contains(day) == true) return true;
        if (adjustment?.ExtraDaysOff.Contains(day) == true) return false;
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        return !Holidays(day.Year).ContainsKey(day);
    }

    public DateOnly NextWorkingDayOnOrAfter(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    public DateOnly PreviousWorkingDayOnOrBefore(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(-1);
        return day;
    }

    /// <summary>The n-th working day after a day (n = 0: the day itself, or the next working day if it is off).</summary>
    public DateOnly WorkingDaysAfter(DateOnly day, int n)
    {
        day = NextWorkingDayOnOrAfter(day);
        for (var i = 0; i < n; i++) day = NextWorkingDayOnOrAfter(day.AddDays(1));
        return day;
    }
}
