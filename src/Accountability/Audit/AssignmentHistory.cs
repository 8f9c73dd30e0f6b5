using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Assignments;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Audit;

/// <summary>
/// One event of an assignment's history. Recorded is when the service wrote it; EffectiveOn is when the fact
/// took effect where the agency reported a past fact (a completion dated last week), else the recorded day.
/// Hash is the event's link in its stream's hash chain (see /api/audit/verify).
/// </summary>
public sealed record HistoryEntry(long Version, long Sequence, string Type, DateTimeOffset Recorded, DateOnly EffectiveOn, string Actor, object Data, string? Hash);

/// <summary>GET /api/assignments/{id}/history: every event of the assignment, in order, for auditors (and the agency holding it).</summary>
public static class AssignmentHistoryEndpoint
{
    [WolverineGet("/api/assignments/{id}/history")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (!caller.ReadsAll)
        {
            // An agency reads the history of its own assignments; any other stream (a plan's record) is for the office
            // and auditors, as GET /api/plans/{id} is.
            if (await session.LoadAsync<Assignment>(id, ct) is { } current)
            {
                if (!caller.MayRead(current.AgencyId)) return caller.NotYours($"Assignment {id}", current.AgencyId);
            }
            else if (await session.Events.FetchStreamStateAsync(id, ct) is not null)
                return Results.Problem(new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed",
                    Detail = $"{id} is not an assignment; the history of a plan is for the coordinator and auditor roles." });
        }
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0)
            return AssignmentEndpoints.NotFound(id);
        return Results.Ok(events.Select(e => new HistoryEntry(e.Version, e.Sequence, TypeName(e.EventType), e.Timestamp,
            EffectiveOn(e.Data) ?? Time.VietnamTime.DateOf(e.Timestamp), Actor(e.Data), e.Data,
            e.Headers?.GetValueOrDefault("hash")?.ToString())).ToList());
    }

    /// <summary>"AssignmentMarkedOverdue" → "assignment-marked-overdue": stable names an auditor can filter on.</summary>
    public static string TypeName(Type type) => Kebab(type.Name);

    /// <summary>"CompletedOnTime" → "completed-on-time": the lower-case names the API and exports use.</summary>
    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Actor(object data) => data switch
    {
        AssignmentIssued e => e.IssuedBy,
        AssignmentAcknowledged e => e.By,
        ProgressReported e => e.By,
        DeadlineExtended e => e.ApprovedBy,
        AssignmentReassigned e => e.By,
        AssignmentTransferred e => e.By,
        AssignmentWithdrawn e => e.By,
        AssignmentDeclined e => e.By,
        DeclineOverruled e => e.By,
        AssignmentCompleted e => e.By,
        CompletionCorrected e => e.By,
        AssignmentMarkedOverdue e => e.By,
        AssignmentRevised e => e.By,
        ExtensionRequested e => e.By,
        ExtensionGranted e => e.By,
        ExtensionRefused e => e.By,
        NoticeIssued e => e.By,
        NoticeDelivered e => e.By,
        NoticeDeliveryFailed e => e.By,
        NoticeDeadLettered e => e.By,
        NoticeRedelivered e => e.By,
        _ => "unknown",
    };

    public static DateOnly? EffectiveOn(object data) => data switch
    {
        ProgressReported e => e.EffectiveOn,
        AssignmentCompleted e => e.EffectiveOn,
        CompletionCorrected e => e.EffectiveOn,
        AssignmentTransferred e => e.EffectiveOn,
        _ => null,
    };
}
