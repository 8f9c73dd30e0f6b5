using System.Security.Claims;
using Accountability.Infrastructure;
using Accountability.Security;
using Accountability.Time;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Accountability.Assignments;

/// <summary>An agency's request for more time, waiting for the coordinating office.</summary>
public sealed record ExtensionRequest(DateOnly ProposedDue, string Reason, string By, DateTimeOffset At);

/// <summary>The agency asks for more time, with the date it proposes and why.</summary>
public sealed record ExtensionRequested(DateOnly? CurrentDue, DateOnly ProposedDue, string Reason, string By, DateTimeOffset At);

/// <summary>The office grants the request (the deadline moves with a DeadlineExtended beside it, which every read model follows).</summary>
public sealed record ExtensionGranted(DateOnly ProposedDue, DateOnly NewDue, string Reason, string By, DateTimeOffset At);

/// <summary>The office refuses the request; the deadline stays.</summary>
public sealed record ExtensionRefused(DateOnly ProposedDue, string Reason, string By, DateTimeOffset At);

public sealed record ExtensionRequestBody(DateOnly? ProposedDue, string? Reason, int? ExpectedVersion)
{
    public RequestExtension Command(Guid id, Sender from) => new(id, Input.Present("proposedDue", ProposedDue), FreeText.Required("reason", Reason, FreeText.Reason), from);
}

public sealed record ExtensionDecisionBody(string? Reason, DateOnly? NewDue, int? ExpectedVersion)
{
    public DecideExtension Command(Guid id, bool grant, Sender from) => new(id, grant, FreeText.Required("reason", Reason, FreeText.Reason), grant ? NewDue : null, from);
}

public sealed record RequestExtension(Guid AssignmentId, DateOnly ProposedDue, string Reason, Sender From);
public sealed record DecideExtension(Guid AssignmentId, bool Grant, string Reason, DateOnly? NewDue, Sender From);

/// <summary>The rules of extension requests, plain functions as in <see cref="AssignmentRules"/>.</summary>
public static class ExtensionRules
{
    public static ExtensionRequested Request(Assignment a, DateOnly proposedDue, string reason, string by, DateTimeOffset now)
    {
        if (a.IsClosed) throw new AssignmentRuleBroken($"The assignment is {a.Status.ToString().ToLowerInvariant()}; there is no deadline to extend.");
        if (a.Status == AssignmentStatus.Declined) throw new AssignmentRuleBroken("The assignment was declined; the coordinating office decides on it first.");
        if (a.PendingExtension is { } pending)
            throw new AssignmentRuleBroken($"An extension to {pending.ProposedDue:dd/MM/yyyy} was already asked for on {VietnamTime.DateOf(pending.At):dd/MM/yyyy}; wait for the office's answer.");
        if (a.Due is { } due && proposedDue <= due) throw new InvalidField("proposedDue", $"proposedDue must be later than the current deadline, {due:dd/MM/yyyy}.");
        if (proposedDue > VietnamTime.DateOf(now).AddYears(AssignmentRules.MaxYearsAhead))
            throw new InvalidField("proposedDue", $"proposedDue {proposedDue:yyyy-MM-dd} is more than {AssignmentRules.MaxYearsAhead} years ahead.");
        return new ExtensionRequested(a.Due, proposedDue, reason.Trim(), by, now);
    }

    /// <summary>Granted: the request's date (or the one the office sets instead) becomes the deadline.</summary>
    public static (ExtensionGranted Granted, DeadlineExtended Extended) Grant(Assignment a, DateOnly? newDue, string reason, string by, DateTimeOffset now)
    {
        var pending = Pending(a);
        var extended = AssignmentRules.Extend(a, newDue ?? pending.ProposedDue, reason, by, now);
        return (new ExtensionGranted(pending.ProposedDue, extended.NewDue, extended.Reason, by, now), extended);
    }

    public static ExtensionRefused Refuse(Assignment a, string reason, string by, DateTimeOffset now) => new(Pending(a).ProposedDue, reason.Trim(), by, now);

    private static ExtensionRequest Pending(Assignment a) =>
        a.PendingExtension ?? throw new AssignmentRuleBroken("No extension was asked for on this assignment, or it was answered already.");
}

public static class RequestExtensionHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(RequestExtension command, Assignment? assignment, TimeProvider clock, CoordinatingOffice office)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var requested = ExtensionRules.Request(assignment, command.ProposedDue, command.Reason, command.From.Actor, now);
        var notice = Notices.About(assignment, NoticeKind.ExtensionRequested, $"extension-requested-v{assignment.Version + 1}", office.Id,
            $"{assignment.Agency} đề nghị gia hạn nhiệm vụ “{Notices.Short(assignment.Task)}” đến ngày {requested.ProposedDue:dd/MM/yyyy}. Lý do: {requested.Reason}.",
            command.From.Actor, now, requested.Reason);
        return Notices.Decided(requested, notice, assignment.Id);
    }
}

public static class DecideExtensionHandler
{
    [AggregateHandler]
    public static (UpdatedAggregate, Events, OutgoingMessages) Handle(DecideExtension command, Assignment? assignment, TimeProvider clock)
    {
        AssignmentRules.Admit(assignment, command.AssignmentId, command.From);
        var now = clock.GetUtcNow();
        var task = Notices.Short(assignment.Task);
        if (command.Grant)
        {
            var (granted, extended) = ExtensionRules.Grant(assignment, command.NewDue, command.Reason, command.From.Actor, now);
            var notice = Notices.About(assignment, NoticeKind.ExtensionGranted, $"extension-granted-v{assignment.Version + 1}", assignment.AgencyId,
                $"Đồng ý gia hạn nhiệm vụ “{task}” giao {assignment.Agency} đến ngày {granted.NewDue:dd/MM/yyyy}. Lý do: {granted.Reason}.", command.From.Actor, now, granted.Reason);
            return (new UpdatedAggregate(), [granted, extended, notice],
                [new SendNotice(assignment.Id, notice.NoticeId), new DeadlineChanged(assignment.Id, granted.NewDue, LookNow: false)]);
        }
        var refused = ExtensionRules.Refuse(assignment, command.Reason, command.From.Actor, now);
        var no = Notices.About(assignment, NoticeKind.ExtensionRefused, $"extension-refused-v{assignment.Version + 1}", assignment.AgencyId,
            $"Không đồng ý gia hạn nhiệm vụ “{task}” giao {assignment.Agency} đến ngày {refused.ProposedDue:dd/MM/yyyy}; giữ nguyên hạn. Lý do: {refused.Reason}.",
            command.From.Actor, now, refused.Reason);
        return Notices.Decided(refused, no, assignment.Id);
    }
}

/// <summary>Extension requests: the agency asks, the coordinating office grants or refuses; each side is told.</summary>
public static class ExtensionEndpoints
{
    /// <summary>The agency asks for more time: {"proposedDue", "reason"}; one request open at a time.</summary>
    [WolverinePost("/api/assignments/{id}/extension-requests"), Authorize(Policy = Policies.Agency)]
    public static (IResult, Events, OutgoingMessages) Request(Guid id, ExtensionRequestBody? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, CoordinatingOffice office, IDocumentSession session)
    {
        body = Input.Required(body);
        var command = body.Command(id, AssignmentEndpoints.From(request, user, body.ExpectedVersion, AssignmentEndpoints.Acting.Agency));
        return AssignmentEndpoints.Answer(session, id, RequestExtensionHandler.Handle(command, assignment, clock, office));
    }

    /// <summary>The office grants the open request: {"reason", "newDue"?} (newDue: another date than the one asked for).</summary>
    [WolverinePost("/api/assignments/{id}/extension-requests/grant"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Grant(Guid id, ExtensionDecisionBody? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session) =>
        Decide(id, true, body, assignment, request, user, clock, session);

    /// <summary>The office refuses the open request: {"reason"}.</summary>
    [WolverinePost("/api/assignments/{id}/extension-requests/refuse"), Authorize(Policy = Policies.Coordinator)]
    public static (IResult, Events, OutgoingMessages) Refuse(Guid id, ExtensionDecisionBody? body, [AssignmentForWriting] Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session) =>
        Decide(id, false, body, assignment, request, user, clock, session);

    private static (IResult, Events, OutgoingMessages) Decide(Guid id, bool grant, ExtensionDecisionBody? body, Assignment? assignment,
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IDocumentSession session)
    {
        body = Input.Required(body);
        var command = body.Command(id, grant, AssignmentEndpoints.From(request, user, body.ExpectedVersion, AssignmentEndpoints.Acting.Coordinator));
        return AssignmentEndpoints.Answer(session, id, DecideExtensionHandler.Handle(command, assignment, clock));
    }
}
