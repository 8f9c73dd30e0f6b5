using System.Globalization;
using System.Text.RegularExpressions;

namespace Accountability.Plans.Deadlines;

/// <summary>What a deadline phrase says, before it is placed in the plan's calendar.</summary>
public abstract record DeadlineShape(bool Tentative)
{
    /// <summary>How the date was read, when a reader should know it ("a year: read as its last day").</summary>
    public string? Note { get; init; }
}

/// <summary>"trước ngày 15/11/2021", "hoàn thành Quý II/2020": one date.</summary>
public sealed record FixedDeadline(DateOnly Due, bool Tentative) : DeadlineShape(Tentative);

/// <summary>"trước ngày 30/11" (no year), or "hằng năm … trước ngày 15/6" when <see cref="EveryYear"/>.</summary>
public sealed record DayOfYearDeadline(int Day, int Month, bool EveryYear, Recurrence Kind, bool Tentative) : DeadlineShape(Tentative)
{
    /// <summary>"trước ngày 30 tháng 01 năm sau": the day falls in the year after the one it reports on.</summary>
    public int YearOffset { get; init; }
}

/// <summary>"Tháng 3" in a cell, "trong tháng 12" without a year: the month of the plan's year.</summary>
public sealed record MonthDeadline(int Month, bool Tentative) : DeadlineShape(Tentative);

/// <summary>
/// "trong vòng 10 ngày kể từ ngày nhận được…", "03 ngày làm việc", "sau khi … ban hành": a time counted from an
/// event the plan cannot date. Never an obligation with a date; a clerk sees it.
/// </summary>
public sealed record RelativeDeadline() : DeadlineShape(false);

/// <summary>"Quý IV" with no year: the quarter of the plan's year.</summary>
public sealed record QuarterDeadline(int Quarter, bool Tentative) : DeadlineShape(Tentative);

/// <summary>"trước ngày 15 hằng tháng", "trước ngày 20 tháng cuối quý": a cycle with its day.</summary>
public sealed record CycleDayDeadline(Recurrence Cycle, int Day) : DeadlineShape(false)
{
    /// <summary>"trước ngày 01 của tháng tiếp theo": the day falls in the period after the one reported on.</summary>
    public bool NextPeriod { get; init; }
}

/// <summary>"định kỳ hàng quý, 6 tháng và cả năm": a reporting cycle without a day.</summary>
public sealed record PeriodicDeadline(IReadOnlyList<Recurrence> Cycles) : DeadlineShape(false);

public sealed record DeadlinePhrase(string Text, int Start, int End, DeadlineShape Shape);

/// <summary>
/// Finds deadline phrases in a sentence. A date counts only after a deadline word (trước, chậm nhất,
/// hoàn thành, dự kiến…), so the dates in citations ("Quyết định số 1629/QĐ-TTg ngày 28/9/2021") never do.
/// In a table's time cell or after a time label ("Thời gian thực hiện:") the deadline word is implied, so a
/// bare "2026", "Quý IV/2026" or "Tháng 12/2025" counts there (<see cref="FindInCell"/>).
/// Each rule is written down in docs/plan-reading.md.
/// </summary>
public static partial class DeadlineReader
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private const string Cue = @"(?<cue>thời\s+(?:gian|hạn)(?:\s+thực\s+hiện|\s+hoàn\s+thành)?\s*:|thời\s+hạn(?:\s+hoàn\s+thành)?|trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn\s+chót(?:\s+là)?|không\s+muộn\s+hơn|hoàn\s+thành(?:\s+trước|\s+trong|\s+vào)?|xong\s+trước|thực\s+hiện\s+(?:trong|vào)|thực\s+hiện|dự\s+kiến(?:\s+vào|\s+trong)?|trong|vào|đến\s+hết|đến\s+ngày|hạn)";

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?ngày\s+)?(?<d>\d{1,2})\s*[/\-\.]\s*(?<m>\d{1,2})\s*[/\-\.]\s*(?<y>\d{4})(?!\d)", Opt)]
    private static partial Regex CueFullDate();

    [GeneratedRegex(Cue + @"\s+(?:hết\s+)?ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})", Opt)]
    private static partial Regex CueWordDate();

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?ngày\s+)?(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})(?![\d/\-])|" + Cue + @"\s+(?:hết\s+)?ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})(?!\s*năm\s+\d)(?!\d)", Opt)]
    private static partial Regex CueDayMonth();

    /// <summary>"trước ngày 15/6 và 15/12 hằng năm", "trước ngày 20/6 và ngày 20/12": the second day shares the first one's deadline word.</summary>
    [GeneratedRegex(@"\G\s*(?:,|và|hoặc)\s*(?:(?:trước\s+)?ngày\s+)?(?<d>\d{1,2})\s*(?:/\s*(?<m>\d{1,2})|\s+tháng\s+(?<m>\d{1,2}))(?:\s*(?:/\s*|\s+năm\s+)(?<y>\d{4}))?(?!\d)", Opt)]
    private static partial Regex AndAnotherDay();

    [GeneratedRegex(@"(?:" + Cue + @"\s+)?(?:các\s+)?qu[ýí]\s+(?<q>IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(?<y>\d{4})", Opt)]
    private static partial Regex QuarterOfYear();

    [GeneratedRegex(Cue + @"\s+(?:các\s+)?qu[ýí]\s+(?<q>IV|I{1,3}|[1-4])(?![\p{L}\d/])(?!\s+năm\s+\d)", Opt)]
    private static partial Regex CueQuarter();

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?tháng\s+)(?<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?<y>\d{4})", Opt)]
    private static partial Regex CueMonth();

    /// <summary>"từ ngày 20/11/2025 đến ngày 03/12/2025", "từ ngày 08 đến ngày 10 tháng 12 năm 2025": a span is due at its end.</summary>
    [GeneratedRegex(@"(?<![\p{L}])từ\s+(?:ngày\s+)?\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)?\s*(?:đến|tới|-|–)\s*(?:hết\s+)?ngày\s+(?:(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})\s*/\s*(?<y>\d{4})|(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4}))", Opt)]
    private static partial Regex DateSpan();

    /// <summary>"hoàn thành trong năm 2025", "thực hiện xong năm 2026": only a completion word makes a year a deadline.</summary>
    /// "hoàn thành toàn bộ các nhiệm vụ được giao trong năm 2025": the completion word may govern a few words ahead.
    [GeneratedRegex(@"(?<cue>(?:hoàn\s+thành|xong|hoàn\s+tất)(?:\s*\)?\s*(?:trong|trước|vào))?(?:\s+(?:trong|vào))?)\s+(?:năm\s+)?(?<y>20\d{2})(?!\s*[-–/]\s*\d|\d)|(?<cue>(?:hoàn\s+thành|hoàn\s+tất)(?:\s+[\p{L}\d%]+){1,8}?\s+trong)\s+năm\s+(?<y>20\d{2})(?!\s*[-–/]\s*\d|\d)", Opt)]
    private static partial Regex WithinYear();

    [GeneratedRegex(Cue + @"\s+(?<which>giữa|cuối)\s+(?<unit>tháng|năm)(?:\s+(?<m>\d{1,2})(?=\s*/\s*\d{4}))?(?:\s*/\s*|\s+)?(?<y>\d{4})?", Opt)]
    private static partial Regex CivilCodeWords();

    private const string Cycle = @"(?:(?:hằng|hàng|mỗi)\s+)?(?:quý|tháng|6\s+tháng|06\s+tháng|sáu\s+tháng|cả\s+năm|năm)";

    [GeneratedRegex(@"định\s+kỳ\s+(?<c>" + Cycle + @"(?:\s*(?:,|và|hoặc)\s*" + Cycle + @")*)(?![\p{L}])", Opt)]
    private static partial Regex Periodic();

    [GeneratedRegex(@"(?:trước|vào|chậm\s+nhất(?:\s+là)?)\s+ngày\s+(?<d>\d{1,2})\s+(?:(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?<c>tháng|quý)|(?:của\s+)?tháng\s+cuối\s+(?:của\s+)?(?<c>quý))(?![\p{L}])", Opt)]
    private static partial Regex CycleDay();

    [GeneratedRegex(@"(?:trước|vào|chậm\s+nhất(?:\s+là)?)\s+ngày\s+(?<d>\d{1,2})\s+(?:của\s+)?(?<c>tháng|quý)\s+(?:sau|tiếp\s+theo|kế\s+tiếp)(?![\p{L}])", Opt)]
    private static partial Regex NextPeriodDay();

    [GeneratedRegex(@"\G\s*(?:của\s+)?(?:năm\s+(?:sau|tiếp\s+theo|kế\s+tiếp|liền\s+kề)|của\s+năm\s+sau)", Opt)]
    private static partial Regex NextYear();

    [GeneratedRegex(@"(?:hằng|hàng|mỗi)\s+năm|định\s+kỳ|năm\s+(?:sau|tiếp\s+theo)", Opt)]
    private static partial Regex EveryYearWords();

    [GeneratedRegex(@"^\s*\((?:đối\s+với\s+)?(?<what>[^)]{0,60})\)", Opt)]
    private static partial Regex Qualifier();

    [GeneratedRegex(@"định\s+kỳ(?:\s+\p{Ll}+){0,3}?\s+báo\s+cáo|báo\s+cáo\s+định\s+kỳ", Opt)]
    private static partial Regex PeriodicReportWithoutCycle();

    /// <summary>"trong vòng 10 ngày kể từ…", "chậm nhất 05 ngày làm việc", "trong thời hạn 07 (bảy) ngày làm việc".</summary>
    /// "Sau tối đa 05 ngày kể từ khi …", and a bare "150 ngày kể từ ngày nhận đủ hồ sơ".
    [GeneratedRegex(@"(?:(?:trong\s+(?:vòng|thời\s+hạn|thời\s+gian|phạm\s+vi)|chậm\s+nhất(?:\s+là)?(?:\s+sau)?|không\s+quá|sau(?:\s+(?:tối\s+đa|không\s+quá))?|tối\s+đa|trong)\s+(?<n>\d{1,3})\s*(?:\([^)]{1,30}\)\s*)?(?<unit>ngày\s+làm\s+việc|ngày|tháng|giờ|tuần)(?:\s+(?:kể\s+từ|từ|sau|trước)\s+(?:ngày|khi)[^.;\n]{0,120})?|(?<![\d/.])(?<n>\d{1,3})\s*(?:\([^)]{1,30}\)\s*)?(?<unit>ngày\s+làm\s+việc|ngày|tháng|giờ|tuần)\s+kể\s+từ\s+(?:ngày|khi)[^.;\n]{0,120})", Opt)]
    private static partial Regex RelativeSpan();

    /// <summary>
    /// A time tied to an event the plan cannot date: "ngay sau khi cấp giấy phép", "sau khi Nghị định … được ban hành",
    /// "khi phát sinh …", "trước khi tổ chức họp tối thiểu 07 ngày làm việc", "theo chỉ đạo tại các công điện…".
    /// </summary>
    [GeneratedRegex(@"(?<![\p{L}])(?:(?:ngay\s+)?sau\s+khi\s+(?!có\s+ý\s+kiến)[\p{L}][^.;\n]{2,240}|sau\s+thời\s+gian\s+(?:niêm\s+yết|công\s+khai|thông\s+báo|lấy\s+ý\s+kiến)[^.;\n]{0,80}|khi\s+(?:phát\s+sinh|có\s+yêu\s+cầu|được\s+yêu\s+cầu)[^.;\n]{0,120}|khi\s+[^.;\n]{2,120}?ban\s+hành[^.;\n]{0,80}|trước\s+khi\s+[^.;\n]{2,80}?(?:tối\s+thiểu|ít\s+nhất|chậm\s+nhất)\s+\d{1,3}\s*(?:ngày(?:\s+làm\s+việc)?|giờ)|(?:hoàn\s+thành|thực\s+hiện)\s+theo\s+(?:chỉ\s+đạo|tiến\s+độ|yêu\s+cầu)[^.;\n]{0,140})", Opt)]
    private static partial Regex EventRelative();

    /// <summary>"Thời gian thực hiện: Quý III/2025", "Thời hạn hoàn thành: năm 2026": the value reads like a table's time cell.</summary>
    [GeneratedRegex(@"(?:Thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))?|Thời\s+hạn(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|Tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?)\s*:\s*(?<v>[^.;\n]{1,160})", RegexOptions.CultureInvariant)]
    private static partial Regex TimeLabel();

    /// <summary>Every deadline phrase in running <paramref name="text"/>, in order. <paramref name="warnings"/> gets impossible dates.</summary>
    public static IReadOnlyList<DeadlinePhrase> Find(string text, ICollection<string>? warnings = null)
    {
        var found = new List<DeadlinePhrase>();
        // Labelled values first: "Thời gian thực hiện: Quý III/2025" is a cell's worth of deadline.
        if (text.Contains(':'))
        foreach (Match label in TimeLabel().Matches(text))
        {
            var value = label.Groups["v"];
            foreach (var p in FindInCell(value.Value, warnings))
                Add(found, text, value.Index + p.Start, value.Index + p.End, p.Shape);
        }
        FindRunning(text, found, warnings);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static void Add(List<DeadlinePhrase> found, string text, int start, int end, DeadlineShape shape)
    {
        foreach (var f in found)
            if (start < f.End && f.Start < end) return;
        found.Add(new DeadlinePhrase(text[start..end], start, end, shape));
    }

    private static void FindRunning(string text, List<DeadlinePhrase> found, ICollection<string>? warnings)
    {
        void AddMatch(Match m, DeadlineShape shape) => Add(found, text, m.Index, m.Index + m.Length, shape);

        // Without a digit only a quarter in roman numerals or a cycle can be a deadline: the other rules need a number.
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            foreach (Match m in CueQuarter().Matches(text))
                AddMatch(m, new QuarterDeadline(Quarter(m.Groups["q"].Value), IsTentative(m)) { Note = "a quarter without a year: the plan's year" });
            foreach (Match m in Periodic().Matches(text))
            {
                var cycles = Cycles(m.Groups["c"].Value);
                if (cycles.Count > 0) AddMatch(m, new PeriodicDeadline(cycles));
            }
            foreach (Match m in EventRelative().Matches(text))
                AddMatch(m, new RelativeDeadline());
            return;
        }

        foreach (Match m in DateSpan().Matches(text))
            if (TryDate(Int(m, "y"), Int(m, "m"), Int(m, "d"), out var spanEnd))
                AddMatch(m, new FixedDeadline(spanEnd, false) { Note = "a span: due at its end" });
        foreach (var m in CueFullDate().Matches(text).Concat(CueWordDate().Matches(text)))
        {
            if (TryDate(Int(m, "y"), Int(m, "m"), Int(m, "d"), out var due))
            {
                AddMatch(m, new FixedDeadline(due, IsTentative(m)));
                MoreDays(text, m.Index + m.Length, found, everyYear: false, fallbackYear: Int(m, "y"), IsTentative(m));
            }
            else
                warnings?.Add($"'{m.Value}' is not a real date; ignored.");
        }
        foreach (Match m in QuarterOfYear().Matches(text))
        {
            // A quarter counts with a deadline word, or inside parentheses after a task: "(hoàn thành Quý II/2020)".
            if (!m.Groups["cue"].Success && !(m.Index > 0 && text[..m.Index].TrimEnd().EndsWith('('))) continue;
            var q = Quarter(m.Groups["q"].Value);
            var year = Int(m, "y");
            AddMatch(m, new FixedDeadline(new DateOnly(year, q * 3, DateTime.DaysInMonth(year, q * 3)), IsTentative(m)) { Note = $"quarter {q} of {year}: read as its last day" });
        }
        foreach (Match m in CueQuarter().Matches(text))
            AddMatch(m, new QuarterDeadline(Quarter(m.Groups["q"].Value), IsTentative(m)) { Note = "a quarter without a year: the plan's year" });
        foreach (Match m in CueMonth().Matches(text))
        {
            var (month, year) = (Int(m, "m"), Int(m, "y"));
            if (month is >= 1 and <= 12)
                AddMatch(m, new FixedDeadline(new DateOnly(year, month, DateTime.DaysInMonth(year, month)), IsTentative(m)) { Note = $"a month: read as its last day" });
        }
        foreach (Match m in CivilCodeWords().Matches(text))
        {
            // Civil Code 2015, Art. 146: mid-month is the 15th, mid-year 30 June, end of year 31 December.
            var mid = m.Groups["which"].Value.Equals("giữa", StringComparison.OrdinalIgnoreCase);
            var unitIsMonth = m.Groups["unit"].Value.Equals("tháng", StringComparison.OrdinalIgnoreCase);
            if (!m.Groups["y"].Success) continue;
            var year = Int(m, "y");
            if (unitIsMonth)
            {
                if (!m.Groups["m"].Success) continue;
                var month = Int(m, "m");
                if (month is < 1 or > 12) continue;
                AddMatch(m, new FixedDeadline(new DateOnly(year, month, mid ? 15 : DateTime.DaysInMonth(year, month)), IsTentative(m)));
            }
            else AddMatch(m, new FixedDeadline(mid ? new DateOnly(year, 6, 30) : new DateOnly(year, 12, 31), IsTentative(m)));
        }
        foreach (Match m in WithinYear().Matches(text))
            AddMatch(m, new FixedDeadline(new DateOnly(Int(m, "y"), 12, 31), false) { Note = "a year: read as 31 December" });
        foreach (Match m in CueDayMonth().Matches(text))
        {
            var (day, month) = (Int(m, "d"), Int(m, "m"));
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month))
            {
                warnings?.Add($"'{m.Value}' is not a real date; ignored.");
                continue;
            }
            var end = m.Index + m.Length;
            var nextYear = NextYear().Match(text, end);
            var offset = nextYear.Success && nextYear.Index == end ? 1 : 0;
            if (offset == 1) end += nextYear.Length;
            var shape = DayOfYear(text, m.Index, end, day, month, IsTentative(m)) with { YearOffset = offset };
            Add(found, text, m.Index, end, shape);
            MoreDays(text, end, found, shape.EveryYear, fallbackYear: null, IsTentative(m));
        }
        foreach (Match m in CycleDay().Matches(text))
        {
            var day = Int(m, "d");
            if (day is >= 1 and <= 31)
                AddMatch(m, new CycleDayDeadline(m.Groups["c"].Value.Equals("quý", StringComparison.OrdinalIgnoreCase) ? Recurrence.Quarterly : Recurrence.Monthly, day));
        }
        foreach (Match m in NextPeriodDay().Matches(text))
        {
            var day = Int(m, "d");
            if (day is >= 1 and <= 31)
                AddMatch(m, new CycleDayDeadline(m.Groups["c"].Value.Equals("quý", StringComparison.OrdinalIgnoreCase) ? Recurrence.Quarterly : Recurrence.Monthly, day) { NextPeriod = true });
        }
        foreach (Match m in Periodic().Matches(text))
        {
            var cycles = Cycles(m.Groups["c"].Value);
            // "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)": the days given win over the cycle alone.
            var sentence = SentenceBounds(text, m.Index);
            if (cycles.Count > 0 && !found.Any(f => f.Shape is DayOfYearDeadline or CycleDayDeadline && f.Start >= sentence.Start && f.Start < sentence.End))
                AddMatch(m, new PeriodicDeadline(cycles));
        }
        foreach (Match m in RelativeSpan().Matches(text))
            AddMatch(m, new RelativeDeadline());
        foreach (Match m in EventRelative().Matches(text))
            AddMatch(m, new RelativeDeadline());
    }

    /// <summary>"trước ngày 15/6 và 15/12 hằng năm": the days after the first share its deadline word.</summary>
    private static void MoreDays(string text, int pos, List<DeadlinePhrase> found, bool everyYear, int? fallbackYear, bool tentative)
    {
        for (var guard = 0; guard < 12; guard++)
        {
            var m = AndAnotherDay().Match(text, pos);
            if (!m.Success || m.Index != pos) return;
            var (day, month) = (Int(m, "d"), Int(m, "m"));
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month)) return;
            var year = m.Groups["y"].Success ? Int(m, "y") : fallbackYear;
            var start = m.Index + (m.Value.Length - m.Value.TrimStart(' ', ',').Length);
            if (year is { } y && TryDate(y, month, day, out var due))
                Add(found, text, start, m.Index + m.Length, new FixedDeadline(due, tentative));
            else
                Add(found, text, start, m.Index + m.Length, DayOfYear(text, start, m.Index + m.Length, day, month, tentative) with { EveryYear = everyYear || DayOfYear(text, start, m.Index + m.Length, day, month, tentative).EveryYear });
            pos = m.Index + m.Length;
        }
    }

    private static DayOfYearDeadline DayOfYear(string text, int start, int end, int day, int month, bool tentative)
    {
        var before = text[..start];
        var after = text[end..];
        var sentenceStart = Math.Max(before.LastIndexOf(". ", StringComparison.Ordinal), 0);
        var everyYear = EveryYearWords().IsMatch(before[sentenceStart..]) || EveryYearWords().IsMatch(after.Length > 20 ? after[..20] : after);
        var kind = Recurrence.Yearly;
        var qualifier = Qualifier().Match(after);
        var sentence = SentenceBounds(text, start);
        var inSentence = text[sentence.Start..sentence.End];
        if (everyYear && !qualifier.Success && month == 6 && Regex.IsMatch(inSentence, @"(?:6|06|sáu)\s+tháng", RegexOptions.IgnoreCase))
            kind = Recurrence.Semiannual;
        if (qualifier.Success)
        {
            var what = qualifier.Groups["what"].Value;
            if (Regex.IsMatch(what, @"(6|06|sáu)\s+tháng", RegexOptions.IgnoreCase)) kind = Recurrence.Semiannual;
            else if (Regex.IsMatch(what, @"quý", RegexOptions.IgnoreCase)) kind = Recurrence.Quarterly;
        }
        return new DayOfYearDeadline(day, month, everyYear, kind, tentative);
    }

    // ---------- cells ----------

    [GeneratedRegex(@"^(?:(?:Năm|năm|từ\s+năm|Từ\s+năm|Giai\s+đoạn|giai\s+đoạn)\s+)?(?<a>20\d{2})(?:\s*(?:-|–|đến(?:\s+năm)?|và)\s*(?<b>20\d{2}))?(?:\s+(?:và\s+các\s+năm\s+tiếp\s+theo|trở\s+đi))?\s*[.;]?$", Opt)]
    private static partial Regex CellYear();

    [GeneratedRegex(@"qu[ýí]\s+(?<qs>(?:(?:IV|I{1,3}|[1-4])(?:\s*[,.]\s*|\s+và\s+|\s*-\s*|\s+(?:qu[ýí]\s+)))*(?:IV|I{1,3}|[1-4]))(?![\p{L}\d])(?:\s*(?:/\s*|\s+năm\s+)(?<y>20\d{2}))?", Opt)]
    private static partial Regex CellQuarters();

    [GeneratedRegex(@"tháng\s+(?<ms>(?:\d{1,2}(?:\s*,\s*|\s+và\s+|\s*-\s*))*\d{1,2})(?![\d])(?:\s*(?:/\s*|\s+năm\s+)(?<y>20\d{2}))?", Opt)]
    private static partial Regex CellMonths();

    [GeneratedRegex(@"^(?:(?:Thực\s+hiện\s+)?(?:hằng|hàng)\s+(?<c>năm|quý|tháng)|(?:Định\s+kỳ\s+)?(?:hằng|hàng)\s+(?<c>năm|quý|tháng))(?![\p{L}])", Opt)]
    private static partial Regex CellEvery();

    [GeneratedRegex(@"(?<![\d/])(?<d>\d{1,2})\s*[/\-\.]\s*(?<m>\d{1,2})\s*[/\-\.]\s*(?<y>20\d{2})(?![\d/])|(?<![\p{L}])ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>20\d{2})", Opt)]
    private static partial Regex CellDate();

    [GeneratedRegex(@"^(?:Khi\s+|Sau\s+khi\s+|Theo\s+(?:kế\s+hoạch|tiến\s+độ|yêu\s+cầu|chỉ\s+đạo|Kế\s+hoạch|thời\s+hạn)|Ngay\s+sau|Đầu\s+năm\s+học|Trước\s+khi\s+)[^.;\n]{0,240}", Opt)]
    private static partial Regex CellEvent();

    [GeneratedRegex(@"^(?:tối\s+đa\s+|không\s+quá\s+)?\d{1,3}\s*(?:\([^)]{1,30}\)\s*)?(?:ngày(?:\s+làm\s+việc)?|tháng|tuần|giờ)(?![\p{L}])(?:[^.;\n]{0,120})?", Opt)]
    private static partial Regex CellDuration();

    [GeneratedRegex(@"^(?:trong\s+)?năm\s+(?<y>20\d{2})(?![\d\-–])", Opt)]
    private static partial Regex CellInYear();

    /// <summary>
    /// Deadlines in a table's time cell (or a time label's value), where the deadline word is implied: a year or
    /// year range is due at its (last) year's end, a quarter or month at its last day, a list of quarters or
    /// months gives one deadline each, "Hằng năm"/"Hằng quý" a cycle without its day; dated phrases as in running text.
    /// </summary>
    public static IReadOnlyList<DeadlinePhrase> FindInCell(string cell, ICollection<string>? warnings = null)
    {
        var found = new List<DeadlinePhrase>();
        var text = cell;
        var trimmed = text.Trim();
        var lead = text.Length - text.TrimStart().Length;
        if (trimmed.Length == 0) return found;

        var year = CellYear().Match(trimmed);
        if (year.Success)
        {
            var last = Int(year, year.Groups["b"].Success ? "b" : "a");
            var note = year.Groups["b"].Success ? $"a year range: read as the end of {last}" : $"a year: read as 31/12/{last}";
            Add(found, text, lead, lead + trimmed.Length, new FixedDeadline(new DateOnly(last, 12, 31), false) { Note = note });
            return found;
        }
        FindRunning(text, found, warnings);
        // A bare date in a time cell: "31/10/2025", "Ngày 15/12/2025".
        foreach (Match m in CellDate().Matches(text))
            if (TryDate(Int(m, "y"), Int(m, "m"), Int(m, "d"), out var due))
                Add(found, text, m.Index, m.Index + m.Length, new FixedDeadline(due, false));
        foreach (Match m in CellQuarters().Matches(text))
        {
            var quarters = Regex.Matches(m.Groups["qs"].Value, @"IV|I{1,3}|[1-4]").Select(x => Quarter(x.Value)).Distinct().ToList();
            foreach (var q in quarters)
            {
                DeadlineShape shape = m.Groups["y"].Success
                    ? new FixedDeadline(new DateOnly(Int(m, "y"), q * 3, DateTime.DaysInMonth(Int(m, "y"), q * 3)), false) { Note = $"quarter {q}: read as its last day" }
                    : new QuarterDeadline(q, false) { Note = "a quarter without a year: the plan's year" };
                if (quarters.Count == 1) Add(found, text, m.Index, m.Index + m.Length, shape);
                else found.Add(new DeadlinePhrase(m.Value, m.Index, m.Index + m.Length, shape));
            }
        }
        foreach (Match m in CellMonths().Matches(text))
        {
            var months = Regex.Matches(m.Groups["ms"].Value, @"\d{1,2}").Select(x => int.Parse(x.Value, CultureInfo.InvariantCulture)).Where(x => x is >= 1 and <= 12).Distinct().ToList();
            // "tháng 6" after a day ("ngày 20 tháng 6") belongs to that date, read above.
            if (m.Index > 0 && Regex.IsMatch(text[..m.Index], @"ngày\s+\d{1,2}\s*$", RegexOptions.IgnoreCase)) continue;
            foreach (var mo in months)
            {
                DeadlineShape shape = m.Groups["y"].Success
                    ? new FixedDeadline(new DateOnly(Int(m, "y"), mo, DateTime.DaysInMonth(Int(m, "y"), mo)), false) { Note = "a month: read as its last day" }
                    : new MonthDeadline(mo, false) { Note = "a month without a year: the plan's year" };
                if (months.Count == 1) Add(found, text, m.Index, m.Index + m.Length, shape);
                else if (!found.Any(f => f.Start < m.Index + m.Length && m.Index < f.End && f.Shape is not MonthDeadline)) found.Add(new DeadlinePhrase(m.Value, m.Index, m.Index + m.Length, shape));
            }
        }
        // "Khi có yêu cầu", "Theo kế hoạch của …", "Sau khi …", "Đầu năm học mới": a time the plan ties to an event.
        if (found.Count == 0 && CellEvent().Match(trimmed) is { Success: true } ev)
            Add(found, text, lead, lead + ev.Length, new RelativeDeadline());
        // A step's duration in a procedure's table: "05 ngày", "10 ngày làm việc", "150 ngày kể từ ngày nhận đủ hồ sơ".
        var span = CellDuration().Match(trimmed);
        if (span.Success && found.Count == 0)
            Add(found, text, lead, lead + span.Length, new RelativeDeadline());
        var inYear = CellInYear().Match(trimmed);
        if (inYear.Success)
            Add(found, text, lead, lead + inYear.Length, new FixedDeadline(new DateOnly(Int(inYear, "y"), 12, 31), false) { Note = "a year: read as 31 December" });
        if (found.Count == 0)
        {
            var every = CellEvery().Match(trimmed);
            if (every.Success)
            {
                var c = every.Groups["c"].Value.ToLowerInvariant();
                Add(found, text, lead, lead + every.Length, new PeriodicDeadline([c == "năm" ? Recurrence.Yearly : c == "quý" ? Recurrence.Quarterly : Recurrence.Monthly]));
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static (int Start, int End) SentenceBounds(string text, int at)
    {
        var start = text.LastIndexOf(". ", Math.Max(0, at), StringComparison.Ordinal);
        var end = text.IndexOf(". ", at, StringComparison.Ordinal);
        return (start < 0 ? 0 : start + 2, end < 0 ? text.Length : end);
    }

    /// <summary>"định kỳ tổng hợp báo cáo" names a report but no cycle: worth a warning, never a date.</summary>
    public static bool MentionsPeriodicReportWithoutCycle(string text) =>
        PeriodicReportWithoutCycle().IsMatch(text) && !Periodic().IsMatch(text);

    private static List<Recurrence> Cycles(string text)
    {
        var list = new List<Recurrence>();
        foreach (var part in Regex.Split(text.ToLowerInvariant(), @"\s*(?:,|\bvà\b|\bhoặc\b)\s*"))
        {
            var cycle = part.Contains("quý") ? Recurrence.Quarterly
                : Regex.IsMatch(part, @"(?:6|06|sáu)\s+tháng") ? Recurrence.Semiannual
                : part.Contains("tháng") ? Recurrence.Monthly
                : part.Contains("năm") ? Recurrence.Yearly
                : Recurrence.None;
            if (cycle != Recurrence.None && !list.Contains(cycle)) list.Add(cycle);
        }
        return list;
    }

    private static bool IsTentative(Match m) => m.Groups["cue"].Success && m.Groups["cue"].Value.StartsWith("dự", StringComparison.OrdinalIgnoreCase);

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int Quarter(string q) => q.ToUpperInvariant() switch
    {
        "I" or "1" => 1,
        "II" or "2" => 2,
        "III" or "3" => 3,
        _ => 4,
    };

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }
}
