using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using Accountability.Scorecards;
using Marten;
using Wolverine.Http;

namespace Accountability.Plans;

/// <summary>GET /api/plans/{id}/assignments.csv: the plan's full assignment table for auditors, as it stands now.</summary>
public static class PlanExportEndpoint
{
    [WolverineGet("/api/plans/{id}/assignments.csv"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> Csv(string id, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        // By id or by number (206%2FKH-UBND).
        var (planId, problem) = await Listing.PlanLookup.FindAsync(session, id, ct);
        if (problem is not null) return problem;
        if (await session.LoadAsync<Plan>(planId!.Value, ct) is not { } plan)
            return ImportPlanEndpoint.Problem(404, "No such plan", $"No plan has id {id}.");
        var issued = (await session.Events.QueryRawEventDataOnly<AssignmentIssued>().Where(e => e.PlanId == plan.Id).ToListAsync(ct))
            .ToDictionary(e => e.AssignmentId);
        var states = (await session.LoadManyAsync<Assignment>(ct, plan.Assignments)).ToDictionary(a => a.Id);
        var entries = (await session.LoadManyAsync<ScorecardEntry>(ct, plan.Assignments)).ToDictionary(e => e.Id);
        var now = clock.GetUtcNow();
        var calendar = calendars.Current;
        return CsvFile.Of($"{FileNameOf(plan)}-assignments.csv", csv =>
        {
            csv.Row("plan_number", "section", "assignment_id", "agency_id", "agency", "role", "coordinating_agencies", "task",
                "deadline_text", "occurrence", "due", "last_day", "tentative", "status", "box", "days_late", "acknowledged",
                "percent", "completed_on", "backdated", "decline_reason", "version");
            // In the plan's own order: the order its assignments were issued in.
            foreach (var assignmentId in plan.Assignments)
            {
                if (!states.TryGetValue(assignmentId, out var a) || !issued.TryGetValue(assignmentId, out var i)) continue;
                var entry = entries.GetValueOrDefault(assignmentId);
                var (box, daysLate) = entry is null || entry.Withdrawn ? ((Box?)null, 0) : Scorecard.BoxOf(entry, now, calendar);
                csv.Row(plan.Number, a.Section, a.Id, a.AgencyId, a.Agency, i.Role, string.Join("; ", i.CoordinatingAgencies), a.Task,
                    i.DeadlineText, i.Occurrence, a.Due, a.Due is { } due ? DeadlineRules.LastDay(due, calendar) : null, i.Tentative,
                    a.Status.ToString().ToLowerInvariant(), box is { } b ? Audit.AssignmentHistoryEndpoint.Kebab(b.ToString()) : "withdrawn", daysLate == 0 ? null : daysLate,
                    a.Acknowledged, a.Percent, a.CompletedOn, entry?.Backdated == true && a.CompletedOn is not null, a.DeclineReason, a.Version);
            }
        });
    }

    private static string FileNameOf(Plan plan) =>
        plan.Number is { } n ? string.Concat(n.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '-')) : plan.Id.ToString("N");
}
