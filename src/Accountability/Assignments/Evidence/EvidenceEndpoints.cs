using System.Globalization;
using System.Security.Claims;
using Accountability.Infrastructure;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Accountability.Assignments.Evidence;

/// <summary>One evidence file of an assignment, with the report that carried it.</summary>
public sealed record EvidenceEntry(Guid Id, string Name, string ContentType, long Size, string Sha256, string Report, long Version, DateTimeOffset At, string By, string Url);

/// <summary>
/// Evidence files on progress reports and completions (docs/evidence.md): the same addresses as the JSON commands,
/// taking multipart/form-data (the report's fields and up to ten files named "files"); the list of an assignment's
/// files and the download of one, for the coordinator, auditors and the agency holding the assignment.
/// </summary>
public static class EvidenceEndpoints
{
    /// <summary>
    /// POST /api/assignments/{id}/progress and /complete with multipart/form-data, beside the JSON endpoints at the
    /// same addresses (ASP.NET Core picks by the request's content type).
    /// </summary>
    public static void MapEvidence(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/assignments/{id:guid}/progress", ProgressFormAsync).WithEvidenceLimits();
        app.MapPost("/api/assignments/{id:guid}/complete", CompleteFormAsync).WithEvidenceLimits();
    }

    private static RouteHandlerBuilder WithEvidenceLimits(this RouteHandlerBuilder route) => route
        .Accepts<IFormFileCollection>("multipart/form-data")
        .RequireAuthorization(Policies.Agency)
        .RequireRateLimiting(RateLimits.Commands)
        .WithMetadata(EvidenceUploads.Limits)
        // Swagger describes one operation per method and path: the JSON command's (docs/evidence.md has the form).
        .ExcludeFromDescription();

    /// <summary>Multipart fields: percent, note, reportReference, effectiveOn (yyyy-MM-dd), expectedVersion, files.</summary>
    public static Task<IResult> ProgressFormAsync(Guid id, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        WithFilesAsync(request, ct, (form, files) =>
        {
            var body = new ProgressRequest(Whole(form, "percent"), Text(form, "note"), Text(form, "reportReference"), Day(form, "effectiveOn"), Whole(form, "expectedVersion"));
            return ProgressAsync(id, body, files, request, user, bus, ct);
        });

    /// <summary>Multipart fields: effectiveOn (yyyy-MM-dd), evidence, expectedVersion, files.</summary>
    public static Task<IResult> CompleteFormAsync(Guid id, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        WithFilesAsync(request, ct, (form, files) =>
            CompleteAsync(id, new CompleteRequest(Day(form, "effectiveOn"), Text(form, "evidence"), Whole(form, "expectedVersion")), files, request, user, bus, ct));

    /// <summary>The form read and its files checked (413, 415 before anything is stored), then the report sent with them.</summary>
    public static async Task<IResult> WithFilesAsync(HttpRequest request, CancellationToken ct, Func<IFormCollection, IReadOnlyList<EvidenceUpload>, Task<IResult>> send)
    {
        var (form, problem) = await EvidenceUploads.FormAsync(request, ct);
        if (form is null) return problem!;
        await EvidenceUploads.Gate.WaitAsync(ct);
        try
        {
            var (files, refused) = await EvidenceUploads.FilesAsync(form.Files, ct);
            return refused ?? await send(form, files);
        }
        finally
        {
            EvidenceUploads.Gate.Release();
        }
    }

    /// <summary>A progress report with its files: the JSON endpoint's checks, then one transaction for the event and the bytes.</summary>
    public static Task<IResult> ProgressAsync(Guid id, ProgressRequest body, IReadOnlyList<EvidenceUpload> files, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        AssignmentEndpoints.Send(bus, body.Command(id, AssignmentEndpoints.From(request, user, body.ExpectedVersion, AssignmentEndpoints.Acting.Agency), files), ct);

    /// <summary>A completion with its files, as <see cref="ProgressAsync"/>.</summary>
    public static Task<IResult> CompleteAsync(Guid id, CompleteRequest body, IReadOnlyList<EvidenceUpload> files, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        AssignmentEndpoints.Send(bus, body.Command(id, AssignmentEndpoints.From(request, user, body.ExpectedVersion, AssignmentEndpoints.Acting.Agency), files), ct);

    /// <summary>Every evidence file of the assignment, in the order the reports came, as their events record them.</summary>
    [WolverineGet("/api/assignments/{id}/files")]
    public static async Task<IResult> List(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await Admit(id, user, session, ct) is { } refused) return refused;
        return Results.Ok(await EntriesAsync(id, session, ct));
    }

    /// <summary>The files recorded in the assignment's events.</summary>
    public static async Task<IReadOnlyList<EvidenceEntry>> EntriesAsync(Guid id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return [.. events.SelectMany(e => e.Data switch
        {
            ProgressReported p => (p.Files ?? []).Select(f => (f, "progress-reported", p.At, p.By)),
            AssignmentCompleted c => (c.Files ?? []).Select(f => (f, "assignment-completed", c.At, c.By)),
            _ => [],
        }, (e, x) => new EvidenceEntry(x.f.Id, x.f.Name, x.f.ContentType, x.f.Size, x.f.Sha256, x.Item2, e.Version, x.At, x.By, $"/api/assignments/{id}/files/{x.f.Id}"))];
    }

    /// <summary>
    /// The file as sent, under its safe name, with its recognised type and nosniff. Its bytes are hashed again and
    /// compared with the SHA-256 its event recorded (the audit chain covers the event): bytes changed in the database
    /// are not served but answered 500 "altered".
    /// </summary>
    [WolverineGet("/api/assignments/{id}/files/{fileId}")]
    public static async Task<IResult> Download(Guid id, Guid fileId, ClaimsPrincipal user, HttpResponse response, IQuerySession session, ILogger<EvidenceFile> log, CancellationToken ct)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        if (await Admit(id, user, session, ct) is { } refused) return refused;
        var entry = (await EntriesAsync(id, session, ct)).FirstOrDefault(e => e.Id == fileId);
        if (entry is null) return Problem(404, "No such file", $"Assignment {id} has no evidence file {fileId}; see GET /api/assignments/{id}/files.");
        var content = await EvidenceStore.ContentAsync(session, id, fileId, ct);
        if (content is null || EvidenceRules.Sha256(content) != entry.Sha256)
        {
            log.LogError("Evidence file {FileId} of assignment {AssignmentId} does not match the SHA-256 its event recorded", fileId, id);
            return Problem(500, "Evidence file altered",
                $"The stored bytes of '{entry.Name}' {(content is null ? "are missing" : "do not match")} the SHA-256 recorded in its event (version {entry.Version.ToString(CultureInfo.InvariantCulture)}); nothing is served. Tell the office: the database was changed outside the service.");
        }
        response.Headers.CacheControl = "private, no-store";
        return Results.File(content, entry.ContentType, entry.Name);
    }

    /// <summary>The coordinator, auditors and the agency holding the assignment; 404 unknown, 403 another agency.</summary>
    private static async Task<IResult?> Admit(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var current = await session.LoadAsync<Assignment>(id, ct);
        if (current is null) return AssignmentEndpoints.NotFound(id);
        var caller = Caller.From(user);
        return caller.MayRead(current.AgencyId) ? null : caller.NotYours($"Assignment {id}", current.AgencyId);
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    private static string? Text(IFormCollection form, string field) => form.TryGetValue(field, out var v) && v.Count > 0 ? v.ToString() : null;

    private static int? Whole(IFormCollection form, string field) => Text(form, field) is { } t
        ? int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new InvalidField(field, $"{field} is not a whole number.")
        : null;

    private static DateOnly? Day(IFormCollection form, string field) => Text(form, field) is { Length: > 0 } t
        ? DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new InvalidField(field, $"{field} is not a date (yyyy-MM-dd).")
        : null;
}
