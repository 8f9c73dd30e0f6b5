using System.Globalization;
using System.Text.RegularExpressions;

namespace Accountability.Plans.Deadlines;

/// <summary>What a deadline phrase says, before it is placed in the plan's calendar.</summary>
public abstract record DeadlineShape(bool Tentative);

/// <summary>"trước ngày 15/11/2021", "hoàn thành Quý II/2020": one date.</summary>
public sealed record FixedDeadline(DateOnly Due, bool Tentative) : DeadlineShape(Tentative);

/// <summary>"trước ngày 30/11" (no year), or "hằng năm … trước ngày 15/6" when <see cref="EveryYear"/>.</summary>
public sealed record DayOfYearDeadline(int Day, int Month, bool EveryYear, Recurrence Kind, bool Tentative) : DeadlineShape(Tentative);

/// <summary>"Quý IV" with no year: the quarter of the plan's year.</summary>
public sealed record QuarterDeadline(int Quarter, bool Tentative) : DeadlineShape(Tentative);

/// <summary>"trước ngày 15 hằng tháng", "trước ngày 20 tháng cuối quý": a cycle with its day.</summary>
public sealed record CycleDayDeadline(Recurrence Cycle, int Day) : DeadlineShape(false);

/// <summary>"định kỳ hàng quý, 6 tháng và cả năm": a reporting cycle without a day.</summary>
public sealed record PeriodicDeadline(IReadOnlyList<Recurrence> Cycles) : DeadlineShape(false);

public sealed record DeadlinePhrase(string Text, int Start, int End, DeadlineShape Shape);

/// <summary>
/// Finds deadline phrases in a sentence. A date counts only after a deadline word (trước, chậm nhất,
/// hoàn thành, dự kiến…), so the dates in citations ("Quyết định số 1629/QĐ-TTg ngày 28/9/2021") never do.
/// </summary>
public static partial class DeadlineReader
{
    private const string Cue = @"(?<cue>thời\s+(?:gian|hạn)(?:\s+thực\s+hiện|\s+hoàn\s+thành)?\s*:|thời\s+hạn(?:\s+hoàn\s+thành)?|trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn\s+chót(?:\s+là)?|không\s+muộn\s+hơn|hoàn\s+thành(?:\s+trước|\s+trong|\s+vào)?|xong\s+trước|thực\s+hiện\s+(?:trong|vào)|thực\s+hiện|dự\s+kiến(?:\s+vào|\s+trong)?|trong|vào|đến\s+hết|đến\s+ngày|hạn)";

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?ngày\s+)?(?<d>\d{1,2})\s*[/\-\.]\s*(?<m>\d{1,2})\s*[/\-\.]\s*(?<y>\d{4})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueFullDate();

    [GeneratedRegex(Cue + @"\s+(?:hết\s+)?ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueWordDate();

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?ngày\s+)?(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})(?![\d/\-])|" + Cue + @"\s+(?:hết\s+)?ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})(?!\s*năm)(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueDayMonth();

    [GeneratedRegex(@"(?:" + Cue + @"\s+)?quý\s+(?<q>IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuarterOfYear();

    [GeneratedRegex(Cue + @"\s+(?:(?:hết\s+)?tháng\s+)(?<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CueMonth();

    [GeneratedRegex(@"(?<cue>(?:hoàn\s+thành|thực\s+hiện|xong)(?:\s*\)?\s*trong)?|trong)\s+năm\s+(?<y>\d{4})(?!\s*[-–/]|\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithinYear();

    [GeneratedRegex(Cue + @"\s+(?<which>giữa|cuối)\s+(?<unit>tháng|năm)(?:\s+(?<m>\d{1,2})(?=\s*/\s*\d{4}))?(?:\s*/\s*|\s+)?(?<y>\d{4})?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CivilCodeWords();

    private const string Cycle = @"(?:(?:hằng|hàng|mỗi)\s+)?(?:quý|tháng|6\s+tháng|06\s+tháng|sáu\s+tháng|cả\s+năm|năm)";

    [GeneratedRegex(@"định\s+kỳ\s+(?<c>" + Cycle + @"(?:\s*(?:,|và|hoặc)\s*" + Cycle + @")*)(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Periodic();

    [GeneratedRegex(@"(?:trước|vào|chậm\s+nhất(?:\s+là)?)\s+ngày\s+(?<d>\d{1,2})\s+(?:(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?<c>tháng|quý)|(?:của\s+)?tháng\s+cuối\s+(?<c>quý))(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CycleDay();

    [GeneratedRegex(@"(?:hằng|hàng|mỗi)\s+năm|hằng\s+năm|định\s+kỳ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryYearWords();

    [GeneratedRegex(@"^\s*\((?:đối\s+với\s+)?(?<what>[^)]{0,60})\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Qualifier();

    [GeneratedRegex(@"định\s+kỳ(?:\s+\p{Ll}+){0,3}?\s+báo\s+cáo|báo\s+cáo\s+định\s+kỳ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeriodicReportWithoutCycle();

    /// <summary>Every deadline phrase in <paramref name="text"/>, in order. <paramref name="warnings"/> gets impossible dates.</summary>
    public static IReadOnlyList<DeadlinePhrase> Find(string text, ICollection<string>? warnings = null)
    {
        var found = new List<DeadlinePhrase>();
        void Add(Match m, DeadlineShape shape)
        {
            if (found.Any(f => m.Index < f.End && f.Start < m.Index + m.Length)) return;
            found.Add(new DeadlinePhrase(text.Substring(m.Index, m.Length), m.Index, m.Index + m.Length, shape));
        }

        foreach (var m in CueFullDate().Matches(text).Concat(CueWordDate().Matches(text)))
        {
            if (TryDate(Int(m, "y"), Int(m, "m"), Int(m, "d"), out var due))
                Add(m, new FixedDeadline(due, IsTentative(m)));
            else
                warnings?.Add($"'{m.Value}' is not a real date; ignored.");
        }
        foreach (Match m in QuarterOfYear().Matches(text))
        {
            // A quarter counts with a deadline word, or inside parentheses after a task: "(hoàn thành Quý II/2020)".
            if (!m.Groups["cue"].Success && !(m.Index > 0 && text[..m.Index].TrimEnd().EndsWith('('))) continue;
            var q = Quarter(m.Groups["q"].Value);
            var year = Int(m, "y");
            Add(m, new FixedDeadline(new DateOnly(year, q * 3, DateTime.DaysInMonth(year, q * 3)), IsTentative(m)));
        }
        foreach (Match m in CueMonth().Matches(text))
        {
            var (month, year) = (Int(m, "m"), Int(m, "y"));
            if (month is >= 1 and <= 12)
                Add(m, new FixedDeadline(new DateOnly(year, month, DateTime.DaysInMonth(year, month)), IsTentative(m)));
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
                Add(m, new FixedDeadline(new DateOnly(year, month, mid ? 15 : DateTime.DaysInMonth(year, month)), IsTentative(m)));
            }
            else Add(m, new FixedDeadline(mid ? new DateOnly(year, 6, 30) : new DateOnly(year, 12, 31), IsTentative(m)));
        }
        foreach (Match m in WithinYear().Matches(text))
        {
            // "hoàn thành trong năm 2025": by the end of that year (Civil Code 2015, Art. 146).
            if (m.Groups["cue"].Length == 0) continue;
            Add(m, new FixedDeadline(new DateOnly(Int(m, "y"), 12, 31), false));
        }
        foreach (Match m in CueDayMonth().Matches(text))
        {
            var (day, month) = (Int(m, "d"), Int(m, "m"));
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month))
            {
                warnings?.Add($"'{m.Value}' is not a real date; ignored.");
                continue;
            }
            var before = text[..m.Index];
            var after = text[(m.Index + m.Length)..];
            var sentenceStart = Math.Max(before.LastIndexOf(". ", StringComparison.Ordinal), 0);
            var everyYear = EveryYearWords().IsMatch(before[sentenceStart..]) || EveryYearWords().IsMatch(after.Length > 20 ? after[..20] : after);
            var kind = Recurrence.Yearly;
            var qualifier = Qualifier().Match(after);
            var sentence = SentenceBounds(text, m.Index);
            var inSentence = text[sentence.Start..sentence.End];
            if (everyYear && !qualifier.Success && month == 6 && Regex.IsMatch(inSentence, @"(?:6|06|sáu)\s+tháng", RegexOptions.IgnoreCase))
                kind = Recurrence.Semiannual;
            if (qualifier.Success)
            {
                var what = qualifier.Groups["what"].Value;
                if (Regex.IsMatch(what, @"(6|06|sáu)\s+tháng", RegexOptions.IgnoreCase)) kind = Recurrence.Semiannual;
                else if (Regex.IsMatch(what, @"quý", RegexOptions.IgnoreCase)) kind = Recurrence.Quarterly;
            }
            Add(m, new DayOfYearDeadline(day, month, everyYear, kind, IsTentative(m)));
        }
        foreach (Match m in CycleDay().Matches(text))
        {
            var day = Int(m, "d");
            if (day is >= 1 and <= 31)
                Add(m, new CycleDayDeadline(m.Groups["c"].Value.Equals("quý", StringComparison.OrdinalIgnoreCase) ? Recurrence.Quarterly : Recurrence.Monthly, day));
        }
        foreach (Match m in Periodic().Matches(text))
        {
            var cycles = Cycles(m.Groups["c"].Value);
            // "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)": the days given win over the default.
            var sentence = SentenceBounds(text, m.Index);
            if (cycles.Count > 0 && !found.Any(f => f.Shape is DayOfYearDeadline or CycleDayDeadline && f.Start >= sentence.Start && f.Start < sentence.End))
                Add(m, new PeriodicDeadline(cycles));
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
