using Accountability.Assignments;
using Accountability.Time;
using Marten;
using Wolverine.Http;

namespace Accountability.Deadlines;

public sealed record AlertItem(Guid AssignmentId, string AgencyId, string Agency, string Task, DateOnly Due, DateOnly LastDay, int? DaysLate, int? DaysLeft);

public sealed record Alerts(IReadOnlyList<AlertItem> Overdue, IReadOnlyList<AlertItem> DueSoon);

/// <summary>GET /api/alerts?withinDays=N: what is late and what falls due soon, for the coordinating office.</summary>
public static class AlertsEndpoint
{
    /// <summary>Assignments still open that have a due date: what the deadline sweep and the alerts look at.</summary>
    public static Task<IReadOnlyList<Assignment>> OpenWithDueDateAsync(IQuerySession session, CancellationToken ct) =>
        session.Query<Assignment>()
            .Where(a => a.Due != null && a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Withdrawn)
            .ToListAsync(ct);

    [WolverineGet("/api/alerts")]
    public static async Task<Alerts> Get(int? withinDays, IQuerySession session, TimeProvider clock, WorkingCalendar calendar, CancellationToken ct)
    {
        var window = TimeSpan.FromDays(Math.Clamp(withinDays ?? DeadlineRules.DueSoonDays, 0, 366));
        var open = await OpenWithDueDateAsync(session, ct);
        var now = clock.GetUtcNow();
        var today = VietnamTime.Today(clock);
        var overdue = new List<AlertItem>();
        var soon = new List<AlertItem>();
        foreach (var a in open)
        {
            var due = a.Due!.Value;
            var last = DeadlineRules.LastDay(due, calendar);
            var passes = DeadlineRules.PassesAt(due, calendar);
            if (now >= passes)
                overdue.Add(new AlertItem(a.Id, a.AgencyId, a.Agency, a.Task, due, last, today.DayNumber - last.DayNumber, null));
            else if (passes - now <= window)
                soon.Add(new AlertItem(a.Id, a.AgencyId, a.Agency, a.Task, due, last, null, last.DayNumber - today.DayNumber));
        }
        return new Alerts(overdue.OrderByDescending(o => o.DaysLate).ThenBy(o => o.Agency).ToList(), soon.OrderBy(s => s.DaysLeft).ThenBy(s => s.Agency).ToList());
    }
}
