using Accountability.Time;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Assignments;

public sealed record AcknowledgeRequest(int? ExpectedVersion);
public sealed record ProgressRequest(int Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, int? ExpectedVersion);
public sealed record CompleteRequest(DateOnly? EffectiveOn, string? Evidence, int? ExpectedVersion);
public sealed record ExtendRequest(DateOnly NewDue, string Reason, int? ExpectedVersion);
public sealed record ReassignRequest(string AgencyId, string Reason, int? ExpectedVersion);
public sealed record WithdrawRequest(string Reason, int? ExpectedVersion);

public sealed record AssignmentView(Guid Id, Guid PlanId, string Section, string AgencyId, string Agency, string Task, DateOnly? Due, string Status, bool Acknowledged, int Percent, DateOnly? CompletedOn, int Version)
{
    public static AssignmentView From(Assignment a) =>
        new(a.Id, a.PlanId, a.Section, a.AgencyId, a.Agency, a.Task, a.Due, a.Status.ToString().ToLowerInvariant(), a.Acknowledged, a.Percent, a.CompletedOn, a.Version);
}

/// <summary>Reading and changing assignments. Each change: load the stream for writing, apply the rule, append.</summary>
public static class AssignmentEndpoints
{
    [WolverineGet("/api/assignments/{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Assignment>(id, ct) is { } a ? Results.Ok(AssignmentView.From(a)) : NotFound(id);

    [WolverineGet("/api/assignments")]
    public static async Task<IReadOnlyList<AssignmentView>> List(string? agency, string? status, DateOnly? dueBefore, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Assignment>().AsQueryable();
        if (agency is not null) query = query.Where(a => a.AgencyId == agency);
        if (dueBefore is { } before) query = query.Where(a => a.Due != null && a.Due < before);
        var list = await query.OrderBy(a => a.Due).ToListAsync(ct);
        return list.Select(AssignmentView.From).Where(v => status is null || v.Status == status).ToList();
    }

    [WolverinePost("/api/assignments/{id}/acknowledge")]
    public static Task<IResult> Acknowledge(Guid id, AcknowledgeRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.Acknowledge(a, a.AgencyId, clock.GetUtcNow()));

    [WolverinePost("/api/assignments/{id}/progress")]
    public static Task<IResult> Progress(Guid id, ProgressRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.ReportProgress(a, body.Percent, body.Note, body.ReportReference, body.EffectiveOn, VietnamTime.Today(clock), a.AgencyId, clock.GetUtcNow()));

    [WolverinePost("/api/assignments/{id}/complete")]
    public static Task<IResult> Complete(Guid id, CompleteRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.Complete(a, body.EffectiveOn, body.Evidence, VietnamTime.Today(clock), a.AgencyId, clock.GetUtcNow()));

    [WolverinePost("/api/assignments/{id}/extend")]
    public static Task<IResult> Extend(Guid id, ExtendRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.Extend(a, body.NewDue, body.Reason, "coordinator", clock.GetUtcNow()));

    [WolverinePost("/api/assignments/{id}/reassign")]
    public static async Task<IResult> Reassign(Guid id, ReassignRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var target = await session.LoadAsync<Agencies.Agency>(body.AgencyId, ct);
        if (target is null)
            return Results.Problem(new ProblemDetails { Status = 400, Title = "Unknown agency", Detail = $"No agency has id '{body.AgencyId}'; see GET /api/agencies." });
        return await Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.Reassign(a, target.Id, target.Name, body.Reason, "coordinator", clock.GetUtcNow()));
    }

    [WolverinePost("/api/assignments/{id}/withdraw")]
    public static Task<IResult> Withdraw(Guid id, WithdrawRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Change(id, Expected(request, body.ExpectedVersion), session, ct, a => AssignmentRules.Withdraw(a, body.Reason, "coordinator", clock.GetUtcNow()));

    private static async Task<IResult> Change(Guid id, int? expectedVersion, IDocumentSession session, CancellationToken ct, Func<Assignment, object> decide)
    {
        // FetchForWriting takes a row lock on the stream, so two concurrent changes are serialised: the second
        // sees the first one's result and the rules refuse it (completion once).
        var stream = await session.Events.FetchForExclusiveWriting<Assignment>(id, ct);
        if (stream.Aggregate is null) return NotFound(id);
        if (expectedVersion is { } expected && stream.Aggregate.Version != expected)
            return Results.Problem(new ProblemDetails { Status = 409, Title = "Stale version", Detail = $"The assignment is at version {stream.Aggregate.Version}, not {expected}; reload and try again." });
        var e = decide(stream.Aggregate);
        stream.AppendOne(e);
        await session.SaveChangesAsync(ct);
        var after = await session.LoadAsync<Assignment>(id, ct);
        return Results.Ok(AssignmentView.From(after ?? stream.Aggregate));
    }

    /// <summary>The version the caller last saw: the If-Match header ("3" or "\"3\"") or "expectedVersion" in the body.</summary>
    private static int? Expected(HttpRequest request, int? fromBody)
    {
        var header = request.Headers.IfMatch.ToString().Trim().Trim('"');
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..].Trim('"');
        return int.TryParse(header, out var v) ? v : fromBody;
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(new ProblemDetails { Status = 404, Title = "No such assignment", Detail = $"No assignment has id {id}." });
}
