using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Assignments;
using Accountability.Time;
using Marten;
using Marten.Services.BatchQuerying;
using Microsoft.AspNetCore.Mvc;
using Marten.Events.Aggregation;
using Wolverine.Http;

namespace Accountability.Deadlines;

/// <summary>
/// An open assignment as the alerts see it. Kept by <see cref="DeadlineAlertProjection"/> in the same
/// transaction as the events; gone once the assignment is completed or withdrawn, so the alerts query only
/// reads open work.
/// </summary>
public sealed record DeadlineAlert(Guid Id, Guid PlanId, string AgencyId, string Agency, string Task, DateOnly? Due, bool Declined, DateOnly? OverdueMarkedFor)
{
    /// <summary>The plan's province (Security/Jurisdictions), so a provincial coordinator's alerts are narrowed in the query.</summary>
    public string? Jurisdiction { get; init; }
}

/// <remarks>
/// One explicit fold rather than Apply methods: an event that comes after the alert was deleted (a merge of the
/// agency moves completed work too) must leave it deleted, and only Evolve can say "no document" for that.
/// </remarks>
public sealed partial class DeadlineAlertProjection : SingleStreamProjection<DeadlineAlert, Guid>
{
    public DeadlineAlertProjection()
    {
        // The events the fold reads: only assignments' streams are looked at (never a plan's).
        IncludeType<AssignmentIssued>();
        IncludeType<AssignmentCompleted>();
        IncludeType<AssignmentWithdrawn>();
        IncludeType<DeadlineExtended>();
        IncludeType<AssignmentReassigned>();
        IncludeType<AssignmentTransferred>();
        IncludeType<AssignmentRevised>();
        IncludeType<AssignmentMarkedOverdue>();
        IncludeType<AssignmentDeclined>();
        IncludeType<DeclineOverruled>();
    }

    public override DeadlineAlert? Evolve(DeadlineAlert? snapshot, Guid id, JasperFx.Events.IEvent e) => Fold(snapshot, e.Data);

    /// <summary>The fold itself, over events read back too (GET /api/audit/verify checks the stored alerts with it); null once deleted.</summary>
    public static DeadlineAlert? Fold(DeadlineAlert? snapshot, object data) => (snapshot, data) switch
    {
        (_, AssignmentIssued i) => new DeadlineAlert(i.AssignmentId, i.PlanId, i.AgencyId, i.Agency, i.Task, i.Due, false, null) { Jurisdiction = i.JurisdictionOrAgencys },
        (null, _) => null,
        (_, AssignmentCompleted or AssignmentWithdrawn) => null,
        (var a, DeadlineExtended x) => a with { Due = x.NewDue, OverdueMarkedFor = null },
        (var a, AssignmentReassigned x) => a with { AgencyId = x.ToAgencyId, Agency = x.ToAgency, Declined = x.AgencyMerged && a.Declined },
        (var a, AssignmentTransferred x) => a with { AgencyId = x.ToAgencyId, Agency = x.ToAgency, Declined = false },
        (var a, AssignmentRevised x) => a with { Task = x.Task, Due = x.Due, OverdueMarkedFor = x.Due == a.Due ? a.OverdueMarkedFor : null },
        (var a, AssignmentMarkedOverdue x) => a with { OverdueMarkedFor = x.Due },
        (var a, AssignmentDeclined) => a with { Declined = true },
        (var a, DeclineOverruled) => a with { Declined = false },
        var (a, _) => a,
    };
}

public sealed record AlertItem(Guid AssignmentId, Guid PlanId, string AgencyId, string Agency, string Task, DateOnly Due, DateOnly LastDay, int? DaysLate, int? DaysLeft, bool Declined);

/// <summary>One page of each list, with how many there are in all (a national programme has thousands overdue).</summary>
public sealed record Alerts(IReadOnlyList<AlertItem> Overdue, IReadOnlyList<AlertItem> DueSoon, int OverdueTotal, int DueSoonTotal, int Limit, int Offset);

/// <summary>GET /api/alerts: what is late and what falls due soon, for the coordinating office.</summary>
public static class AlertsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    /// <summary>
    /// Overdue: the deadline (24:00 of the last working day) has passed, oldest due date first. Due soon: it passes
    /// within <paramref name="withinDays"/> days (default 3), nearest first. Days are calendar days in Vietnam time,
    /// counted from the last day that still counts. <paramref name="agency"/> and <paramref name="plan"/> narrow
    /// both lists; <paramref name="limit"/> (default 100, at most 1,000) and <paramref name="offset"/> page them,
    /// and the totals say how many there are.
    /// </summary>
    [WolverineGet("/api/alerts"), Authorize(Policy = Policies.ReadAll), ProducesResponseType<Alerts>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(int? withinDays, string? agency, string? plan, int? limit, int? offset, ClaimsPrincipal user,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        // The plan by id or by number (206/KH-UBND).
        var (planId, badPlan) = await Plans.Listing.PlanLookup.FindAsync(session, plan, ct);
        if (badPlan is not null) return badPlan;
        if (limit is < 1 or > MaxLimit || offset is < 0)
            return Results.Problem(new ProblemDetails { Status = 400, Title = "Bad page",
                Detail = $"limit must be between 1 and {MaxLimit} (default {DefaultLimit}) and offset 0 or more; got limit={limit}, offset={offset}." });
        var take = limit ?? DefaultLimit;
        var skip = offset ?? 0;
        var window = TimeSpan.FromDays(Math.Clamp(withinDays ?? DeadlineRules.DueSoonDays, 0, 366));
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var calendar = calendars.Current;
        // Both lists are ranges of due dates (DeadlineRules.LatestDuePassedBy): the database sorts and pages them
        // on its due-date index, and counts them in the same round trip.
        var overdueUpTo = DeadlineRules.LatestDuePassedBy(now, calendar);
        var soonUpTo = DeadlineRules.LatestDuePassedBy(now + window, calendar);

        var scope = Caller.From(user).Scope;
        var batch = session.CreateBatchQuery();
        // One page and the total of the open alerts due after `after` (if given) and up to `upTo`.
        (Task<IReadOnlyList<DeadlineAlert>> Page, Task<long> Total) Range(DateOnly? after, DateOnly upTo)
        {
            var query = batch.Query<DeadlineAlert>().Where(a => a.Due != null && a.Due <= upTo);
            if (after is { } from) query = query.Where(a => a.Due > from);
            if (scope is not null) query = query.Where(a => scope.Contains(a.Jurisdiction));
            if (agency is not null) query = query.Where(a => a.AgencyId == agency);
            if (planId is { } p) query = query.Where(a => a.PlanId == p);
            return (query.OrderBy(a => a.Due).ThenBy(a => a.Agency).ThenBy(a => a.Id).Skip(skip).Take(take).ToList(), query.Count());
        }

        var (overdueTask, overdueTotal) = Range(null, overdueUpTo);
        var (soonTask, soonTotal) = Range(overdueUpTo, soonUpTo);
        await batch.Execute(ct);

        AlertItem Item(DeadlineAlert a, bool late)
        {
            var due = a.Due!.Value;
            var last = DeadlineRules.LastDay(due, calendar);
            return new AlertItem(a.Id, a.PlanId, a.AgencyId, a.Agency, a.Task, due, last,
                late ? today.DayNumber - last.DayNumber : null, late ? null : last.DayNumber - today.DayNumber, a.Declined);
        }

        return Results.Ok(new Alerts(
            (await overdueTask).Select(a => Item(a, late: true)).ToList(),
            (await soonTask).Select(a => Item(a, late: false)).ToList(),
            (int)await overdueTotal, (int)await soonTotal, take, skip));
    }
}
