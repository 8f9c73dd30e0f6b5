using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Plans;
using Accountability.Scorecards;
using Accountability.Web.Shared;
using Marten;

namespace Accountability.Web.Screens.Plans;

/// <summary>One assignment of a plan as its page and its Excel file show it.</summary>
public sealed record PlanTableRow(Assignment Assignment, string Role, DateOnly? LastDay, Standing Standing, int DaysLate);

/// <summary>A plan's assignments in the plan's own order, each with where it stands now (two reads: the states and their boxes).</summary>
public static class PlanTable
{
    public static async Task<IReadOnlyList<PlanTableRow>> ReadAsync(IQuerySession session, Plan plan, DateTimeOffset now, WorkingCalendar calendar, CancellationToken ct)
    {
        var states = (await session.LoadManyAsync<Assignment>(ct, plan.Assignments)).ToDictionary(a => a.Id);
        var entries = (await session.LoadManyAsync<ScorecardEntry>(ct, plan.Assignments)).ToDictionary(e => e.Id);
        var roles = (await session.Events.QueryRawEventDataOnly<AssignmentIssued>().Where(e => e.PlanId == plan.Id).ToListAsync(ct))
            .GroupBy(e => e.AssignmentId).ToDictionary(g => g.Key, g => g.First().Role);
        var rows = new List<PlanTableRow>(plan.Assignments.Count);
        foreach (var id in plan.Assignments)
        {
            if (!states.TryGetValue(id, out var a)) continue;
            var entry = entries.GetValueOrDefault(id);
            var last = a.Due is { } due ? DeadlineRules.LastDay(due, calendar) : (DateOnly?)null;
            var daysLate = entry is null || entry.Withdrawn ? 0 : Scorecard.BoxOf(entry, now, calendar).DaysLate;
            rows.Add(new PlanTableRow(a, roles.GetValueOrDefault(id) ?? "lead", last, Standings.Of(entry, last, now, calendar), daysLate));
        }
        return rows;
    }
}
