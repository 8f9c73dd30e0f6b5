using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Deadlines;
using Accountability.Assignments;
using Accountability.Agencies.Directory;
using Accountability.Plans.Parsing;
using Accountability.Plans.Revisions;
using Marten;
using Wolverine;
using Wolverine.Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Plans;

/// <summary>
/// What an import or a confirmed draft did. The first time: 201, every assignment is in Added. The same reading
/// again: 200 with AlreadyImported. A different reading (or a corrected one): 200, Revised, with the rows added,
/// withdrawn, changed and left unchanged (assignment ids). Checks and Unread count what the reader was unsure of.
/// </summary>
public sealed record PlanImportResult(Guid PlanId, IReadOnlyList<Guid> Assignments, bool AlreadyImported, IReadOnlyList<string> Warnings)
{
    public int Revision { get; init; } = 1;
    public bool Revised { get; init; }
    public IReadOnlyList<Guid> Added { get; init; } = [];
    public IReadOnlyList<Guid> Withdrawn { get; init; } = [];
    public IReadOnlyList<Guid> Changed { get; init; } = [];
    public IReadOnlyList<Guid> Unchanged { get; init; } = [];

    /// <summary>How many checks the rows carried (an agency not in the gazetteer, a date from a default…).</summary>
    public int Checks { get; init; }

    /// <summary>How many sentences the reader saw and could not place.</summary>
    public int Unread { get; init; }
}

/// <summary>Reads a plan and commits it without review (<see cref="PlanCommit"/>): issued the first time, revised when it reads differently.</summary>
public static class PlanImporter
{
    /// <summary>
    /// A plan already read, committed in the caller's session. Nothing is committed here: the caller commits the
    /// streams together with the timers it schedules (with <paramref name="flush"/>, pieces are written before that).
    /// </summary>
    public static async Task<PlanCommitted> ImportAsync(IDocumentSession session, ParsedPlan parsed, string by, DateTimeOffset now, CancellationToken ct,
        Func<CancellationToken, Task>? flush = null)
    {
        var reading = PlanReading.From(parsed, by, now);
        var rows = await AgencyDirectory.FollowMergesAsync(session, reading.Rows, ct);
        return await PlanCommit.CommitAsync(session, PlanSubmission.AsRead(reading, rows), by, now, ct, flush);
    }

    /// <summary>
    /// The import in one transaction of its own (<see cref="PlanTransaction"/>): the duties saved in pieces as they are
    /// queued, the timers and notices through <paramref name="outbox"/>, all committed together or not at all.
    /// </summary>
    public static async Task<PlanCommitted> ImportAsync(IDocumentStore store, IMartenOutbox outbox, ParsedPlan parsed, string by, NoticeSchedule schedule,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await PlanTransaction.BeginAsync(store, ct);
        var committed = await ImportAsync(transaction.Session, parsed, by, now, ct, transaction.FlushAsync);
        await transaction.CommitAsync(outbox, bus => ScheduleDeadlinesAsync(committed, bus, schedule, now), ct);
        return committed;
    }

    /// <summary>
    /// One timer per dated assignment, at its first occasion (the first reminder, or the deadline); "now" for those
    /// whose deadline or a reminder day has already come, or that changed hands. Sent through the session's outbox,
    /// so the timers are stored in the same transaction as the streams: an import is never left without its checks.
    /// </summary>
    public static async Task ScheduleDeadlinesAsync(PlanCommitted committed, IMessageBus bus, NoticeSchedule schedule, DateTimeOffset now)
    {
        await ScheduleDeadlinesAsync(committed.Deadlines, bus, schedule, now);
        // A succession ahead of its day moves the plan's open duties then (Agencies/Successions).
        foreach (var s in committed.SuccessionsAhead) await global::Accountability.Agencies.Successions.TakeSuccessionEffectHandler.ScheduleAsync(bus, s, now);
        foreach (var notice in committed.Notices) await bus.PublishAsync(notice);
    }

    public static async Task ScheduleDeadlinesAsync(IEnumerable<DeadlineToCheck> deadlines, IMessageBus bus, NoticeSchedule schedule, DateTimeOffset now)
    {
        foreach (var d in deadlines)
        {
            var (timer, delay) = d.Now ? (new CheckDeadline(d.AssignmentId, d.Due), null) : CheckDeadlineHandler.FirstTimer(d.AssignmentId, d.Due, schedule, now);
            if (delay is { } wait) await bus.ScheduleAsync(timer, wait);
            else await bus.PublishAsync(timer);
        }
    }
}

/// <summary>
/// A plan document as sent: text/plain (UTF-8), or a file (.txt, .md, .html, .docx, .doc, .pdf or a scanned .pdf)
/// in multipart/form-data.
/// </summary>
public sealed record PlanUpload(byte[] Bytes, string? FileName)
{
    /// <summary>The document, or the 400 (no file) or 415 (a form without its boundary) that says how to send one.</summary>
    public static async Task<(PlanUpload? Upload, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (!request.HasFormContentType)
        {
            await request.Body.CopyToAsync(buffer, ct);
            return (new PlanUpload(buffer.ToArray(), null), null);
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return (null, ImportPlanEndpoint.Problem(415, "Unsupported content type",
                "A multipart/form-data body needs its boundary; send the file as a form field named 'file', or the plan as text/plain."));
        }
        if (form.Files.FirstOrDefault() is not { } file)
            return (null, ImportPlanEndpoint.Problem(400, "No file", "Send the plan as a form field named 'file' (.txt, .md, .html, .docx, .doc or .pdf)."));
        await file.CopyToAsync(buffer, ct);
        return (new PlanUpload(buffer.ToArray(), file.FileName), null);
    }
}

/// <summary>Marks an endpoint whose body is a plan document (text/plain or a multipart file), for the OpenAPI description.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PlanDocumentBodyAttribute : Attribute;

/// <summary>
/// POST /api/plans: a plan as text/plain, or a file in multipart/form-data (<see cref="PlanUpload"/>), issued without review.
/// 201 the first time; 200 read again (unchanged, or revised), including when several imports of one plan race: they
/// take turns (<see cref="PlanCommit"/>). 413 over a reader's limit, 415 a form without its boundary, 422 not a plan.
/// </summary>
public static class ImportPlanEndpoint
{
    [WolverinePost("/api/plans"), Authorize(Policy = Policies.Coordinator), PlanDocumentBody]
    [ProducesResponseType<PlanImportResult>(201), ProducesResponseType<PlanImportResult>(200), ProducesResponseType<ProblemDetails>(400), ProducesResponseType<ProblemDetails>(413), ProducesResponseType<ProblemDetails>(415), ProducesResponseType<ProblemDetails>(422)]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IDocumentStore store, IMartenOutbox outbox, WorkingCalendarSource calendars, NotificationPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        var (upload, problem) = await PlanUpload.ReadAsync(request, ct);
        if (upload is null) return problem!;
        try
        {
            var now = clock.GetUtcNow();
            var parsed = PlanParser.Parse(upload.Bytes, upload.FileName);
            var caller = Caller.From(user);
            if (JurisdictionGate.Refuses(caller, parsed.Document) is { } outside) return outside;
            var committed = await PlanImporter.ImportAsync(store, outbox, parsed, caller.Actor, new NoticeSchedule(calendars.Current, policy), now, ct);
            return Answer(committed.Result);
        }
        catch (PlanReadException e) when (e is not PlanTooLargeException) // too large: 413 (ProblemExceptionHandler)
        {
            return Problem(422, "The document cannot be read as a plan", e.Message);
        }
    }

    /// <summary>201 with the plan's address the first time; 200 for a plan read again (unchanged or revised).</summary>
    public static IResult Answer(PlanImportResult result) =>
        result.AlreadyImported || result.Revised ? Results.Ok(result) : Results.Created($"/api/plans/{result.PlanId}", result);

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
