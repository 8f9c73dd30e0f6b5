using Accountability.Scorecards;
using Accountability.Time;
using Accountability.Web.Shared;

namespace Accountability.Web.Screens;

/// <summary>What the "Bảng điểm" page and its Excel file share: the moment asked for and the ranking.</summary>
public static class ScorecardScreen
{
    /// <summary>The end of the chosen day in Vietnam; none (now) for today, a day to come or no day.</summary>
    public static DateTimeOffset? AsOf(DateOnly? day, TimeProvider clock) =>
        day is { } d && d < VietnamTime.Today(clock) ? VietnamTime.At(d.AddDays(1), TimeOnly.MinValue).AddTicks(-1) : null;

    /// <summary>Best on-time rate first; agencies with nothing to rate yet last, by name.</summary>
    public static IReadOnlyList<AgencyScorecard> Ranked(IEnumerable<AgencyScorecard> cards)
    {
        var byName = StringComparer.Create(Vn.Culture, ignoreCase: true);
        var all = cards.ToList();
        return all.Where(c => c.Total.OnTimeRate is not null).OrderByDescending(c => c.Total.OnTimeRate).ThenBy(c => c.Agency, byName)
            .Concat(all.Where(c => c.Total.OnTimeRate is null).OrderBy(c => c.Agency, byName)).ToList();
    }
}
