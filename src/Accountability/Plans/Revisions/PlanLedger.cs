using Accountability.Assignments;
using Marten;

namespace Accountability.Plans.Revisions;

/// <summary>
/// What a revision needs to know of an issued plan: the reading it was last read from, which assignment carries
/// each row, and the plan as the office has it now. Folded from the plan's stream when a revision is decided
/// (rare, so not kept as a read model).
/// </summary>
public sealed record PlanLedger(Plan Plan, int Revision, PlanHeader ReadingHeader, IReadOnlyList<PlanRow> Reading, IReadOnlyDictionary<string, Guid> Rows)
{
    public static async Task<PlanLedger?> LoadAsync(IQuerySession session, Guid planId, CancellationToken ct)
    {
        if (await session.LoadAsync<Plan>(planId, ct) is not { } plan) return null;
        var events = await session.Events.FetchStreamAsync(planId, token: ct);
        PlanRead? read = null;
        IReadOnlyList<IssuedRow>? rows = null;
        foreach (var e in events)
            switch (e.Data)
            {
                case PlanRead r: read = r; break;
                case PlanImported { Rows: { } issued }: rows = issued; break;
                case PlanRevised v: rows = v.Rows; break;
            }
        if (read is not null && rows is not null)
            return new PlanLedger(plan, plan.Revision, read.Document, read.Rows, rows.ToDictionary(r => r.Key, r => r.AssignmentId));
        return await LegacyAsync(session, plan, ct);
    }

    /// <summary>
    /// A plan imported before readings were recorded: its reading is what its assignments were issued with (the
    /// reader's rows, uncorrected then), and each assignment's SourceKey is its row.
    /// </summary>
    private static async Task<PlanLedger> LegacyAsync(IQuerySession session, Plan plan, CancellationToken ct)
    {
        var issued = await session.Events.QueryRawEventDataOnly<AssignmentIssued>().Where(e => e.PlanId == plan.Id).ToListAsync(ct);
        var order = plan.Assignments.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var reading = issued.OrderBy(e => order.GetValueOrDefault(e.AssignmentId, int.MaxValue)).Select(e => new PlanRow(
            e.SourceKey, e.Agency, e.AgencyId, null, "other", e.Role, e.CoordinatingAgencies, [], e.Task, e.Section, e.Due, e.DeadlineText,
            "none", e.Occurrence, e.Tentative, false, null, [])).ToList();
        var header = new PlanHeader(plan.Number, plan.Issuer, plan.IssuedOn, plan.Title, plan.PeriodFrom, plan.PeriodTo, plan.ReportsTo, null, plan.Supersedes, null, null);
        return new PlanLedger(plan, plan.Revision, header, reading, issued.GroupBy(e => e.SourceKey).ToDictionary(g => g.Key, g => g.First().AssignmentId));
    }
}
