using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Assignments;
using Accountability.Time;
using Marten;
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
}

public sealed record AlertItem(Guid AssignmentId, Guid PlanId, string AgencyId, string Agency, string Task, DateOnly Due, DateOnly LastDay, int? DaysLate, int? DaysLeft, bool Declined);

public sealed record Alerts(IReadOnlyList<AlertItem> Overdue, IReadOnlyList<AlertItem> DueSoon);

/// <summary>GET /api/alerts?withinDays=N: what is late and what falls due soon, for the coordinating office.</summary>
public static class AlertsEndpoint
{
    /// <summary>
    /// Overdue: the deadline (24:00 of the last working day) has passed. Due soon: it passes within N days
    /// (default 3). Days are calendar days in Vietnam time, counted from the last day that still counts.
    /// </summary>
    [WolverineGet("/api/alerts"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<Alerts> Get(int? withinDays, IQuerySession session, TimeProvider clock, WorkingCalendarSource calendars, CancellationToken ct)
    {
        var window = TimeSpan.FromDays(Math.Clamp(withinDays ?? DeadlineRules.DueSoonDays, 0, 366));
        var now = clock.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        // A last day inside the window means a due date on or before it (days off only move a deadline later).
        var horizon = VietnamTime.DateOf(now + window).AddDays(1);
        var open = await session.Query<DeadlineAlert>().Where(a => a.Due != null && a.Due <= horizon).ToListAsync(ct);
        var calendar = calendars.Current;
        var overdue = new List<AlertItem>();
        var soon = new List<AlertItem>();
        foreach (var a in open)
        {
            var due = a.Due!.Value;
            var last = DeadlineRules.LastDay(due, calendar);
            var passes = DeadlineRules.PassesAt(due, calendar);
            if (now >= passes)
                overdue.Add(new AlertItem(a.Id, a.PlanId, a.AgencyId, a.Agency, a.Task, due, last, today.DayNumber - last.DayNumber, null, a.Declined));
            else if (passes - now <= window)
                soon.Add(new AlertItem(a.Id, a.PlanId, a.AgencyId, a.Agency, a.Task, due, last, null, last.DayNumber - today.DayNumber, a.Declined));
        }
        return new Alerts(overdue.OrderByDescending(o => o.DaysLate).ThenBy(o => o.Agency).ToList(), soon.OrderBy(s => s.DaysLeft).ThenBy(s => s.Agency).ToList());
    }
}
