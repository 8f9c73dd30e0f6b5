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
public sealed record DeadlineAlert(Guid Id, Guid PlanId, string AgencyId, string Agency, string Task, DateOnly? Due, bool Declined, DateOnly? OverdueMarkedFor);

public sealed partial class DeadlineAlertProjection : SingleStreamProjection<DeadlineAlert, Guid>
{
    public DeadlineAlert Create(AssignmentIssued e) => new(e.AssignmentId, e.PlanId, e.AgencyId, e.Agency, e.Task, e.Due, false, null);

    public DeadlineAlert Apply(DeadlineExtended e, DeadlineAlert a) => a with { Due = e.NewDue, OverdueMarkedFor = null };

    public DeadlineAlert Apply(AssignmentReassigned e, DeadlineAlert a) => a with { AgencyId = e.ToAgencyId, Agency = e.ToAgency, Declined = false };

    public DeadlineAlert Apply(AssignmentMarkedOverdue e, DeadlineAlert a) => a with { OverdueMarkedFor = e.Due };

    public DeadlineAlert Apply(AssignmentDeclined _, DeadlineAlert a) => a with { Declined = true };

    public DeadlineAlert Apply(DeclineOverruled _, DeadlineAlert a) => a with { Declined = false };

    public bool ShouldDelete(AssignmentCompleted _) => true;

    public bool ShouldDelete(AssignmentWithdrawn _) => true;

    private static readonly DeadlineAlertProjection Rules = new();

    /// <summary>The same rules over events read back (GET /api/audit/verify checks the stored alerts with it); null once deleted.</summary>
    public static DeadlineAlert? Fold(DeadlineAlert? a, object data) => (a, data) switch
    {
        (_, AssignmentIssued e) => Rules.Create(e),
        (null, _) => null,
        (_, DeadlineExtended e) => Rules.Apply(e, a),
        (_, AssignmentReassigned e) => Rules.Apply(e, a),
        (_, AssignmentMarkedOverdue e) => Rules.Apply(e, a),
        (_, AssignmentDeclined e) => Rules.Apply(e, a),
        (_, DeclineOverruled e) => Rules.Apply(e, a),
        (_, AssignmentCompleted or AssignmentWithdrawn) => null,
        _ => a,
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
    public static async Task<IResult> Get(int? withinDays, string? agency, Guid? plan, int? limit, int? offset,
        IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
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

        var batch = session.CreateBatchQuery();
        // One page and the total of the open alerts due after `after` (if given) and up to `upTo`.
        (Task<IReadOnlyList<DeadlineAlert>> Page, Task<long> Total) Range(DateOnly? after, DateOnly upTo)
        {
            var query = batch.Query<DeadlineAlert>().Where(a => a.Due != null && a.Due <= upTo);
            if (after is { } from) query = query.Where(a => a.Due > from);
            if (agency is not null) query = query.Where(a => a.AgencyId == agency);
            if (plan is { } p) query = query.Where(a => a.PlanId == p);
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
