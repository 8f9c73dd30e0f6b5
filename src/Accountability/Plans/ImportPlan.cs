using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Deadlines;
using Accountability.Agencies;
using Accountability.Assignments;
using Accountability.Plans.Parsing;
using Marten;
using Wolverine;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Plans;

public sealed record PlanImportResult(Guid PlanId, IReadOnlyList<Guid> Assignments, bool AlreadyImported, IReadOnlyList<string> Warnings);

/// <summary>Reads a plan and appends its streams; the same plan (number and issuer) a second time changes nothing.</summary>
public static class PlanImporter
{
    /// <summary>
    /// Returns the result and the assignments it issued (none when the plan was already imported). Nothing is
    /// saved here: the caller commits the streams together with the timers it schedules.
    /// </summary>
    public static Task<(PlanImportResult Result, IReadOnlyList<AssignmentIssued> Issued)> ImportAsync(IDocumentSession session, byte[] bytes, string? fileName, string by, DateTimeOffset now, CancellationToken ct) =>
        ImportAsync(session, PlanParser.Parse(bytes, fileName), by, now, ct);

    /// <summary>As above, for a plan already read (the benchmarks import generated plans without the reader).</summary>
    public static async Task<(PlanImportResult Result, IReadOnlyList<AssignmentIssued> Issued)> ImportAsync(IDocumentSession session, ParsedPlan parsed, string by, DateTimeOffset now, CancellationToken ct)
    {
        var planId = PlanImport.PlanIdOf(parsed);
        // Imports of one plan take turns (a lock held until this transaction ends): of ten sent at once, the first writes
        // the plan and the others find it written, instead of failing on the duplicate streams.
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("SELECT 1 FROM pg_advisory_xact_lock(?)", ct, BitConverter.ToInt64(planId.ToByteArray(), 0));
        if (await session.Events.FetchStreamStateAsync(planId, ct) is not null)
        {
            var plan = await session.LoadAsync<Plan>(planId, ct);
            return (new PlanImportResult(planId, plan?.Assignments ?? [], true, ["This plan (same number and issuer) was imported before; nothing changed."]), []);
        }

        var events = PlanImport.Events(parsed, by, now);
        session.Events.StartStream<Plan>(planId, events.Plan);
        foreach (var issued in events.Assignments)
            session.Events.StartStream<Assignment>(issued.AssignmentId, issued);
        session.Store(events.Agencies.ToArray());
        if (parsed.Document.Supersedes is { } replaced)
        {
            var earlier = await session.Query<Plan>().Where(p => p.Number == replaced && p.Issuer == parsed.Document.Issuer).FirstOrDefaultAsync(ct);
            if (earlier is not null) session.Events.Append(earlier.Id, new PlanSuperseded(planId, parsed.Document.Number, by, now));
        }
        return (new PlanImportResult(planId, events.Plan.Assignments, false, events.Plan.Warnings), events.Assignments);
    }

    /// <summary>
    /// One timer per dated assignment, at its first occasion (the first reminder, or the deadline); "now" for those
    /// whose deadline or a reminder day has already come. Sent through the session's outbox, so the timers are
    /// stored in the same transaction as the streams: an import is never left without its checks.
    /// </summary>
    public static async Task ScheduleDeadlinesAsync(IEnumerable<AssignmentIssued> issued, Wolverine.IMessageBus bus, NoticeSchedule schedule, DateTimeOffset now)
    {
        foreach (var a in issued)
            if (a.Due is { } due)
            {
                var (timer, delay) = CheckDeadlineHandler.FirstTimer(a.AssignmentId, due, schedule, now);
                if (delay is { } wait) await bus.ScheduleAsync(timer, wait);
                else await bus.PublishAsync(timer);
            }
    }
}

/// <summary>
/// POST /api/plans: a plan as text/plain, or a file (.txt, .md, .html, .docx, .doc, .pdf or a scanned .pdf) in
/// multipart/form-data. A file refused by a reading limit (a decompression bomb, too many pages) answers 413.
/// </summary>
public static class ImportPlanEndpoint
{
    /// <summary>
    /// 201 with the plan and its assignments; 200 with the same when the plan (same number and issuer) is there already,
    /// including when several imports of it race: one writes it, the others find it written. 413 over a reader's limit,
    /// 415 a form without its boundary, 422 a document that is not a plan.
    /// </summary>
    [WolverinePost("/api/plans"), Authorize(Policy = Policies.Coordinator)]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IDocumentSession session, Wolverine.IMessageBus bus, WorkingCalendarSource calendars, NotificationPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        byte[] bytes;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException)
            {
                return Problem(415, "Unsupported content type", "A multipart/form-data body needs its boundary; send the file as a form field named 'file', or the plan as text/plain.");
            }
            var file = form.Files.FirstOrDefault();
            if (file is null) return Problem(400, "No file", "Send the plan as a form field named 'file' (.txt, .md, .html, .docx, .doc or .pdf).");
            fileName = file.FileName;
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        ParsedPlan parsed;
        try
        {
            parsed = PlanParser.Parse(bytes, fileName);
        }
        catch (PlanTooLargeException e)
        {
            return Problem(413, "The document is too large to read", e.Message);
        }
        catch (PlanReadException e)
        {
            return Problem(422, "The document cannot be read as a plan", e.Message);
        }

        PlanImportResult result;
        try
        {
            var now = clock.GetUtcNow();
            (result, var issued) = await PlanImporter.ImportAsync(session, parsed, Caller.From(user).Actor, now, ct);
            await PlanImporter.ScheduleDeadlinesAsync(issued, bus, new NoticeSchedule(calendars.Current, policy), now);
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.DocumentAlreadyExistsException
            || e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another import of the same plan committed first (PostgreSQL made this one wait for it): it is there now.
            session.EjectAllPendingChanges();
            await using var query = session.DocumentStore.QuerySession();
            var planId = PlanImport.PlanIdOf(parsed);
            if (await query.LoadAsync<Plan>(planId, ct) is not { } plan) throw;
            return Results.Ok(new PlanImportResult(planId, plan.Assignments, true, ["This plan (same number and issuer) was imported at the same moment by another request; nothing changed."]));
        }
        return result.AlreadyImported ? Results.Ok(result) : Results.Created($"/api/plans/{result.PlanId}", result);
    }

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}

public static class GetPlanEndpoint
{
    [WolverineGet("/api/plans/{id}"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Plan>(id, ct) is { } plan
            ? Results.Ok(plan)
            : ImportPlanEndpoint.Problem(404, "No such plan", $"No plan has id {id}.");
}
