using System.Security.Claims;
using Accountability.Infrastructure;
using Accountability.Audit;
using Accountability.Deadlines;
using Accountability.Plans.Revisions;
using Accountability.Scorecards;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Plans.Listing;

/// <summary>A plan's assignments in the four boxes now, with those without a deadline and those withdrawn.</summary>
public sealed record BoxCounts(int CompletedOnTime, int CompletedLate, int OpenInTime, int OpenOverdue, int NoDeadline, int Withdrawn);

public sealed record PlanListItem(Guid PlanId, string? Number, string? Issuer, DateOnly? IssuedOn, string? Title, int Revision, Guid? SupersededBy, int Assignments, BoxCounts Boxes);

/// <summary>One page of plans and how many match in all.</summary>
public sealed record PlanPage(IReadOnlyList<PlanListItem> Items, int Total, int Limit, int Offset);

/// <summary>A page asked for with limit and offset, as the alerts and the lists page: 100 by default, at most 1,000.</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public static (int Take, int Skip, IResult? Problem) Of(int? limit, int? offset) =>
        limit is < 1 or > MaxLimit || offset is < 0
            ? (0, 0, PlanLookup.Problem(400, "Bad page", $"limit must be between 1 and {MaxLimit} (default {DefaultLimit}) and offset 0 or more; got limit={limit}, offset={offset}."))
            : (limit ?? DefaultLimit, offset ?? 0, null);

    /// <summary>400 for a filter value that is not one of the allowed ones, listing them: never an empty list for a typo.</summary>
    public static IResult Unknown(string name, string value, IEnumerable<string> allowed) =>
        PlanLookup.Problem(400, $"Unknown {name}", $"{name} '{Drafts.TextRules.Clip(value)}' is not one of: {string.Join(", ", allowed)}.");
}

/// <summary>The plans as the office sees them: the list, one plan by id or number, and the plan's own history.</summary>
public static class PlanEndpoints
{
    public static readonly IReadOnlyList<string> Statuses = ["active", "superseded"];

    /// <summary>
    /// GET /api/plans?q=&amp;issuer=&amp;year=&amp;status=active|superseded&amp;limit=&amp;offset=: q looks in the number and the
    /// title, issuer in the issuer's name (both ignoring case); newest plan first.
    /// </summary>
    [WolverineGet("/api/plans"), Authorize(Policy = Policies.ReadAll), ProducesResponseType<PlanPage>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> List(string? q, string? issuer, int? year, string? status, int? limit, int? offset, ClaimsPrincipal user,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        var (take, skip, bad) = Paging.Of(limit, offset);
        if (bad is not null) return bad;
        if (status is not null && !Statuses.Contains(status)) return Paging.Unknown("status", status, Statuses);
        if (year is < 1900 or > 2100) return PlanLookup.Problem(400, "Bad year", $"year must be between 1900 and 2100; got {year}.");

        var query = session.Query<Plan>().AsQueryable();
        // A provincial coordinator's plans: narrowed in the query, on the jurisdiction index (Security/Jurisdictions).
        if (Caller.From(user).Scope is { } scope) query = query.Where(p => scope.Contains(p.Jurisdiction));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(p => (p.Number != null && p.Number.Contains(text, StringComparison.OrdinalIgnoreCase))
                || (p.Title != null && p.Title.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }
        if (!string.IsNullOrWhiteSpace(issuer))
        {
            var text = issuer.Trim();
            query = query.Where(p => p.Issuer != null && p.Issuer.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        if (year is { } y)
        {
            var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
            query = query.Where(p => p.IssuedOn != null && p.IssuedOn >= from && p.IssuedOn <= to);
        }
        if (status == "active") query = query.Where(p => p.SupersededBy == null);
        if (status == "superseded") query = query.Where(p => p.SupersededBy != null);

        var total = await query.CountAsync(ct);
        var plans = await query.OrderByDescending(p => p.IssuedOn).ThenBy(p => p.Number).ThenBy(p => p.Id).Skip(skip).Take(take).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToArray();
        var facts = (await BoxFactsAsync(session, ids, ct)).ToLookup(f => f.PlanId);
        var now = clock.GetUtcNow();
        var calendar = calendars.Current;
        return Results.Ok(new PlanPage(
            plans.Select(p => new PlanListItem(p.Id, p.Number, p.Issuer, p.IssuedOn, p.Title, p.Revision, p.SupersededBy, p.Assignments.Count,
                Boxes(facts[p.Id], now, calendar))).ToList(),
            total, take, skip));
    }

    /// <summary>How many of a plan's assignments share the dates that decide a box (and whether they are withdrawn).</summary>
    public sealed record BoxFacts(Guid PlanId, DateOnly? Due, DateOnly? CompletedOn, DateOnly? DueAtCompletion, bool Withdrawn, int Count);

    /// <summary>
    /// The deciding dates of the plans' scorecard entries, grouped and counted by PostgreSQL: a page of large plans
    /// holds tens of thousands of assignments but only a few distinct due dates, so a few rows come back, and the
    /// box of each group is still decided by the one rule (<see cref="Scorecard.BoxOf(DateOnly?, DateOnly?, DateOnly?, DateTimeOffset, WorkingCalendar)"/>).
    /// </summary>
    public static async Task<IReadOnlyList<BoxFacts>> BoxFactsAsync(IQuerySession session, Guid[] planIds, CancellationToken ct)
    {
        if (planIds.Length == 0) return [];
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_scorecardentry";
        await using var connection = session.DocumentStore.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(
            $"select (data->>'PlanId')::uuid, data->>'Due', data->>'CompletedOn', data->>'DueAtCompletion', coalesce((data->>'Withdrawn')::boolean, false), count(*)::int " +
            $"from {table} where (data->>'PlanId')::uuid = any(@plans) group by 1, 2, 3, 4, 5", connection);
        command.Parameters.AddWithValue("plans", planIds);
        var facts = new List<BoxFacts>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        static DateOnly? Date(Npgsql.NpgsqlDataReader r, int i) =>
            r.IsDBNull(i) ? null : DateOnly.ParseExact(r.GetString(i), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        while (await reader.ReadAsync(ct))
            facts.Add(new BoxFacts(reader.GetGuid(0), Date(reader, 1), Date(reader, 2), Date(reader, 3), reader.GetBoolean(4), reader.GetInt32(5)));
        return facts;
    }

    /// <summary>The four boxes of groups of alike assignments: each group is sorted once and counted whole.</summary>
    public static BoxCounts Boxes(IEnumerable<BoxFacts> facts, DateTimeOffset now, WorkingCalendar calendar)
    {
        var counts = new int[6];
        foreach (var f in facts)
            counts[f.Withdrawn ? 5 : (int)Scorecard.BoxOf(f.Due, f.CompletedOn, f.DueAtCompletion, now, calendar).Box] += f.Count;
        return Counts(counts);
    }

    private static BoxCounts Counts(int[] counts) => new(counts[(int)Box.CompletedOnTime], counts[(int)Box.CompletedLate], counts[(int)Box.OpenInTime],
        counts[(int)Box.OpenOverdue], counts[(int)Box.NoDeadline], counts[5]);

    public static BoxCounts Boxes(IEnumerable<ScorecardEntry> entries, DateTimeOffset now, WorkingCalendar calendar)
    {
        var counts = new int[6];
        foreach (var e in entries)
            counts[e.Withdrawn ? 5 : (int)Scorecard.BoxOf(e, now, calendar).Box]++;
        return Counts(counts);
    }

    /// <summary>GET /api/plans/{id}: by id, or by number ("206%2FKH-UBND").</summary>
    [WolverineGet("/api/plans/{id}"), Authorize(Policy = Policies.ReadAll), ProducesResponseType<Plan>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var (planId, problem) = await PlanLookup.FindAsync(session, id, ct);
        if (problem is not null) return problem;
        return await session.LoadAsync<Plan>(planId!.Value, ct) is { } plan
            ? Results.Ok(plan)
            : PlanLookup.Problem(404, "No such plan", $"No plan has id {planId}.");
    }

    /// <summary>
    /// GET /api/plans/{id}/history: every event of the plan in order. plan-read is the reader's reading as it
    /// produced it; plan-row-corrected, -added, -dropped and plan-document-corrected are the office's decisions,
    /// each with who made it and when; plan-imported and plan-revised say what was issued.
    /// </summary>
    [WolverineGet("/api/plans/{id}/history"), Authorize(Policy = Policies.ReadAll), ProducesResponseType<IReadOnlyList<HistoryEntry>>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> History(string id, IQuerySession session, CancellationToken ct)
    {
        var (planId, problem) = await PlanLookup.FindAsync(session, id, ct);
        if (problem is not null) return problem;
        var events = await session.Events.FetchStreamAsync(planId!.Value, token: ct);
        if (events.Count == 0) return PlanLookup.Problem(404, "No such plan", $"No plan has id {planId}.");
        return Results.Ok(events.Select(e => new HistoryEntry(e.Version, e.Sequence, AssignmentHistoryEndpoint.TypeName(e.EventType), e.Timestamp,
            Time.VietnamTime.DateOf(At(e.Data) ?? e.Timestamp), Actor(e.Data), e.Data, e.Headers?.GetValueOrDefault("hash")?.ToString())).ToList());
    }

    public static string Actor(object data) => data switch
    {
        PlanRead e => e.By,
        PlanRowCorrected e => e.By,
        PlanRowAdded e => e.By,
        PlanRowDropped e => e.By,
        PlanDocumentCorrected e => e.By,
        PlanImported e => e.ImportedBy,
        PlanRevised e => e.By,
        PlanSuperseded e => e.By,
        PlanImplements e => e.By,
        _ => "unknown",
    };

    /// <summary>When the fact took place: a correction made in a draft days before it was confirmed keeps its own day.</summary>
    private static DateTimeOffset? At(object data) => data switch
    {
        PlanRead e => e.At,
        PlanRowCorrected e => e.At,
        PlanRowAdded e => e.At,
        PlanRowDropped e => e.At,
        PlanDocumentCorrected e => e.At,
        _ => null,
    };
}
