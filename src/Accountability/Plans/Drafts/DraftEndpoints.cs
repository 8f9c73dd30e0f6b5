using Accountability.Infrastructure;
using System.Security.Claims;
using Accountability.Agencies.Directory;
using Accountability.Deadlines;
using Accountability.Plans.Listing;
using Accountability.Plans.Parsing;
using Accountability.Plans.Revisions;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using AgencyDoc = Accountability.Agencies.Agency;

namespace Accountability.Plans.Drafts;

/// <summary>
/// A row as sent: replaces agency, role, task, due (yyyy-MM-dd, or null for no deadline), recurrence and the
/// coordinating agencies. An agency the directory and the gazetteer do not know needs newAgency: true. Section
/// is read only when a row is added. expectedVersion (or If-Match) is the draft version the clerk saw.
/// </summary>
public sealed record DraftRowRequest(string? Agency, string? Role, string? Task, string? Due, string? Recurrence,
    IReadOnlyList<string>? CoordinatingAgencies, bool? NewAgency, string? Section, int? ExpectedVersion);

/// <summary>The header as corrected: what is absent (null) stays, "" clears a field. Dates are yyyy-MM-dd.</summary>
public sealed record DraftDocumentRequest(string? Number, string? Issuer, string? IssuedOn, string? Title, string? PeriodFrom, string? PeriodTo,
    string? ReportsTo, string? Jurisdiction, string? Supersedes, string? Kind, int? ExpectedVersion);

/// <summary>The plan a draft belongs to: a new one, or one issued before (then confirming it revises that plan).</summary>
public sealed record DraftTarget(Guid PlanId, bool Exists, string? Number, int? Revision);

/// <summary>A row confirming would withdraw.</summary>
public sealed record WithdrawnRow(string Key, Guid AssignmentId, string Agency, string Task);

/// <summary>
/// What confirming a draft of an issued plan would do: nothing (Same: the same reading, no correction), or add,
/// withdraw and change these rows and keep Unchanged others as they are.
/// </summary>
public sealed record DraftRevision(bool Same, IReadOnlyList<PlanRow> Added, IReadOnlyList<WithdrawnRow> Withdrawn, IReadOnlyList<RowChange> Changed,
    int Unchanged, IReadOnlyList<string> Notes);

/// <summary>
/// A draft as the office sees it. Assignments are the rows as they stand now (each with its key and the reader's
/// checks); Corrections lists every change the office made, with who and when; Revision is set when the plan was
/// issued before.
/// </summary>
public sealed record DraftView(Guid DraftId, int Version, string Status, string? FileName, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    PlanHeader Document, IReadOnlyList<PlanRow> Assignments, IReadOnlyList<string> Warnings, IReadOnlyList<UnreadItem> Unread,
    IReadOnlyList<Correction> Corrections, DraftTarget Plan, DraftRevision? Revision, DraftConfirmation? Confirmed);

/// <summary>The answer to adding a row: its key, and the draft after it.</summary>
public sealed record DraftRowAdded(string Key, DraftView Draft);

public sealed record DraftSummary(Guid DraftId, int Version, string? Number, string? Issuer, string? Title, int Assignments, int Corrections,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record DraftPage(IReadOnlyList<DraftSummary> Items, int Total, int Limit, int Offset);

/// <summary>
/// /api/plans/drafts: read a plan without issuing anything, correct it row by row, then confirm it in one
/// transaction (the coordinating office only). Every edit answers with the draft and its new version (also as
/// ETag); an edit made on an older version than the current one is refused (409, with the current version).
/// </summary>
public static class DraftEndpoints
{
    public const int MaxCoordinating = 50;

    [WolverinePost("/api/plans/drafts"), Authorize(Policy = Policies.Coordinator), PlanDocumentBody]
    [ProducesResponseType<DraftView>(201), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(413), ProducesResponseType<ProblemDetails>(415), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var (upload, problem) = await PlanUpload.ReadAsync(request, ct);
        if (upload is null) return problem!;
        return await OpenAsync(upload, user, session, clock, ct);
    }

    /// <summary>Reads the document into a new draft (also what the web app's "Nhập kế hoạch" does with a file or pasted text).</summary>
    public static async Task<IResult> OpenAsync(PlanUpload upload, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        ParsedPlan parsed;
        try
        {
            parsed = PlanParser.Parse(upload.Bytes, upload.FileName);
        }
        catch (PlanReadException e) when (e is not PlanTooLargeException) // too large: 413 (ProblemExceptionHandler)
        {
            return ImportPlanEndpoint.Problem(422, "The document cannot be read as a plan", e.Message);
        }
        if (JurisdictionGate.Refuses(Caller.From(user), parsed.Document) is { } outside) return outside;
        var reading = PlanReading.From(parsed, Caller.From(user).Actor, clock.GetUtcNow());
        var draft = PlanDraft.Open(Guid.NewGuid(), reading, await AgencyDirectory.FollowMergesAsync(session, reading.Rows, ct), upload.FileName is { } f ? Path.GetFileName(f) : null);
        session.Insert(draft);
        await session.SaveChangesAsync(ct);
        return Tagged(Results.Created($"/api/plans/drafts/{draft.Id}", await ViewAsync(session, draft, ct)), draft);
    }

    /// <summary>Open drafts, newest first.</summary>
    [WolverineGet("/api/plans/drafts"), Authorize(Policy = Policies.Coordinator), ProducesResponseType<DraftPage>(200), ProducesResponseType<ProblemDetails>(400)]
    public static async Task<IResult> List(int? limit, int? offset, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var (take, skip, bad) = Paging.Of(limit, offset);
        if (bad is not null) return bad;
        var open = session.Query<PlanDraft>().Where(d => d.Status == DraftStatus.Open);
        if (Caller.From(user).Scope is { } scope) open = open.Where(d => scope.Contains(d.Jurisdiction));
        var total = await open.CountAsync(ct);
        var drafts = await open.OrderByDescending(d => d.Reading.At).ThenBy(d => d.Id).Skip(skip).Take(take).ToListAsync(ct);
        return Results.Ok(new DraftPage(drafts.Select(d => new DraftSummary(d.Id, d.Version, d.Document.Number, d.Document.Issuer, d.Document.Title,
            d.Rows.Count, d.Corrections.Count, d.Reading.By, d.Reading.At, d.UpdatedAt)).ToList(), total, take, skip));
    }

    [WolverineGet("/api/plans/drafts/{draftId}"), Authorize(Policy = Policies.Coordinator), ProducesResponseType<DraftView>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(Guid draftId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<PlanDraft>(draftId, ct) is { } draft ? Tagged(Results.Ok(await ViewAsync(session, draft, ct)), draft) : NoSuchDraft(draftId);

    [WolverinePut("/api/plans/drafts/{draftId}/assignments/{key}"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<DraftView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<IResult> CorrectRow(Guid draftId, string key, DraftRowRequest body, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        EditAsync(draftId, Expected(request, body.ExpectedVersion), session, ct, async draft =>
        {
            draft.Row(key); // an unknown key is a 404 before the body is looked at
            return draft.CorrectRow(key, await RowEditAsync(session, body, draft.Jurisdiction, ct), Caller.From(user).Actor, clock.GetUtcNow());
        }, draft => Results.Ok(draft));

    [WolverinePost("/api/plans/drafts/{draftId}/assignments"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<DraftRowAdded>(201), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> AddRow(Guid draftId, DraftRowRequest body, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        string? key = null;
        return await EditAsync(draftId, Expected(request, body.ExpectedVersion), session, ct, async draft =>
        {
            var section = TextRules.Optional("section", body.Section, 50);
            var (next, row) = draft.AddRow(await RowEditAsync(session, body, draft.Jurisdiction, ct), section, Caller.From(user).Actor, clock.GetUtcNow());
            key = row.Key;
            return next;
        }, draft => Results.Created($"/api/plans/drafts/{draftId}/assignments/{key}", new DraftRowAdded(key!, draft)));
    }

    [WolverineDelete("/api/plans/drafts/{draftId}/assignments/{key}"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<DraftView>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<IResult> DropRow(Guid draftId, string key, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        EditAsync(draftId, Expected(request, null), session, ct,
            draft => Task.FromResult(draft.DropRow(key, Caller.From(user).Actor, clock.GetUtcNow())), draft => Results.Ok(draft));

    [WolverinePut("/api/plans/drafts/{draftId}/document"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<DraftView>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static Task<IResult> CorrectDocument(Guid draftId, DraftDocumentRequest body, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        EditAsync(draftId, Expected(request, body.ExpectedVersion), session, ct,
            draft => Task.FromResult(draft.CorrectDocument(Header(draft.Document, body), Caller.From(user).Actor, clock.GetUtcNow())), draft => Results.Ok(draft));

    /// <summary>
    /// Issues the plan as the draft has it, in one transaction: the plan's stream (the reading, each correction,
    /// the issue or the revision), the assignments' streams, the agencies new to the directory and the deadline
    /// timers. 201 for a new plan; 200 for a plan issued before (revised, or unchanged).
    /// </summary>
    [WolverinePost("/api/plans/drafts/{draftId}/confirm"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType<PlanImportResult>(201), ProducesResponseType<PlanImportResult>(200), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Confirm(Guid draftId, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus,
        WorkingCalendarSource calendars, NotificationPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<PlanDraft>(draftId, ct) is not { } draft) return NoSuchDraft(draftId);
        if (Stale(draft, Expected(request, null)) is { } stale) return stale;
        try
        {
            draft.ReadyToConfirm();
            var by = Caller.From(user).Actor;
            var now = clock.GetUtcNow();
            var committed = await PlanCommit.CommitAsync(session, draft.Submission, by, now, ct);
            await PlanImporter.ScheduleDeadlinesAsync(committed, bus, new NoticeSchedule(calendars.Current, policy), now);
            var result = committed.Result;
            session.Store(draft.Confirm(new DraftConfirmation(result.PlanId, result.Revision, result.Assignments, by, now)));
            await session.SaveChangesAsync(ct);
            return ImportPlanEndpoint.Answer(result);
        }
        catch (DraftRuleBroken e)
        {
            return Conflict(e.Message, draft.Version);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return await RacedAsync(session, draftId, ct);
        }
    }

    /// <summary>Throws an open draft away (a confirmed one stays, as the record of what was confirmed).</summary>
    [WolverineDelete("/api/plans/drafts/{draftId}"), Authorize(Policy = Policies.Coordinator)]
    [ProducesResponseType(204), ProducesResponseType<ProblemDetails>(404), ProducesResponseType<ProblemDetails>(409)]
    public static async Task<IResult> Discard(Guid draftId, HttpRequest request, IDocumentSession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PlanDraft>(draftId, ct) is not { } draft) return NoSuchDraft(draftId);
        if (Stale(draft, Expected(request, null)) is { } stale) return stale;
        if (draft.Status != DraftStatus.Open) return Conflict($"The draft was confirmed as plan {draft.Confirmed?.PlanId}; it stays as the record of that.", draft.Version);
        session.Delete(draft);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return await RacedAsync(session, draftId, ct);
        }
        return Results.NoContent();
    }

    /// <summary>
    /// Loads the draft, checks the version the clerk saw, applies the edit and stores it under the version it was
    /// loaded at: of two edits racing on one version, one is stored and the other is refused with the current version.
    /// </summary>
    private static async Task<IResult> EditAsync(Guid draftId, int? expected, IDocumentSession session, CancellationToken ct,
        Func<PlanDraft, Task<PlanDraft>> edit, Func<DraftView, IResult> answer)
    {
        if (await session.LoadAsync<PlanDraft>(draftId, ct) is not { } draft) return NoSuchDraft(draftId);
        if (Stale(draft, expected) is { } stale) return stale;
        PlanDraft next;
        try
        {
            next = await edit(draft);
        }
        catch (InvalidField e)
        {
            return AgencyDirectoryEndpoints.FieldProblem(e);
        }
        catch (NoSuchDraftRow e)
        {
            return ImportPlanEndpoint.Problem(404, "No such row", e.Message);
        }
        catch (DraftRuleBroken e)
        {
            return Conflict(e.Message, draft.Version);
        }
        if (!ReferenceEquals(next, draft))
        {
            session.Store(next);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (JasperFx.ConcurrencyException)
            {
                return await RacedAsync(session, draftId, ct);
            }
        }
        return Tagged(answer(await ViewAsync(session, next, ct)), next);
    }

    /// <summary>The row as sent, checked: text rules, a known role and recurrence, a real date, an agency the directory resolves (or new).</summary>
    private static async Task<RowEdit> RowEditAsync(IQuerySession session, DraftRowRequest body, string jurisdiction, CancellationToken ct)
    {
        var name = TextRules.Required("agency", body.Agency, TextRules.NameMax);
        var role = TextRules.OneOf("role", body.Role, PlanRow.Roles);
        var task = TextRules.Required("task", body.Task, TextRules.TaskMax, multiline: true);
        var due = TextRules.Date("due", body.Due);
        var recurrence = TextRules.OneOf("recurrence", body.Recurrence, PlanRow.Recurrences, otherwise: "none");
        if (body.CoordinatingAgencies is { Count: > MaxCoordinating })
            throw new InvalidField("coordinatingAgencies", $"coordinatingAgencies: at most {MaxCoordinating}; got {body.CoordinatingAgencies.Count}.");
        var coordinating = new List<string>();
        foreach (var c in body.CoordinatingAgencies ?? [])
        {
            var other = TextRules.Required("coordinatingAgencies", c, TextRules.NameMax);
            // Named for the record: the directory's name when it knows the agency, else as written.
            coordinating.Add((await AgencyDirectory.ResolveAsync(session, other, ct))?.Name ?? other);
        }

        if (await AgencyDirectory.ResolveAsync(session, name, ct, jurisdiction) is { } agency)
            return new RowEdit(agency.Name, agency.Id, PlanRow.Camel(agency.Kind), false, role, task, due, recurrence, coordinating);
        if (body.NewAgency != true)
            throw new InvalidField("agency", $"agency: '{TextRules.Clip(name)}' is not in the agency directory nor the gazetteer; check the spelling (GET /api/agencies), or send \"newAgency\": true to add it.");
        return new RowEdit(name, Security.Jurisdictions.AgencyIdFor(name, jurisdiction), "other", true, role, task, due, recurrence, coordinating);
    }

    private static PlanHeader Header(PlanHeader d, DraftDocumentRequest b)
    {
        string? Text(string field, string? value, string? current, int max = TextRules.NameMax) =>
            value is null ? current : TextRules.Optional(field, value, max);
        DateOnly? Date(string field, string? value, DateOnly? current) => value is null ? current : TextRules.Date(field, value);
        return d with
        {
            Number = Text("number", b.Number, d.Number, 100),
            Issuer = Text("issuer", b.Issuer, d.Issuer),
            IssuedOn = Date("issuedOn", b.IssuedOn, d.IssuedOn),
            Title = Text("title", b.Title, d.Title, TextRules.NoteMax),
            PeriodFrom = Date("periodFrom", b.PeriodFrom, d.PeriodFrom),
            PeriodTo = Date("periodTo", b.PeriodTo, d.PeriodTo),
            ReportsTo = Text("reportsTo", b.ReportsTo, d.ReportsTo),
            Jurisdiction = Text("jurisdiction", b.Jurisdiction, d.Jurisdiction),
            Supersedes = Text("supersedes", b.Supersedes, d.Supersedes, 100),
            Kind = Text("kind", b.Kind, d.Kind, 100),
        };
    }

    /// <summary>The draft with the plan it belongs to and, for a plan issued before, what confirming would change.</summary>
    public static async Task<DraftView> ViewAsync(IQuerySession session, PlanDraft draft, CancellationToken ct)
    {
        DraftTarget plan;
        DraftRevision? revision = null;
        if (draft.Confirmed is { } done)
            plan = new DraftTarget(done.PlanId, true, draft.Document.Number, done.Revision);
        else
        {
            var target = await PlanCommit.IdentifyAsync(session, draft.Reading.Document, draft.Document, ct);
            plan = new DraftTarget(target.PlanId, target.Ledger is not null, target.Ledger?.Plan.Number ?? draft.Document.Number, target.Ledger?.Revision);
            if (target.Ledger is { } ledger)
            {
                var preview = await PlanCommit.PreviewAsync(session, ledger, draft.Submission, ct);
                var read = ledger.Reading.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
                var p = preview.Plan;
                revision = preview.Same
                    ? new DraftRevision(true, [], [], [], ledger.Rows.Count, [])
                    : new DraftRevision(false, p.Added,
                        p.Withdrawn.Select(w => new WithdrawnRow(w.Key, w.AssignmentId, read.GetValueOrDefault(w.Key)?.Agency ?? "", read.GetValueOrDefault(w.Key)?.Task ?? "")).ToList(),
                        p.Changed, p.Unchanged.Count, p.Notes);
            }
        }
        return new DraftView(draft.Id, draft.Version, draft.Status, draft.FileName, draft.Reading.By, draft.Reading.At, draft.UpdatedAt,
            draft.Document, draft.Rows, draft.Reading.Warnings, draft.Reading.Unread, draft.Corrections, plan, revision, draft.Confirmed);
    }

    /// <summary>The version the clerk saw: If-Match ("3" or "\"3\"") or expectedVersion in the body.</summary>
    private static int? Expected(HttpRequest request, int? fromBody)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        return int.TryParse(header.Trim('"'), out var v) ? v : fromBody;
    }

    private static IResult? Stale(PlanDraft draft, int? expected) =>
        expected is { } seen && seen != draft.Version
            ? Conflict($"The draft is at version {draft.Version}, not {seen}; someone else changed it. Reload it and edit again.", draft.Version)
            : null;

    private static async Task<IResult> RacedAsync(IDocumentSession session, Guid draftId, CancellationToken ct)
    {
        // Nothing of the refused change may be written by a later save of this session.
        session.EjectAllPendingChanges();
        await using var fresh = session.DocumentStore.QuerySession();
        var current = await fresh.LoadAsync<PlanDraft>(draftId, ct);
        return current is null
            ? NoSuchDraft(draftId)
            : Conflict($"Someone else changed the draft at the same moment; it is now at version {current.Version}. Reload it and edit again.", current.Version);
    }

    /// <summary>409 with the draft's current version (also as "currentVersion").</summary>
    private static IResult Conflict(string detail, int currentVersion) => Results.Problem(new ProblemDetails
    {
        Status = 409, Title = "The draft cannot take this change", Detail = detail, Extensions = { ["currentVersion"] = currentVersion },
    });

    private static IResult NoSuchDraft(Guid id) => ImportPlanEndpoint.Problem(404, "No such draft", $"No draft has id {id} (a discarded draft is gone).");

    /// <summary>The draft's version as its ETag, for If-Match on the next edit.</summary>
    private static IResult Tagged(IResult result, PlanDraft draft) => new WithETag(result, draft.Version);

    private sealed class WithETag(IResult inner, int version) : IResult, Web.Shared.IWrappedResult
    {
        public IResult Inner => inner;

        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.ETag = $"\"{version}\"";
            return inner.ExecuteAsync(context);
        }
    }
}
