using Accountability.Assignments;
using Marten;
using AgencyDoc = Accountability.Agencies.Agency;

namespace Accountability.Plans.Revisions;

/// <summary>A due date to look at after a commit: from its first occasion (a new or moved date), or now (a new holder).</summary>
public sealed record DeadlineToCheck(Guid AssignmentId, DateOnly Due, bool Now);

/// <summary>What a commit did, and the deadlines the caller sets timers for in the same transaction.</summary>
public sealed record PlanCommitted(PlanImportResult Result, IReadOnlyList<AssignmentIssued> Issued, IReadOnlyList<DeadlineToCheck> Deadlines)
{
    /// <summary>Successions of the plan's agencies that take effect after today: the caller sets a timer for each.</summary>
    public IReadOnlyList<global::Accountability.Agencies.Successions.AgencySuccession> SuccessionsAhead { get; init; } = [];

    /// <summary>Notices the commit issued (a transferred duty's new holder is told): the caller sends them with its transaction.</summary>
    public IReadOnlyList<SendNotice> Notices { get; init; } = [];
}

/// <summary>The plan a reading belongs to: its id, and its ledger when it was issued before (null: a new plan).</summary>
public sealed record PlanTarget(Guid PlanId, PlanLedger? Ledger);

/// <summary>What confirming a submission on an issued plan would do: nothing (the same reading, no correction) or a revision.</summary>
public sealed record RevisionPreview(bool Same, RevisionPlan Plan, PlanHeader Header);

/// <summary>
/// The one way a plan's reading becomes duties: an import without review, a confirmed draft, a revision. The
/// first time, the reading, the office's corrections and the issue go in the plan's stream and each row starts
/// its assignment's stream; an issued plan read the same way again changes nothing; read differently (or
/// corrected) it is revised (<see cref="PlanRevision"/>). Nothing is saved here: the caller commits everything,
/// with the timers, in one transaction.
/// </summary>
public static class PlanCommit
{
    /// <summary>
    /// The plan this reading is of: the one whose identity (number and issuer, or title, date and issuer) the
    /// reader read, else one that carries the number and issuer as the office confirmed them.
    /// </summary>
    public static async Task<PlanTarget> IdentifyAsync(IQuerySession session, PlanHeader read, PlanHeader confirmed, CancellationToken ct)
    {
        var readId = PlanImport.PlanIdOf(read);
        foreach (var id in new[] { readId, PlanImport.PlanIdOf(confirmed) }.Distinct())
            if (await PlanLedger.LoadAsync(session, id, ct) is { } ledger) return new PlanTarget(id, ledger);
        if (confirmed.Number is { } number)
        {
            var other = await session.Query<Plan>().Where(p => p.Number == number && p.Issuer == confirmed.Issuer).Select(p => p.Id).FirstOrDefaultAsync(ct);
            if (other != Guid.Empty && await PlanLedger.LoadAsync(session, other, ct) is { } ledger) return new PlanTarget(other, ledger);
        }
        return new PlanTarget(readId, null);
    }

    public static async Task<RevisionPreview> PreviewAsync(IQuerySession session, PlanLedger ledger, PlanSubmission s, CancellationToken ct)
    {
        var held = (await session.LoadManyAsync<Assignment>(ct, ledger.Plan.Assignments)).ToDictionary(a => a.Id, HeldAssignment.From);
        var same = s.Corrections.Count == 0 && PlanRevision.SameReading(ledger.ReadingHeader, ledger.Reading, s.Reading.Document, s.Reading.Rows);
        return new RevisionPreview(same, PlanRevision.Decide(ledger.Reading, ledger.Rows, held, s.Rows),
            PlanRevision.Header(ledger.ReadingHeader, ledger.Plan.Header(ledger.ReadingHeader), s.Document));
    }

    /// <param name="flush">
    /// Where the session is a <see cref="PlanTransaction"/>'s, its flush: the new duties' streams are then saved in
    /// pieces of <see cref="PlanTransaction.PieceSize"/> as they are queued (written in the transaction, not committed).
    /// </param>
    public static async Task<PlanCommitted> CommitAsync(IDocumentSession session, PlanSubmission s, string by, DateTimeOffset now, CancellationToken ct,
        Func<CancellationToken, Task>? flush = null)
    {
        // Rows the office added or corrected in a draft name their agencies in the plan's province too.
        s = s with { Rows = Security.Jurisdictions.Scope(s.Rows, Security.Jurisdictions.OfPlan(s.Document)) };
        await TakeTurnAsync(session, [PlanImport.PlanIdOf(s.Reading.Document), PlanImport.PlanIdOf(s.Document)], ct);
        var target = await IdentifyAsync(session, s.Reading.Document, s.Document, ct);
        return target.Ledger is { } ledger
            ? await ReviseAsync(session, ledger, s, by, now, ct, flush)
            : await FirstAsync(session, target.PlanId, s, by, now, ct, flush);
    }

    /// <summary>
    /// Commits of one plan take turns (locks held until this transaction ends): of ten imports sent at once, the first
    /// writes the plan and the others find it written, instead of failing on the duplicate streams. Taken in one
    /// order, so two commits that share a plan cannot wait on each other.
    /// </summary>
    private static async Task TakeTurnAsync(IDocumentSession session, IEnumerable<Guid> planIds, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        foreach (var key in planIds.Select(id => BitConverter.ToInt64(id.ToByteArray(), 0)).Distinct().Order())
            await session.QueryAsync<int>("SELECT 1 FROM pg_advisory_xact_lock(?)", ct, key);
    }

    private static async Task<PlanCommitted> FirstAsync(IDocumentSession session, Guid planId, PlanSubmission s, string by, DateTimeOffset now, CancellationToken ct,
        Func<CancellationToken, Task>? flush)
    {
        var d = s.Document;
        var jurisdiction = Security.Jurisdictions.OfPlan(d);
        var issued = s.Rows.Select(r => PlanImport.Issue(PlanImport.AssignmentIdOf(planId, r.Key), planId, d.Number, d.IssuedOn, r, by, now) with { Jurisdiction = jurisdiction }).ToList();
        var ids = issued.Select(i => i.AssignmentId).ToList();
        var imported = new PlanImported(planId, d.Number, d.Issuer, d.IssuedOn, d.Title, d.PeriodFrom, d.PeriodTo, d.ReportsTo, d.Supersedes,
            ids, s.Reading.Warnings, by, now, s.Rows.Select(r => new IssuedRow(r.Key, PlanImport.AssignmentIdOf(planId, r.Key))).ToList())
        { Jurisdiction = jurisdiction, Implements = d.Implements };
        session.Events.StartStream<Plan>(planId, PlanEvents(s, planId, 1, imported));
        await StartStreamsAsync(session, issued, flush, ct);
        await AddAgenciesAsync(session, s.Rows, ct);
        // Issued to the agencies as written, then moved to their successors: the history shows both.
        var notices = new List<SendNotice>();
        var ahead = await global::Accountability.Agencies.Successions.SuccessionTransfers.AfterIssueAsync(session, issued, d.Title, now, ct, notices);
        await Cascade.PlanCascade.LinkAsync(session, planId, d, by, now, ct);
        // Sub-plans imported before this plan hang under it now, and complete the duties they answer.
        await Cascade.PlanCascade.AdoptAsync(session, planId, d, issued, by, now, ct);
        if (d.Supersedes is { } replaced)
        {
            var earlier = await session.Query<Plan>().Where(p => p.Number == replaced && p.Issuer == d.Issuer).FirstOrDefaultAsync(ct);
            if (earlier is not null) session.Events.Append(earlier.Id, new PlanSuperseded(planId, d.Number, by, now));
        }
        var result = new PlanImportResult(planId, ids, false, s.Reading.Warnings) { Added = ids };
        return new PlanCommitted(Counted(result, s), issued, issued.Where(i => i.Due is not null).Select(i => new DeadlineToCheck(i.AssignmentId, i.Due!.Value, false)).ToList())
        {
            SuccessionsAhead = ahead,
            Notices = notices,
        };
    }

    private static async Task<PlanCommitted> ReviseAsync(IDocumentSession session, PlanLedger ledger, PlanSubmission s, string by, DateTimeOffset now, CancellationToken ct,
        Func<CancellationToken, Task>? flush)
    {
        var plan = ledger.Plan;
        var preview = await PreviewAsync(session, ledger, s, ct);
        if (preview.Same)
        {
            var same = new PlanImportResult(plan.Id, plan.Assignments, true,
                ["This plan (same number and issuer) was imported before and reads the same; nothing changed."])
            { Revision = plan.Revision, Unchanged = ledger.Rows.Values.ToList() };
            return new PlanCommitted(Counted(same, s), [], []);
        }

        var revision = plan.Revision + 1;
        var decided = preview.Plan;
        var deadlines = new List<DeadlineToCheck>();
        // A row new to the plan gets the id its key gives, unless an earlier row of that key had it (withdrawn in an earlier revision).
        var taken = plan.Assignments.ToHashSet();
        var issued = decided.Added.Select(r =>
        {
            var id = PlanImport.AssignmentIdOf(plan.Id, r.Key);
            if (taken.Contains(id)) id = PlanImport.DeterministicGuid($"assignment|{plan.Id}|{r.Key}|revision-{revision}");
            return PlanImport.Issue(id, plan.Id, preview.Header.Number, preview.Header.IssuedOn, r, by, now) with { Jurisdiction = plan.Jurisdiction };
        }).ToList();
        await StartStreamsAsync(session, issued, flush, ct);
        deadlines.AddRange(issued.Where(i => i.Due is not null).Select(i => new DeadlineToCheck(i.AssignmentId, i.Due!.Value, false)));
        var notices = new List<SendNotice>();
        var ahead = await global::Accountability.Agencies.Successions.SuccessionTransfers.AfterIssueAsync(session, issued, preview.Header.Title, now, ct, notices);
        foreach (var w in decided.Withdrawn)
        {
            var stream = await session.Events.FetchForWriting<Assignment>(w.AssignmentId, ct);
            stream.AppendOne(AssignmentRules.Withdraw(stream.Aggregate!, PlanRevision.Reason, by, now));
        }
        foreach (var c in decided.Changed)
        {
            var stream = await session.Events.FetchForWriting<Assignment>(c.AssignmentId, ct);
            var a = stream.Aggregate!;
            if (c.ToAgencyId is { } to)
            {
                stream.AppendOne(AssignmentRules.Reassign(a, to, c.ToAgency!, PlanRevision.Reason, by, now));
                if (!c.Redated && a.Due is { } due) deadlines.Add(new DeadlineToCheck(a.Id, due, true));
            }
            if (c.Redated || c.Reworded)
            {
                var newDue = c.Redated ? c.Due : a.Due;
                stream.AppendOne(new AssignmentRevised(a.Task, c.Task, a.Due, newDue, PlanRevision.Reason, by, now));
                if (newDue is { } due) deadlines.Add(new DeadlineToCheck(a.Id, due, c.ToAgencyId is not null));
            }
        }
        await AddAgenciesAsync(session, decided.Added.Concat(s.Rows.Where(r => decided.Changed.Any(c => c.ToAgencyId == r.AgencyId))), ct);

        var rows = decided.Rows.Concat(issued.Select(i => new IssuedRow(i.SourceKey, i.AssignmentId))).ToList();
        var added = issued.Select(i => i.AssignmentId).ToList();
        var withdrawn = decided.Withdrawn.Select(w => w.AssignmentId).ToList();
        var changed = decided.Changed.Select(c => c.AssignmentId).ToList();
        var unchanged = decided.Unchanged.Select(u => u.AssignmentId).ToList();
        session.Events.Append(plan.Id, PlanEvents(s, plan.Id, revision,
            new PlanRevised(plan.Id, revision, preview.Header, rows, added, withdrawn, changed, unchanged, decided.Notes, by, now)));
        var result = new PlanImportResult(plan.Id, [.. plan.Assignments, .. added], false, [.. s.Reading.Warnings, .. decided.Notes])
        {
            Revision = revision, Revised = true, Added = added, Withdrawn = withdrawn, Changed = changed, Unchanged = unchanged,
        };
        return new PlanCommitted(Counted(result, s), issued, deadlines) { SuccessionsAhead = ahead, Notices = notices };
    }

    /// <summary>Each new duty's stream, saved in pieces where the session's transaction allows it (<see cref="PlanTransaction"/>).</summary>
    private static async Task StartStreamsAsync(IDocumentSession session, IReadOnlyList<AssignmentIssued> issued, Func<CancellationToken, Task>? flush, CancellationToken ct)
    {
        for (var n = 0; n < issued.Count; n++)
        {
            session.Events.StartStream<Assignment>(issued[n].AssignmentId, issued[n]);
            if (flush is not null && (n + 1) % PlanTransaction.PieceSize == 0) await flush(ct);
        }
    }

    /// <summary>In the plan's stream: the reading as produced, each correction of the office, then what was issued.</summary>
    private static object[] PlanEvents(PlanSubmission s, Guid planId, int revision, object outcome) =>
        [s.Reading.ToEvent(planId, revision), .. s.Corrections.Select(c => c.ToEvent(planId, revision)), outcome];

    private static PlanImportResult Counted(PlanImportResult r, PlanSubmission s) =>
        r with { Checks = s.Rows.Sum(x => x.Checks.Count), Unread = s.Reading.Unread.Count };

    /// <summary>Agencies new to the directory join it; those already there keep what the office recorded (name, e-mails…).</summary>
    private static async Task AddAgenciesAsync(IDocumentSession session, IEnumerable<PlanRow> rows, CancellationToken ct)
    {
        var byId = rows.GroupBy(r => r.AgencyId).ToDictionary(g => g.Key, g => g.First());
        if (byId.Count == 0) return;
        var known = (await session.LoadManyAsync<AgencyDoc>(ct, byId.Keys.ToArray())).Select(a => a.Id).ToHashSet();
        foreach (var (id, row) in byId)
            if (!known.Contains(id)) session.Store(new AgencyDoc(id, row.Agency, global::Accountability.Agencies.Directory.AgencyKinds.Stored(row.AgencyKind)));
    }
}
