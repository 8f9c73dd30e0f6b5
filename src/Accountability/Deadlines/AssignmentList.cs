using System.Security.Claims;
using Accountability.Assignments;
using Accountability.Plans.Listing;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Deadlines;

/// <summary>One page of assignments and how many match in all.</summary>
public sealed record AssignmentPage(IReadOnlyList<AssignmentView> Items, int Total, int Limit, int Offset);

/// <remarks>In Deadlines: its overdue and due-soon filters are deadline rules, and Assignments depend on nothing above them.</remarks>
/// <summary>GET /api/assignments: filtered by plan (id or number), agency, status, due date and words of the task; paged.</summary>
public static class AssignmentListEndpoint
{
    public const string Overdue = "overdue";
    public const string DueSoon = "dueSoon";

    /// <summary>The statuses as shown ("inprogress"), and two that depend on the clock: overdue and due within 3 days.</summary>
    public static readonly IReadOnlyList<string> Statuses =
        [.. Enum.GetNames<AssignmentStatus>().Select(s => s.ToLowerInvariant()), Overdue, DueSoon];

    /// <summary>
    /// Earliest due date first (those without one last). An agency lists its own assignments; the office and
    /// auditors list anyone's. overdue: open work whose deadline (24:00 of its last working day) has passed;
    /// dueSoon: open work whose deadline passes within 3 days. q matches words of the task, ignoring case.
    /// </summary>
    [WolverineGet("/api/assignments"), ProducesResponseType<AssignmentPage>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> List(string? plan, string? agency, string? status, DateOnly? dueBefore, string? q, int? limit, int? offset,
        ClaimsPrincipal user, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (!caller.ReadsAll)
        {
            agency ??= caller.AgencyId;
            if (agency is null || !caller.ActsFor(agency)) return caller.NotYours($"The assignments of '{agency}'", agency ?? "another agency");
        }
        var (take, skip, badPage) = Paging.Of(limit, offset);
        if (badPage is not null) return badPage;
        var wanted = status is null ? null : Statuses.FirstOrDefault(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase));
        if (status is not null && wanted is null) return Paging.Unknown("status", status, Statuses);
        var (planId, badPlan) = await PlanLookup.FindAsync(session, plan, ct);
        if (badPlan is not null) return badPlan;

        var query = session.Query<Assignment>().AsQueryable();
        if (caller.Scope is { } scope) query = query.Where(a => scope.Contains(a.Jurisdiction));
        if (planId is { } p) query = query.Where(a => a.PlanId == p);
        if (agency is not null) query = query.Where(a => a.AgencyId == agency);
        if (dueBefore is { } before) query = query.Where(a => a.Due != null && a.Due < before);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var words = q.Trim();
            query = query.Where(a => a.Task.Contains(words, StringComparison.OrdinalIgnoreCase));
        }
        if (wanted is Overdue or DueSoon)
        {
            var now = clock.GetUtcNow();
            var overdueUpTo = DeadlineRules.LatestDuePassedBy(now, calendars.Current);
            query = query.Where(a => a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Withdrawn && a.Due != null);
            if (wanted == Overdue) query = query.Where(a => a.Due <= overdueUpTo);
            else
            {
                var soonUpTo = DeadlineRules.LatestDuePassedBy(now + TimeSpan.FromDays(DeadlineRules.DueSoonDays), calendars.Current);
                query = query.Where(a => a.Due > overdueUpTo && a.Due <= soonUpTo);
            }
        }
        else if (wanted is not null)
        {
            var state = Enum.Parse<AssignmentStatus>(wanted, ignoreCase: true);
            query = query.Where(a => a.Status == state);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Due).ThenBy(a => a.Id).Skip(skip).Take(take).ToListAsync(ct);
        return Results.Ok(new AssignmentPage(items.Select(AssignmentView.From).ToList(), total, take, skip));
    }
}
