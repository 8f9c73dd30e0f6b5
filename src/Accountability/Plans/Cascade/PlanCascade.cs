using Accountability.Agencies.Successions;
using Accountability.Assignments;
using Accountability.Plans.Agencies;
using Accountability.Plans.Revisions;
using Accountability.Security;
using Accountability.Time;
using Marten;
using AgencyDoc = Accountability.Agencies.Agency;

namespace Accountability.Plans.Cascade;

/// <summary>
/// Plans that answer plans. A department's plan "Thực hiện Kế hoạch số 206/KH-UBND…" is the duty the province gave it
/// ("xây dựng kế hoạch… gửi… trước ngày 15/11/2021"), done: importing it completes that duty on the sub-plan's issue
/// date, by the system, with the sub-plan as evidence, and hangs the sub-plan under the parent (GET /api/plans/{id}/tree).
/// </summary>
public static class PlanCascade
{
    /// <summary>Words of the duty a sub-plan answers, compared as <see cref="Gazetteer.Key"/>.</summary>
    private static readonly string[] PlanDuty = ["xây dựng kế hoạch", "ban hành kế hoạch", "xây dựng và ban hành kế hoạch"];

    /// <summary>
    /// Links a newly issued plan to the plan it implements, if that plan is here, and completes the matching duty of
    /// the sub-plan's issuer. Returns the duty completed (null: no parent, no issuer, or no such duty).
    /// </summary>
    public static async Task<Guid?> LinkAsync(IDocumentSession session, Guid planId, PlanHeader d, string by, DateTimeOffset now, CancellationToken ct)
    {
        if (d.Implements is not { } cited) return null;
        var jurisdiction = Jurisdictions.OfPlan(d);
        var candidates = await session.Query<Plan>().Where(p => p.Number == cited.Number).Take(20).ToListAsync(ct);
        // Only a plan of the sub-plan's province (or the central level): Quảng Ngãi's 206/KH-UBND is not Quảng Ninh's.
        var parent = candidates.Where(p => p.Id != planId && Related(p.Jurisdiction, jurisdiction))
            .OrderByDescending(p => cited.IssuedOn is { } on && p.IssuedOn == on).ThenBy(p => p.IssuedOn).FirstOrDefault();
        if (parent is null) return null;

        var duty = IssuerOf(d.Issuer, jurisdiction) is { } issuer && d.IssuedOn is { } issuedOn
            ? await DutyAsync(session, parent.Id, issuer, ct) : null;
        Guid? completed = null;
        if (duty is { IsClosed: false } && d.IssuedOn is { } on)
        {
            try
            {
                // Fetched for writing, as every command does: the stored assignment's version follows its stream.
                var stream = await session.Events.FetchForWriting<Assignment>(duty.Id, ct);
                stream.AppendOne(AssignmentRules.Complete(stream.Aggregate ?? duty, on, Evidence(d), VietnamTime.DateOf(now), SuccessionTransfers.SystemActor, now));
                completed = duty.Id;
            }
            catch (Exception e) when (e is AssignmentRuleBroken or Infrastructure.InvalidField)
            {
                // A sub-plan dated outside the duty's life (before the parent was issued, or in the future) completes nothing; the link stays.
            }
        }
        session.Events.Append(planId, new PlanImplements(parent.Id, parent.Number, duty?.Id, by, now));
        return completed;
    }

    /// <summary>
    /// Sub-plans imported before their parent: when the parent arrives, each sub-plan here that cites its number (and
    /// date, when it gives one) and is of its province hangs under it, and completes its issuer's duty to make a plan
    /// effective on the sub-plan's issue date, as <see cref="LinkAsync"/> does. The parent's duties are this
    /// transaction's new streams, so they are chosen from what was just issued. Returns the duties completed.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> AdoptAsync(IDocumentSession session, Guid planId, PlanHeader d, IReadOnlyList<AssignmentIssued> issued, string by, DateTimeOffset now, CancellationToken ct)
    {
        if (d.Number is not { } number) return [];
        var jurisdiction = Jurisdictions.OfPlan(d);
        var waiting = await session.Query<Plan>().Where(p => p.ImplementsNumber == number && p.ParentPlanId == null).Take(200).ToListAsync(ct);
        var duties = issued.Select(Assignment.Create).ToList();
        var completed = new List<Guid>();
        foreach (var child in waiting.Where(p => p.Id != planId && Related(jurisdiction, p.Jurisdiction ?? Jurisdictions.Central)
                     && (p.ImplementsIssuedOn is null || d.IssuedOn is null || p.ImplementsIssuedOn == d.IssuedOn)).OrderBy(p => p.IssuedOn).ThenBy(p => p.Id))
        {
            var issuer = IssuerOf(child.Issuer, child.Jurisdiction ?? Jurisdictions.Central);
            var duty = issuer is null || child.IssuedOn is null ? null : Choose(duties.Where(a => !completed.Contains(a.Id)), issuer);
            if (duty is not null)
            {
                try
                {
                    session.Events.Append(duty.Id, AssignmentRules.Complete(duty, child.IssuedOn!.Value, Evidence(child.Number, child.Title, child.IssuedOn, child.Issuer),
                        VietnamTime.DateOf(now), SuccessionTransfers.SystemActor, now));
                    completed.Add(duty.Id);
                }
                catch (Exception e) when (e is AssignmentRuleBroken or Infrastructure.InvalidField)
                {
                    duty = null; // dated outside the duty's life: the link stays, nothing is completed
                }
            }
            session.Events.Append(child.Id, new PlanImplements(planId, d.Number, duty?.Id, by, now));
        }
        return completed;
    }

    /// <summary>A parent of one jurisdiction may have sub-plans of the same one, of a province merged into it, or any under the central level.</summary>
    private static bool Related(string? parent, string child) =>
        parent is null || parent == Jurisdictions.Central || Jurisdictions.Covered(parent).Contains(child) || Jurisdictions.Covered(child).Contains(parent);

    /// <summary>
    /// The parent's duty a sub-plan of this agency answers: its dated duty to make a plan, the earliest due first (the
    /// plan itself, before the periodic reports that repeat the same words), an open one before a closed one.
    /// </summary>
    public static Assignment? Choose(IEnumerable<Assignment> parentDuties, string agencyId) => parentDuties
        .Where(a => a.AgencyId == agencyId && a.Due is not null && a.Status != AssignmentStatus.Withdrawn)
        .Where(a => PlanDuty.Any(w => Gazetteer.Key(a.Task).Contains(w, StringComparison.Ordinal)))
        .OrderBy(a => a.IsClosed).ThenBy(a => a.Due).ThenBy(a => a.Id)
        .FirstOrDefault();

    private static async Task<Assignment?> DutyAsync(IQuerySession session, Guid parentId, string agencyId, CancellationToken ct) =>
        Choose(await session.Query<Assignment>().Where(a => a.PlanId == parentId && a.AgencyId == agencyId).ToListAsync(ct), agencyId);

    /// <summary>
    /// The agency that issued a sub-plan, as a directory id. Headers stack the committee over the department ("UBND TỈNH
    /// QUẢNG NINH / SỞ Y TẾ") and the reader may run the words together, so the last body name the gazetteer knows in the
    /// issuer wins, compared without spaces.
    /// </summary>
    public static string? IssuerOf(string? issuer, string jurisdiction) =>
        IssuerNameOf(issuer) is { } name ? Jurisdictions.AgencyIdFor(name, jurisdiction) : null;

    public static string? IssuerOf(string? issuer) => IssuerNameOf(issuer) is { } name ? AgencyDoc.IdFor(name) : null;

    private static string? IssuerNameOf(string? issuer)
    {
        if (string.IsNullOrWhiteSpace(issuer)) return null;
        var text = Gazetteer.Key(issuer).Replace(" ", "", StringComparison.Ordinal);
        string? best = null;
        int bestEnd = -1, bestLength = 0;
        foreach (var body in Gazetteer.Default.Bodies)
            foreach (var name in body.Names)
            {
                var key = Gazetteer.Key(name).Replace(" ", "", StringComparison.Ordinal);
                if (key.Length < 5) continue; // "Sở", "Ban": a head alone names nobody
                var at = text.LastIndexOf(key, StringComparison.Ordinal);
                if (at < 0) continue;
                var end = at + key.Length;
                if (end > bestEnd || (end == bestEnd && key.Length > bestLength)) (best, bestEnd, bestLength) = (body.Name, end, key.Length);
            }
        return best;
    }

    private static string Evidence(PlanHeader d) => Evidence(d.Number, d.Title, d.IssuedOn, d.Issuer);

    private static string Evidence(string? number, string? title, DateOnly? issuedOn, string? issuer)
    {
        var text = $"Kế hoạch {number ?? title} ngày {issuedOn:dd/MM/yyyy} của {issuer}";
        return text.Length <= 1000 ? text : text[..1000];
    }
}
