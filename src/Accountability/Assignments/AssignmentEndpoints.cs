using System.Security.Claims;
using Accountability.Infrastructure;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Accountability.Assignments;

// Request bodies: every field nullable, so a field left out is told apart from a zero or a default date (400 naming it).
public sealed record AcknowledgeRequest(int? ExpectedVersion);
public sealed record ProgressRequest(int? Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, int? ExpectedVersion);
public sealed record CompleteRequest(DateOnly? EffectiveOn, string? Evidence, int? ExpectedVersion);
public sealed record CorrectCompletionRequest(DateOnly? EffectiveOn, string? Evidence, string? Reason, int? ExpectedVersion);
public sealed record ExtendRequest(DateOnly? NewDue, string? Reason, int? ExpectedVersion);
public sealed record ReassignRequest(string? AgencyId, string? Reason, int? ExpectedVersion);
public sealed record WithdrawRequest(string? Reason, int? ExpectedVersion);
public sealed record DeclineRequest(string? Reason, int? ExpectedVersion);
public sealed record InsistRequest(string? Reason, int? ExpectedVersion);

public sealed record AssignmentView(Guid Id, Guid PlanId, string Section, string AgencyId, string Agency, string Task, DateOnly? Due, string Status, bool Acknowledged, int Percent, DateOnly? CompletedOn, DateOnly? OverdueMarkedFor, string? DeclineReason, int Version, IReadOnlyList<NoticeSent> Notices, ExtensionRequest? PendingExtension)
{
    public static AssignmentView From(Assignment a) =>
        new(a.Id, a.PlanId, a.Section, a.AgencyId, a.Agency, a.Task, a.Due, a.Status.ToString().ToLowerInvariant(), a.Acknowledged, a.Percent, a.CompletedOn, a.OverdueMarkedFor, a.DeclineReason, a.Version,
            a.Notices ?? [], a.PendingExtension);
}

/// <summary>Reading and changing assignments. Each change: load the stream for writing, apply the rule, append.</summary>
public static class AssignmentEndpoints
{
    /// <summary>
    /// The assignment now, or with ?asOf=ISO-8601 as it stood at that moment: rebuilt from the events recorded up
    /// to then, so an auditor sees what the office saw.
    /// </summary>
    [WolverineGet("/api/assignments/{id}")]
    public static async Task<IResult> Get(Guid id, DateTimeOffset? asOf, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var current = await session.LoadAsync<Assignment>(id, ct);
        if (current is null) return NotFound(id);
        var caller = Caller.From(user);
        if (!caller.MayRead(current.AgencyId)) return caller.NotYours($"Assignment {id}", current.AgencyId);
        if (asOf is null) return Results.Ok(AssignmentView.From(current));
        return await session.Events.AggregateStreamAsync<Assignment>(id, timestamp: asOf.Value.ToUniversalTime(), token: ct) is { } then
            ? Results.Ok(AssignmentView.From(then))
            : Results.Problem(new ProblemDetails { Status = 404, Title = "Not issued yet", Detail = $"Assignment {id} was not issued yet at {asOf:O}." });
    }

    // GET /api/assignments (the list, paged and filtered, with its overdue and due-soon filters) is in Deadlines/AssignmentList.cs.

    // Each command: the body checked (present, its text within limits and clean, required fields there; 400 naming the
    // field), then handed to its aggregate handler.

    [WolverinePost("/api/assignments/{id}/acknowledge"), Authorize(Policy = Policies.Agency)]
    public static Task<IResult> Acknowledge(Guid id, AcknowledgeRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Agency, bus, ct, from => new AcknowledgeAssignment(id, from));
    }

    [WolverinePost("/api/assignments/{id}/progress"), Authorize(Policy = Policies.Agency)]
    public static Task<IResult> Progress(Guid id, ProgressRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var percent = Input.Present("percent", body.Percent);
        var note = FreeText.Optional("note", body.Note, FreeText.Note);
        var reference = FreeText.Optional("reportReference", body.ReportReference, FreeText.Reference, multiline: false);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Agency, bus, ct, from => new ReportProgress(id, percent, note, reference, body.EffectiveOn, from));
    }

    [WolverinePost("/api/assignments/{id}/complete"), Authorize(Policy = Policies.Agency)]
    public static Task<IResult> Complete(Guid id, CompleteRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var evidence = FreeText.Optional("evidence", body.Evidence, FreeText.Evidence);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Agency, bus, ct, from => new CompleteAssignment(id, body.EffectiveOn, evidence, from));
    }

    [WolverinePost("/api/assignments/{id}/correct-completion"), Authorize(Policy = Policies.Agency)]
    public static Task<IResult> CorrectCompletion(Guid id, CorrectCompletionRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var effectiveOn = Input.Present("effectiveOn", body.EffectiveOn);
        var evidence = FreeText.Optional("evidence", body.Evidence, FreeText.Evidence);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Agency, bus, ct, from => new CorrectCompletion(id, effectiveOn, evidence, reason, from));
    }

    [WolverinePost("/api/assignments/{id}/extend"), Authorize(Policy = Policies.Coordinator)]
    public static Task<IResult> Extend(Guid id, ExtendRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var newDue = Input.Present("newDue", body.NewDue);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Coordinator, bus, ct, from => new ExtendDeadline(id, newDue, reason, from));
    }

    [WolverinePost("/api/assignments/{id}/reassign"), Authorize(Policy = Policies.Coordinator)]
    public static async Task<IResult> Reassign(Guid id, ReassignRequest? body, HttpRequest request, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var agencyId = FreeText.Required("agencyId", body.AgencyId, FreeText.Reference, multiline: false);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        var target = await session.LoadAsync<Agencies.Agency>(agencyId, ct);
        // A provincial coordinator names agencies of its province (or the central level) only, as its agency list shows.
        if (target is null || (target.Jurisdiction != Jurisdictions.Central && !Caller.From(user).Sees(target.Jurisdiction)))
            return Results.Problem(new ProblemDetails { Status = 400, Title = "Unknown agency", Detail = $"No agency has id '{agencyId}'; see GET /api/agencies." });
        return await Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Coordinator, bus, ct, from => new ReassignAssignment(id, target.Id, target.Name, reason, from));
    }

    [WolverinePost("/api/assignments/{id}/withdraw"), Authorize(Policy = Policies.Coordinator)]
    public static Task<IResult> Withdraw(Guid id, WithdrawRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Coordinator, bus, ct, from => new WithdrawAssignment(id, reason, from));
    }

    /// <summary>The agency declines, with a reason; the coordinating office is told (kind "declined").</summary>
    [WolverinePost("/api/assignments/{id}/decline"), Authorize(Policy = Policies.Agency)]
    public static Task<IResult> Decline(Guid id, DeclineRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Agency, bus, ct, from => new DeclineAssignment(id, reason, from));
    }

    /// <summary>The coordinating office keeps a declined assignment with the agency, with a reason; the agency is told (kind "insisted").</summary>
    [WolverinePost("/api/assignments/{id}/insist"), Authorize(Policy = Policies.Coordinator)]
    public static Task<IResult> Insist(Guid id, InsistRequest? body, HttpRequest request, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        body = Input.Required(body);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        return Send(Expected(request, body.ExpectedVersion), Caller.From(user), Acting.Coordinator, bus, ct, from => new InsistOnAssignment(id, reason, from));
    }

    /// <summary>
    /// Hands the command to its Wolverine aggregate handler, which reads the assignment once for writing, admits
    /// the caller on that state (its own agency's, the version it saw), applies the rule and appends
    /// optimistically: of two concurrent changes one commits and the other fails its version check (409). The
    /// answer is the assignment as the new event leaves it, handed back by the handler (no second read).
    /// </summary>
    internal static async Task<IResult> Send(int? expectedVersion, Caller caller, Acting acting, IMessageBus bus, CancellationToken ct, Func<Sender, object> command)
    {
        // The agency policy makes sure an agency's token names its agency.
        var from = new Sender(caller.Actor, acting == Acting.Agency ? caller.AgencyId : null, expectedVersion);
        // The service's own deadline check can commit on the same stream at the same moment (a mark, or a
        // deadlock PostgreSQL breaks by aborting one side). A caller who named no version gets the command run
        // again on the new state, where the rules decide; one who did keeps the strict answer (409).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Results.Ok(AssignmentView.From(await bus.InvokeAsync<Assignment>(command(from), ct)));
            }
            catch (Exception e) when (attempt < 3 && (IsDeadlock(e) || (expectedVersion is null && LostVersionRace(e))))
            {
                await Task.Delay(20 * attempt, ct);
            }
        }
    }

    internal enum Acting { Agency, Coordinator }

    private static bool IsDeadlock(Exception e) => ExceptionChain.Of(e).Any(x => x is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected });

    /// <summary>Another writer (a delivery outcome, a deadline mark) appended to the stream first.</summary>
    private static bool LostVersionRace(Exception e) =>
        ExceptionChain.Of(e).Any(x => x is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException);

    /// <summary>The version the caller last saw: the If-Match header ("3" or "\"3\"") or "expectedVersion" in the body.</summary>
    internal static int? Expected(HttpRequest request, int? fromBody)
    {
        var header = request.Headers.IfMatch.ToString().Trim().Trim('"');
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..].Trim('"');
        return int.TryParse(header, out var v) ? v : fromBody;
    }

    /// <summary>404 for an id no assignment has: the same answer a command's handler gives (<see cref="NoSuchAssignment"/>).</summary>
    internal static IResult NotFound(Guid id) =>
        Results.Problem(new ProblemDetails { Status = 404, Title = NoSuchAssignment.Title, Detail = NoSuchAssignment.Describe(id) });
}
