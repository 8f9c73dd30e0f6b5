using System.Security.Claims;
using Accountability.Deadlines;
using Accountability.Security;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Accountability.Notifications.ReadMarks;

public sealed record UnreadView(string AgencyId, int Count, IReadOnlyList<string> Unread, DateTimeOffset? AllReadUpTo);

/// <summary>
/// Read and unread in an inbox: how many notices are unread (and which, newest first, at most 1,000), a notice opened,
/// all marked read. Marks are the inbox holder's: the agency's own token (the coordinator's for the coordinating
/// office's inbox); the office and auditors reading an agency's inbox mark nothing.
/// </summary>
public static class ReadMarkEndpoints
{
    [WolverineGet("/api/agencies/{agencyId}/notifications/unread")]
    public static async Task<IResult> Unread(string agencyId, ClaimsPrincipal user, IQuerySession session, NotificationPolicy policy, CancellationToken ct)
    {
        if (Caller.From(user) is var caller && !caller.MayRead(agencyId)) return caller.NotYours("This inbox", agencyId);
        if (await UnknownInbox(agencyId, session, policy, ct) is { } unknown) return unknown;
        var marks = await MarksAsync(agencyId, session, ct);
        var (count, ids) = await UnreadAsync(session, marks, ct);
        return Results.Ok(new UnreadView(agencyId, count, ids, marks.AllReadUpTo));
    }

    /// <summary>How many notices of the inbox are unread, and the ids of the newest 1,000 of them.</summary>
    public static async Task<(int Count, IReadOnlyList<string> Ids)> UnreadAsync(IQuerySession session, InboxReadMarks marks, CancellationToken ct)
    {
        var read = marks.Read.ToArray();
        var query = session.Query<Notice>().Where(n => n.Recipient == marks.AgencyId);
        if (marks.AllReadUpTo is { } upTo) query = query.Where(n => n.CreatedAt > upTo);
        if (read.Length > 0) query = query.Where(n => !read.Contains(n.Id));
        var count = await query.CountAsync(ct);
        var ids = await query.OrderByDescending(n => n.CreatedAt).Select(n => n.Id).Take(1_000).ToListAsync(ct);
        return (count, ids);
    }

    /// <summary>The inbox's marks (none yet: nothing read).</summary>
    public static async Task<InboxReadMarks> MarksAsync(string agencyId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<InboxReadMarks>(agencyId, ct) ?? InboxReadMarks.None(agencyId);

    /// <summary>The agency opened this notice: 204. 404 for a notice not in this inbox.</summary>
    [WolverinePost("/api/agencies/{agencyId}/notifications/{noticeId}/read")]
    public static async Task<IResult> Open(string agencyId, string noticeId, ClaimsPrincipal user, IDocumentStore store, NotificationPolicy policy, CancellationToken ct)
    {
        if (MayNotMark(Caller.From(user), agencyId, policy) is { } refused) return refused;
        return await MarkAsync(store, agencyId, async (session, marks) =>
            await session.LoadAsync<Notice>(noticeId, ct) is { } notice && notice.Recipient == agencyId ? marks.Opened(notice) : null, ct)
            ? Results.NoContent()
            : Problem(404, "No such notice", $"'{agencyId}' has no notice '{noticeId}'; see GET /api/agencies/{agencyId}/notifications.");
    }

    /// <summary>Every notice of the inbox up to now read: 204.</summary>
    [WolverinePost("/api/agencies/{agencyId}/notifications/read-all")]
    public static async Task<IResult> ReadAll(string agencyId, ClaimsPrincipal user, IDocumentStore store, NotificationPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        if (MayNotMark(Caller.From(user), agencyId, policy) is { } refused) return refused;
        await MarkAsync(store, agencyId, (_, marks) => Task.FromResult<InboxReadMarks?>(marks.AllRead(clock.GetUtcNow())), ct);
        return Results.NoContent();
    }

    /// <summary>
    /// Reads the marks, changes them and stores them with the version read: two marks at the same moment (two tabs)
    /// take turns instead of one losing the other's. False when the change finds nothing to mark.
    /// </summary>
    private static async Task<bool> MarkAsync(IDocumentStore store, string agencyId, Func<IDocumentSession, InboxReadMarks, Task<InboxReadMarks?>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var marks = await MarksAsync(agencyId, session, ct);
            if (await change(session, marks) is not { } changed) return false;
            if (ReferenceEquals(changed, marks)) return true;
            session.Store(changed);
            try
            {
                await session.SaveChangesAsync(ct);
                return true;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
                await Task.Delay(10 * attempt, ct);
            }
        }
    }

    private static IResult? MayNotMark(Caller caller, string agencyId, NotificationPolicy policy) =>
        caller.ActsFor(agencyId) || (agencyId == policy.CoordinatingOffice && caller.Roles.Contains(Roles.Coordinator))
            ? null
            : caller.Roles.Contains(Roles.Agency) ? caller.NotYours("This inbox", agencyId)
            : Problem(403, "Not allowed", "Only the inbox's own agency marks its notices read; the office and auditors read them without marking.");

    private static async Task<IResult?> UnknownInbox(string agencyId, IQuerySession session, NotificationPolicy policy, CancellationToken ct) =>
        agencyId == policy.CoordinatingOffice || await session.LoadAsync<Agencies.Agency>(agencyId, ct) is not null
            ? null
            : Problem(404, "No such agency", $"No agency has id '{agencyId}'; see GET /api/agencies.");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
