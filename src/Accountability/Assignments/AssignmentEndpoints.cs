using System.Security.Claims;
using Accountability.Infrastructure;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Accountability.Assignments;

// Request bodies: every field nullable, so a field left out is told apart from a zero or a default date (400 naming it).
// Each turns itself into its command: the text within limits and clean, required fields there; one check, one place,
// for the JSON endpoints, the multipart ones and the web screens alike.
public sealed record AcknowledgeRequest(int? ExpectedVersion)
{
    public AcknowledgeAssignment Command(Guid id, Sender from) => new(id, from);
}

public sealed record ProgressRequest(int? Percent, string? Note, string? ReportReference, DateOnly? EffectiveOn, int? ExpectedVersion)
{
    public ReportProgress Command(Guid id, Sender from, IReadOnlyList<Evidence.EvidenceUpload>? files = null) =>
        new(id, Input.Present("percent", Percent), FreeText.Optional("note", Note, FreeText.Note),
            FreeText.Optional("reportReference", ReportReference, FreeText.Reference, multiline: false), EffectiveOn, from, files);
}

public sealed record CompleteRequest(DateOnly? EffectiveOn, string? Evidence, int? ExpectedVersion)
{
    public CompleteAssignment Command(Guid id, Sender from, IReadOnlyList<Evidence.EvidenceUpload>? files = null) =>
        new(id, EffectiveOn, FreeText.Optional("evidence", Evidence, FreeText.Evidence), from, files);
}

public sealed record CorrectCompletionRequest(DateOnly? EffectiveOn, string? Evidence, string? Reason, int? ExpectedVersion)
{
    public CorrectCompletion Command(Guid id, Sender from) =>
        new(id, Input.Present("effectiveOn", EffectiveOn), FreeText.Optional("evidence", Evidence, FreeText.Evidence), FreeText.Required("reason", Reason, FreeText.Reason), from);
}

public sealed record ExtendRequest(DateOnly? NewDue, string? Reason, int? ExpectedVersion)
{
    public ExtendDeadline Command(Guid id, Sender from) => new(id, Input.Present("newDue", NewDue), FreeText.Required("reason", Reason, FreeText.Reason), from);
}

public sealed record ReassignRequest(string? AgencyId, string? Reason, int? ExpectedVersion);

public sealed record WithdrawRequest(string? Reason, int? ExpectedVersion)
{
    public WithdrawAssignment Command(Guid id, Sender from) => new(id, FreeText.Required("reason", Reason, FreeText.Reason), from);
}

public sealed record DeclineRequest(string? Reason, int? ExpectedVersion)
{
    public DeclineAssignment Command(Guid id, Sender from) => new(id, FreeText.Required("reason", Reason, FreeText.Reason), from);
}

public sealed record InsistRequest(string? Reason, int? ExpectedVersion)
{
    public InsistOnAssignment Command(Guid id, Sender from) => new(id, FreeText.Required("reason", Reason, FreeText.Reason), from);
}

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

    // Each command endpoint is its aggregate handler: Wolverine fetches the stream for writing, its row locked
    // ([AssignmentForWriting]: one read), the endpoint admits the caller on that state (its own agency's, a version it
    // saw), applies the rule and returns the events, which Wolverine appends and commits with the outbox. Concurrent
    // writers of one assignment take turns; a caller whose version or rule no longer holds gets 409, to read again.
    // No message bus in between and no retry loop here. The answer is the assignment as the new events leave it
    // (UpdatedAssignment: from the session, not read again).

    [WolverinePost("/api/assignments/{id}/acknowledge"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) Acknowledge(Guid id, AcknowledgeRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, AcknowledgeAssignmentHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Agency)), assignment, clock));
    }

    [WolverinePost("/api/assignments/{id}/progress"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) Progress(Guid id, ProgressRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, ReportProgressHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Agency)), assignment, clock, session));
    }

    [WolverinePost("/api/assignments/{id}/complete"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) Complete(Guid id, CompleteRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, CompleteAssignmentHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Agency)), assignment, clock, session));
    }

    [WolverinePost("/api/assignments/{id}/correct-completion"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) CorrectCompletion(Guid id, CorrectCompletionRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, CorrectCompletionHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Agency)), assignment, clock));
    }

    [WolverinePost("/api/assignments/{id}/extend"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Extend(Guid id, ExtendRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, ExtendDeadlineHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Coordinator)), assignment, clock));
    }

    [WolverinePost("/api/assignments/{id}/reassign"), Authorize(Policy = Policies.Coordinator)]
    public static async Task<(IResult, Events, OutgoingMessages)> Reassign(Guid id, ReassignRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session, CancellationToken ct)
    {
        var command = await ReassignCommandAsync(id, body, From(request, user, body?.ExpectedVersion, Acting.Coordinator), user, session, ct);
        return Answer(session, id, ReassignAssignmentHandler.Handle(command, assignment, clock));
    }

    /// <summary>
    /// The reassignment the office asked for, its new agency looked up: a provincial coordinator names agencies of its
    /// province (or the central level) only, as its agency list shows; any other id is a 400 naming the field.
    /// </summary>
    public static async Task<ReassignAssignment> ReassignCommandAsync(Guid id, ReassignRequest? body, Sender from, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        body = Input.Required(body);
        var agencyId = FreeText.Required("agencyId", body.AgencyId, FreeText.Reference, multiline: false);
        var reason = FreeText.Required("reason", body.Reason, FreeText.Reason);
        var target = await session.LoadAsync<Agencies.Agency>(agencyId, ct);
        if (target is null || (target.Jurisdiction != Jurisdictions.Central && !Caller.From(user).Sees(target.Jurisdiction)))
            throw new InvalidField("agencyId", $"No agency has id '{agencyId}'; see GET /api/agencies.");
        return new ReassignAssignment(id, target.Id, target.Name, reason, from);
    }

    [WolverinePost("/api/assignments/{id}/withdraw"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Withdraw(Guid id, WithdrawRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, WithdrawAssignmentHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Coordinator)), assignment, clock));
    }

    /// <summary>The agency declines, with a reason; the coordinating office is told (kind "declined").</summary>
    [WolverinePost("/api/assignments/{id}/decline"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) Decline(Guid id, DeclineRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, CoordinatingOffice office, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, DeclineAssignmentHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Agency)), assignment, clock, office));
    }

    /// <summary>The coordinating office keeps a declined assignment with the agency, with a reason; the agency is told (kind "insisted").</summary>
    [WolverinePost("/api/assignments/{id}/insist"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Insist(Guid id, InsistRequest? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        return Answer(session, id, InsistOnAssignmentHandler.Handle(body.Command(id, From(request, user, body.ExpectedVersion, Acting.Coordinator)), assignment, clock));
    }

    /// <summary>
    /// The same commands from the web screens and the multipart endpoints (forms, files): handed to the message
    /// handlers above through Wolverine, whose error policies try a lost race again on the new state (where the rules
    /// and the version the caller saw decide again). The answer is the assignment as the new events leave it.
    /// </summary>
    public static async Task<IResult> Send(IMessageBus bus, object command, CancellationToken ct) =>
        Results.Ok(AssignmentView.From(await bus.InvokeAsync<Assignment>(command, ct)));

    /// <summary>Who sends a command: the caller's actor, the agency an agency's token acts for, the version it last saw.</summary>
    public static Sender From(HttpRequest request, ClaimsPrincipal user, int? bodyVersion, Acting acting)
    {
        var caller = Caller.From(user);
        // The agency policy makes sure an agency's token names its agency.
        return new Sender(caller.Actor, acting == Acting.Agency ? caller.AgencyId : null, Expected(request, bodyVersion));
    }

    public enum Acting { Agency, Coordinator }

    /// <summary>A handler's decision as the endpoint's answer: the events and messages to commit, and the assignment they leave.</summary>
    internal static (IResult, Events, OutgoingMessages) Answer<TEvent>(IDocumentSession session, Guid id, (UpdatedAggregate, TEvent) decided) where TEvent : notnull =>
        (new UpdatedAssignment(session, id), [decided.Item2], []);

    internal static (IResult, Events, OutgoingMessages) Answer(IDocumentSession session, Guid id, (UpdatedAggregate, Events, OutgoingMessages) decided) =>
        (new UpdatedAssignment(session, id), decided.Item2, decided.Item3);

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

/// <summary>
/// A command's answer: the assignment as its new events leave it. Written after Wolverine has appended and committed
/// them; the aggregate the endpoint fetched for writing is still in the session (Marten's identity map for aggregates)
/// with the events applied, so it is not read again.
/// </summary>
internal sealed class UpdatedAssignment(IDocumentSession session, Guid id) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var assignment = await session.Events.FetchLatest<Assignment>(id, http.RequestAborted)
            ?? throw new NoSuchAssignment(id);
        await Results.Ok(AssignmentView.From(assignment)).ExecuteAsync(http);
    }
}

/// <summary>
/// The assignment of the route's {id}, fetched for writing with its stream row locked until the command commits
/// (Marten's FetchForExclusiveWriting). A deadline mark or a delivery record written in the background at the same
/// moment waits for the command instead of making it fail: the office's and the agencies' decisions are not refused
/// because a notice landed, and the background writer tries again on the new state (its own retry policy). Two
/// commands on one assignment take turns; the second is decided on the state the first left (409 when the rules or
/// the version it saw no longer allow it). A missing stream is not refused here: the rules answer 404.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class AssignmentForWritingAttribute : WriteAggregateAttribute
{
    public AssignmentForWritingAttribute() : base("id")
    {
        Required = false;
        LoadStyle = ConcurrencyStyle.Exclusive;
    }
}
