using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Plans.Listing;
using Accountability.Scorecards;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Plans.Cascade;

/// <summary>One duty in the tree, as it stands now.</summary>
public sealed record TreeAssignment(Guid Id, string AgencyId, string Agency, string Task, DateOnly? Due, string Status, int Percent, DateOnly? CompletedOn);

/// <summary>
/// Progress of a set of duties: how many, how many completed, the mean percent reported (completed counts 100,
/// withdrawn duties are left out), and the four boxes.
/// </summary>
public sealed record TreeProgress(int Assignments, int Completed, double? Percent, BoxCounts Boxes);

/// <summary>
/// A plan and the plans that carry it out. ParentAssignmentId: the parent's duty this plan answered. Own: this plan's
/// duties; Total: with every sub-plan's below it.
/// </summary>
public sealed record PlanNode(Guid Id, string? Number, string? Issuer, DateOnly? IssuedOn, string? Title, Guid? ParentAssignmentId,
    IReadOnlyList<TreeAssignment> Assignments, IReadOnlyList<PlanNode> SubPlans, TreeProgress Own, TreeProgress Total);

/// <summary>GET /api/plans/{id}/tree: the plan, its sub-plans (and theirs) with their duties, progress rolled up.</summary>
public static class PlanTreeEndpoint
{
    /// <summary>Layers below the plan that are shown (province, department, its units…); bounded, like every answer.</summary>
    public const int MaxDepth = 5;

    /// <summary>Plans in one tree at most.</summary>
    public const int MaxPlans = 200;

    [WolverineGet("/api/plans/{id}/tree"), Authorize(Policy = Policies.ReadAll), ProducesResponseType<PlanNode>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string id, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        var (planId, problem) = await PlanLookup.FindAsync(session, id, ct);
        if (problem is not null) return problem;
        if (await session.LoadAsync<Plan>(planId!.Value, ct) is not { } plan)
            return PlanLookup.Problem(404, "No such plan", $"No plan has id '{planId}'; see GET /api/plans.");
        var seen = new HashSet<Guid> { plan.Id };
        var node = await NodeAsync(session, plan, 0, seen, clock.GetUtcNow(), calendars.Current, ct);
        return Results.Ok(node);
    }

    private static async Task<PlanNode> NodeAsync(IQuerySession session, Plan plan, int depth, HashSet<Guid> seen, DateTimeOffset now, WorkingCalendar calendar, CancellationToken ct)
    {
        var duties = await session.Query<Assignment>().Where(a => a.PlanId == plan.Id).ToListAsync(ct);
        var entries = await session.Query<ScorecardEntry>().Where(e => e.PlanId == plan.Id).ToListAsync(ct);
        var children = new List<PlanNode>();
        if (depth < MaxDepth)
        {
            var subs = await session.Query<Plan>().Where(p => p.ParentPlanId == plan.Id).OrderBy(p => p.IssuedOn).ThenBy(p => p.Id).Take(MaxPlans).ToListAsync(ct);
            foreach (var sub in subs.Where(s => seen.Count < MaxPlans && seen.Add(s.Id)))
                children.Add(await NodeAsync(session, sub, depth + 1, seen, now, calendar, ct));
        }
        var own = Progress(duties, entries, now, calendar);
        return new PlanNode(plan.Id, plan.Number, plan.Issuer, plan.IssuedOn, plan.Title, plan.ParentAssignmentId,
            duties.OrderBy(a => a.Section, StringComparer.Ordinal).ThenBy(a => a.Due).ThenBy(a => a.Id)
                .Select(a => new TreeAssignment(a.Id, a.AgencyId, a.Agency, a.Task, a.Due, a.Status.ToString().ToLowerInvariant(), a.Percent, a.CompletedOn))
                .ToList(),
            children, own, children.Aggregate(own, (sum, c) => Add(sum, c.Total)));
    }

    public static TreeProgress Progress(IReadOnlyList<Assignment> duties, IEnumerable<ScorecardEntry> entries, DateTimeOffset now, WorkingCalendar calendar)
    {
        var counted = duties.Where(a => a.Status != AssignmentStatus.Withdrawn).ToList();
        return new TreeProgress(counted.Count, counted.Count(a => a.Status == AssignmentStatus.Completed),
            counted.Count == 0 ? null : Math.Round(counted.Average(a => a.Status == AssignmentStatus.Completed ? 100 : a.Percent), 1),
            PlanEndpoints.Boxes(entries, now, calendar));
    }

    /// <summary>Two sets of duties together: counts add, the mean percent is weighted by the number of duties.</summary>
    public static TreeProgress Add(TreeProgress a, TreeProgress b)
    {
        var n = a.Assignments + b.Assignments;
        var percent = n == 0 ? (double?)null : Math.Round(((a.Percent ?? 0) * a.Assignments + (b.Percent ?? 0) * b.Assignments) / n, 1);
        var (x, y) = (a.Boxes, b.Boxes);
        return new TreeProgress(n, a.Completed + b.Completed, percent, new BoxCounts(x.CompletedOnTime + y.CompletedOnTime, x.CompletedLate + y.CompletedLate,
            x.OpenInTime + y.OpenInTime, x.OpenOverdue + y.OpenOverdue, x.NoDeadline + y.NoDeadline, x.Withdrawn + y.Withdrawn));
    }
}
