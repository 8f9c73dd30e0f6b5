using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using System.Globalization;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Scorecards;

/// <summary>
/// Per-agency scorecards: the four boxes (done on time, done late, open in time, open overdue) and the rates
/// built on them, per plan and across plans; now, or as of a past moment rebuilt from the events recorded up
/// to then. The definitions are on <see cref="Tally"/> and in docs/scorecards.md.
/// </summary>
public static class ScorecardEndpoints
{
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    private sealed record SortKey(Func<AgencyScorecard, IComparable?> Value, bool Descending);

    // Worst first by default: the lowest on-time rate, the most overdue, the most days late.
    private static readonly Dictionary<string, SortKey> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["onTimeRate"] = new(c => c.Total.OnTimeRate, false),
        ["openOverdue"] = new(c => c.Total.OpenOverdue, true),
        ["assigned"] = new(c => c.Total.Assigned, true),
        ["worstDaysLate"] = new(c => c.Total.WorstDaysLate, true),
        ["averageDaysLate"] = new(c => c.Total.AverageDaysLate, true),
        ["medianHoursToAcknowledge"] = new(c => c.Total.MedianHoursToAcknowledge, true),
        ["agency"] = new(_ => null, false),
    };

    /// <summary>
    /// GET /api/scorecards?asOf=ISO-8601&amp;plan=ID&amp;sort=onTimeRate|openOverdue|assigned|worstDaysLate|averageDaysLate|medianHoursToAcknowledge|agency&amp;order=asc|desc.
    /// On-time rate = completed on time ÷ (all completed + open overdue), so late work still open keeps it below 100%.
    /// </summary>
    [WolverineGet("/api/scorecards"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> List(DateTimeOffset? asOf, string? plan, string? sort, string? order, ClaimsPrincipal user,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        if (Refused(asOf, clock) is { } refused) return refused;
        var (planId, badPlan) = await Plans.Listing.PlanLookup.FindAsync(session, plan, ct);
        if (badPlan is not null) return badPlan;
        sort ??= "onTimeRate";
        if (!SortKeys.TryGetValue(sort, out var key))
            return Problem(400, "Unknown sort", $"sort must be one of: {string.Join(", ", SortKeys.Keys)}.");
        if (order is not (null or "asc" or "desc"))
            return Problem(400, "Unknown order", "order must be asc or desc.");
        var book = await ReadAsync(session, clock, calendars, asOf, planId, agencyId: null, ct, Caller.From(user).Scope);
        var descending = order is null ? key.Descending : order == "desc";
        return Results.Ok(book with { Scorecards = Sorted(book.Scorecards, key, descending) });
    }

    /// <summary>GET /api/scorecards/{agencyId}?asOf=ISO-8601&amp;plan=ID: one agency's scorecard, in total and per plan.</summary>
    [WolverineGet("/api/scorecards/{agencyId}")]
    public static async Task<IResult> Get(string agencyId, DateTimeOffset? asOf, string? plan, ClaimsPrincipal user,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        // An agency sees its own scorecard; the office and auditors see every one.
        var caller = Caller.From(user);
        if (!caller.MayRead(agencyId)) return caller.NotYours("This scorecard", agencyId);
        if (Refused(asOf, clock) is { } refused) return refused;
        var (planId, badPlan) = await Plans.Listing.PlanLookup.FindAsync(session, plan, ct);
        if (badPlan is not null) return badPlan;
        var book = await ReadAsync(session, clock, calendars, asOf, planId, agencyId, ct, caller.Scope);
        return book.Scorecards is [var card]
            ? Results.Ok(new { book.AsOf, card.AgencyId, card.Agency, card.Total, card.Plans })
            : Problem(404, "No scorecard", $"Agency '{agencyId}' held no assignment{(plan is null ? "" : " of that plan")}{(asOf is null ? "" : $" at {asOf:O}")}.");
    }

    /// <summary>
    /// GET /api/scorecards.csv?asOf&amp;plan&amp;by=agency|plan: the scorecards as a spreadsheet (UTF-8 with BOM), one row per
    /// agency, or per agency and plan.
    /// </summary>
    [WolverineGet("/api/scorecards.csv"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> Csv(DateTimeOffset? asOf, string? plan, string? by, ClaimsPrincipal user,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        if (Refused(asOf, clock) is { } refused) return refused;
        if (by is not (null or "agency" or "plan")) return Problem(400, "Unknown grouping", "by must be agency or plan.");
        var (planId, badPlan) = await Plans.Listing.PlanLookup.FindAsync(session, plan, ct);
        if (badPlan is not null) return badPlan;
        var book = await ReadAsync(session, clock, calendars, asOf, planId, agencyId: null, ct, Caller.From(user).Scope);
        var cards = Sorted(book.Scorecards, SortKeys["agency"], false);
        return CsvFile.Of($"scorecards-{Time.VietnamTime.DateOf(book.AsOf):yyyy-MM-dd}.csv", csv =>
        {
            csv.Row("as_of", "agency_id", "agency", "plan_number", "plan_id", "assigned", "completed_on_time", "completed_late",
                "open_in_time", "open_overdue", "no_deadline", "withdrawn", "on_time_rate", "average_days_late", "worst_days_late",
                "median_hours_to_acknowledge", "not_yet_acknowledged", "last_report_on", "backdated");
            foreach (var card in cards)
            {
                if (by == "plan")
                    foreach (var p in card.Plans) Write(csv, book.AsOf, card, p.PlanNumber ?? "", p.PlanId, p.Figures);
                else
                    Write(csv, book.AsOf, card, "", null, card.Total);
            }
        });
    }

    private static void Write(CsvWriter csv, DateTimeOffset asOf, AgencyScorecard card, string planNumber, Guid? planId, Tally t) =>
        csv.Row(asOf, card.AgencyId, card.Agency, planNumber, planId, t.Assigned, t.CompletedOnTime, t.CompletedLate, t.OpenInTime,
            t.OpenOverdue, t.NoDeadline, t.Withdrawn, t.OnTimeRate, t.AverageDaysLate, t.WorstDaysLate, t.MedianHoursToAcknowledge,
            t.NotYetAcknowledged, t.LastReportOn, t.Backdated);

    /// <summary>The scorecards now (from the snapshots) or as of a past moment (folded from the events recorded up to it).</summary>
    public static async Task<ScorecardBook> ReadAsync(IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars,
        DateTimeOffset? asOf, Guid? plan, string? agencyId, CancellationToken ct, string[]? scope = null)
    {
        var at = asOf?.ToUniversalTime() ?? clock.GetUtcNow();
        IEnumerable<ScorecardEntry> entries;
        if (asOf is null)
        {
            var query = session.Query<ScorecardEntry>().AsQueryable();
            if (agencyId is not null) query = query.Where(e => e.AgencyId == agencyId);
            if (scope is not null) query = query.Where(e => scope.Contains(e.Jurisdiction));
            if (plan is { } p) query = query.Where(e => e.PlanId == p);
            entries = await query.ToListAsync(ct);
        }
        else
        {
            entries = (await ScorecardHistory.EntriesAsOfAsync(session, at, ct))
                .Where(e => (agencyId is null || e.AgencyId == agencyId) && (plan is null || e.PlanId == plan) && (scope is null || scope.Contains(e.Jurisdiction)));
        }
        return Scorecard.Build(entries, at, calendars.Current);
    }

    private static List<AgencyScorecard> Sorted(IEnumerable<AgencyScorecard> cards, SortKey key, bool descending)
    {
        // Cards without a value (no rate yet) go last in either direction; ties fall back to the agency name.
        var withValue = cards.Where(c => key.Value(c) is not null);
        var ordered = descending ? withValue.OrderByDescending(key.Value) : withValue.OrderBy(key.Value);
        return ordered.ThenBy(c => c.Agency, Vietnamese)
            .Concat(cards.Where(c => key.Value(c) is null).OrderBy(c => c.Agency, Vietnamese))
            .ToList();
    }

    private static IResult? Refused(DateTimeOffset? asOf, TimeProvider clock) =>
        asOf is { } t && t > clock.GetUtcNow()
            ? Problem(400, "asOf is in the future", $"asOf {t:O} has not happened yet; give a past moment or leave it out for now.")
            : null;

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
