using Accountability.Assignments;
using Accountability.Plans;
using Accountability.Time;
using Marten;

namespace Accountability.Agencies.Successions;

/// <summary>
/// Moves open duties to successors: right after an import (a 2021 plan imported today is issued to the agencies as
/// written, then transferred, in the same transaction, so its history shows both), and when a succession takes effect
/// or is entered for a past day. Nothing is saved here; the caller commits.
/// </summary>
public static class SuccessionTransfers
{
    /// <summary>At most this many successions in a row (Sở A → Sở B in March, Sở B → Sở C in July).</summary>
    private const int MaxHops = 5;

    public const string SystemActor = "system";

    /// <summary>The succession in force for an agency: the office's entry, else the national table's, else none.</summary>
    public static async Task<AgencySuccession?> ForAsync(IQuerySession session, string agencyId, string agencyName, CancellationToken ct) =>
        await session.LoadAsync<AgencySuccession>(agencyId, ct) ?? NationalSuccessions.For(agencyId, agencyName);

    /// <summary>
    /// The transfers due for newly issued duties, appended to their streams (after the issue). Returns the successions
    /// that lie ahead (effective after today), one per agency, for the caller to set a timer on.
    /// </summary>
    public static async Task<IReadOnlyList<AgencySuccession>> AfterIssueAsync(IDocumentSession session, IReadOnlyList<AssignmentIssued> issued, string? planTitle, DateTimeOffset now, CancellationToken ct,
        ICollection<SendNotice>? notices = null)
    {
        var cache = new Dictionary<string, AgencySuccession?>();
        var ahead = new Dictionary<string, AgencySuccession>();
        var today = VietnamTime.DateOf(now);
        // One read for the office's entries of every agency the plan names; the national table is in memory.
        var agencies = issued.DistinctBy(i => i.AgencyId).ToDictionary(i => i.AgencyId, i => i.Agency);
        if (agencies.Count > 0)
        {
            var entered = (await session.LoadManyAsync<AgencySuccession>(ct, agencies.Keys.ToArray())).ToDictionary(x => x.Id);
            foreach (var (id, name) in agencies) cache[id] = entered.GetValueOrDefault(id) ?? NationalSuccessions.For(id, name);
        }
        var joined = new HashSet<string>();
        foreach (var i in issued)
        {
            var a = Assignment.Create(i);
            var moves = await ChainAsync(session, a, planTitle, today, now, cache, ahead, ct);
            foreach (var e in moves)
            {
                session.Events.Append(a.Id, e);
                a = a.Apply(e);
                if (joined.Add(e.ToAgencyId)) await JoinAsync(session, e.ToAgencyId, e.ToAgency, ct);
            }
            if (moves.Count > 0) session.Events.Append(a.Id, Tell(a, moves[^1], now, notices));
        }
        return ahead.Values.ToList();
    }

    /// <summary>
    /// Transfers every open duty of the succession's agency (issued before it took effect), and onwards where the
    /// successor has ended too. Returns the assignments moved.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> TakeEffectAsync(IDocumentSession session, AgencySuccession succession, DateTimeOffset now, CancellationToken ct,
        ICollection<SendNotice>? notices = null)
    {
        var today = VietnamTime.DateOf(now);
        if (succession.EffectiveOn > today) return [];
        var open = await session.Query<Assignment>()
            .Where(a => a.AgencyId == succession.Id && a.Status != AssignmentStatus.Completed && a.Status != AssignmentStatus.Withdrawn)
            .ToListAsync(ct);
        var titles = await TitlesAsync(session, open.Select(a => a.PlanId), ct);
        var cache = new Dictionary<string, AgencySuccession?> { [succession.Id] = succession };
        var moved = new List<Guid>();
        var joined = new HashSet<string>();
        foreach (var a in open.OrderBy(a => a.Id))
        {
            var events = await ChainAsync(session, a, titles.GetValueOrDefault(a.PlanId), today, now, cache, [], ct);
            if (events.Count == 0) continue;
            // Fetched for writing, as every command does: the stored assignment's version follows its stream.
            var stream = await session.Events.FetchForWriting<Assignment>(a.Id, ct);
            stream.AppendMany(events.ToArray<object>());
            stream.AppendOne(Tell(events.Aggregate(stream.Aggregate ?? a, (x, e) => x.Apply(e)), events[^1], now, notices));
            moved.Add(a.Id);
            foreach (var e in events.Where(e => joined.Add(e.ToAgencyId))) await JoinAsync(session, e.ToAgencyId, e.ToAgency, ct);
        }
        return moved;
    }

    /// <summary>
    /// The new holder is told, like every notice: a "transferred" notice on the duty's stream (its inbox), and the
    /// message that delivers it on the other channels, for the caller to send with its transaction.
    /// </summary>
    private static NoticeIssued Tell(Assignment now, AssignmentTransferred e, DateTimeOffset at, ICollection<SendNotice>? notices)
    {
        var basis = e.Basis.Length <= 300 ? e.Basis : e.Basis[..299] + "…";
        var notice = Notices.About(now, NoticeKind.Transferred, $"transferred-{e.EffectiveOn:yyyy-MM-dd}", e.ToAgencyId,
            $"Chuyển giao: nhiệm vụ “{Notices.Short(now.Task)}” của {e.FromAgency} nay do {e.ToAgency} tiếp tục thực hiện từ ngày {e.EffectiveOn:dd/MM/yyyy} ({basis}).",
            SystemActor, at);
        notices?.Add(new SendNotice(now.Id, notice.NoticeId));
        return notice;
    }

    private static async Task<List<AssignmentTransferred>> ChainAsync(IQuerySession session, Assignment a, string? planTitle, DateOnly today, DateTimeOffset now,
        Dictionary<string, AgencySuccession?> cache, Dictionary<string, AgencySuccession> ahead, CancellationToken ct)
    {
        var events = new List<AssignmentTransferred>();
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (!cache.TryGetValue(a.AgencyId, out var s)) cache[a.AgencyId] = s = await ForAsync(session, a.AgencyId, a.Agency, ct);
            if (s is null) break;
            if (s.EffectiveOn > today && a.EffectiveFrom < s.EffectiveOn) ahead.TryAdd(s.Id, s);
            // Only a succession later than the last one taken: a successor's own entry from the same day is not a second move.
            if (events.Count > 0 && s.EffectiveOn <= events[^1].EffectiveOn) break;
            if (SuccessionRules.Moves(s, a, planTitle, today) is not { } to) break;
            var e = new AssignmentTransferred(a.AgencyId, a.Agency, to.AgencyId, to.Agency, s.Basis, s.EffectiveOn, SystemActor, now);
            events.Add(e);
            a = a.Apply(e);
        }
        return events;
    }

    private static async Task<Dictionary<Guid, string?>> TitlesAsync(IQuerySession session, IEnumerable<Guid> planIds, CancellationToken ct)
    {
        var ids = planIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        return (await session.LoadManyAsync<Plan>(ct, ids)).ToDictionary(p => p.Id, p => p.Title);
    }

    /// <summary>A successor joins the directory when it receives its first duty (as an import adds the agencies it meets).</summary>
    private static async Task JoinAsync(IDocumentSession session, string id, string name, CancellationToken ct)
    {
        if (await session.LoadAsync<Agency>(id, ct) is null)
            session.Store(new Agency(id, name, Directory.AgencyKinds.Stored(Plans.Agencies.AgencyRecognizer.KindOf(name).ToString())));
    }
}
