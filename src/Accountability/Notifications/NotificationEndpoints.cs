using System.Security.Claims;
using Accountability.Security;
using Microsoft.AspNetCore.Authorization;
using Accountability.Agencies;
using Accountability.Assignments;
using Accountability.Deadlines;
using Accountability.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;

namespace Accountability.Notifications;

public sealed record WebhookRequest(string? Url, string? Secret);

public sealed record WebhookView(string AgencyId, string Url, bool Signed, DateTimeOffset SetAt);

/// <summary>An agency's inbox, its webhook, and the coordinator's view of deliveries.</summary>
public static class NotificationEndpoints
{
    /// <summary>
    /// Newest first, 200 a page (limit at most 1,000, offset). Optional filters: kind (reminder, overdue, overdue-reminder,
    /// escalation, declined, insisted, chase, extension-requested, extension-granted, extension-refused, transferred) and assignmentId.
    /// </summary>
    [WolverineGet("/api/agencies/{agencyId}/notifications")]
    public static async Task<IResult> Inbox(string agencyId, string? kind, Guid? assignmentId, int? limit, int? offset, ClaimsPrincipal user, IQuerySession session, NotificationPolicy policy, CancellationToken ct)
    {
        if (Caller.From(user) is var caller && !caller.MayRead(agencyId)) return caller.NotYours("This inbox", agencyId);
        if (await UnknownInbox(agencyId, session, policy, ct) is { } unknown) return unknown;
        if (UnknownKind(kind) is { } badKind) return badKind;
        var query = session.Query<Notice>().Where(n => n.Recipient == agencyId);
        if (kind is not null) query = query.Where(n => n.Kind == kind);
        if (assignmentId is { } id) query = query.Where(n => n.AssignmentId == id);
        var notices = await query.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip(Math.Max(offset ?? 0, 0)).Take(Math.Clamp(limit ?? 200, 1, 1000)).ToListAsync(ct);
        return Results.Ok(notices);
    }

    [WolverineGet("/api/agencies/{agencyId}/webhook")]
    public static async Task<IResult> GetWebhook(string agencyId, ClaimsPrincipal user, IQuerySession session, NotificationPolicy policy, CancellationToken ct)
    {
        if (Caller.From(user) is var caller && !caller.MayRead(agencyId)) return caller.NotYours("This webhook", agencyId);
        if (await UnknownInbox(agencyId, session, policy, ct) is { } unknown) return unknown;
        return await session.LoadAsync<AgencyWebhook>(agencyId, ct) is { } hook
            ? Results.Ok(new WebhookView(agencyId, hook.Url, !string.IsNullOrEmpty(hook.Secret), hook.SetAt))
            : Problem(404, "No webhook", $"'{agencyId}' has no webhook; its notices are in its inbox only.");
    }

    /// <summary>
    /// Sets where the agency's notices are pushed: an absolute http(s) URL. With a secret, each POST carries
    /// X-Accountability-Signature: sha256=HMAC(secret, body). Notices from now on are pushed; earlier ones stay in the inbox.
    /// </summary>
    [WolverinePut("/api/agencies/{agencyId}/webhook")]
    public static async Task<IResult> PutWebhook(string agencyId, WebhookRequest? body, ClaimsPrincipal user, IDocumentSession session, NotificationPolicy policy, TimeProvider clock, CancellationToken ct)
    {
        if (MayNotSetWebhook(Caller.From(user), agencyId) is { } refused) return refused;
        if (await UnknownInbox(agencyId, session, policy, ct) is { } unknown) return unknown;
        body = Input.Required(body);
        var address = FreeText.Required("url", body.Url, FreeText.Url, multiline: false).Trim();
        var secret = FreeText.Optional("secret", body.Secret, FreeText.Reference, multiline: false);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return Problem(400, "Not a webhook address", $"'{address}' is not an absolute http:// or https:// URL.");
        if (!policy.AllowPrivateWebhooks && WebhookAddresses.Problem(url) is { } inside)
            return Problem(400, "Not a public webhook address", inside);
        var hook = new AgencyWebhook(agencyId, url.ToString(), string.IsNullOrEmpty(secret) ? null : secret, clock.GetUtcNow());
        session.Store(hook);
        await session.SaveChangesAsync(ct);
        return Results.Ok(new WebhookView(agencyId, hook.Url, hook.Secret is not null, hook.SetAt));
    }

    [WolverineDelete("/api/agencies/{agencyId}/webhook")]
    public static async Task<IResult> DeleteWebhook(string agencyId, ClaimsPrincipal user, IDocumentSession session, NotificationPolicy policy, CancellationToken ct)
    {
        if (MayNotSetWebhook(Caller.From(user), agencyId) is { } refused) return refused;
        if (await UnknownInbox(agencyId, session, policy, ct) is { } unknown) return unknown;
        session.Delete<AgencyWebhook>(agencyId);
        await session.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>
    /// Every notice, for the coordinating office. status=failed lists the notices whose webhook or e-mail was
    /// dead-lettered (all attempts failed, or e-mail not possible: no address), status=pending those still being retried.
    /// </summary>
    [WolverineGet("/api/notifications"), Authorize(Policy = Policies.ReadAll)]
    public static async Task<IResult> List(string? status, string? kind, string? recipient, int? limit, int? offset, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (status is not null && status is not (DeliveryStatus.Pending or DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.NotPossible or DeliveryStatus.Cancelled))
            return Problem(400, "Unknown delivery status", $"'{status}' is not one of pending, delivered, failed, not-possible, cancelled.");
        if (UnknownKind(kind) is { } badKind) return badKind;
        var query = session.Query<Notice>().AsQueryable();
        if (status is not null) query = query.Where(n => (n.Delivery != null && n.Delivery.Status == status) || (n.Email != null && n.Email.Status == status));
        if (kind is not null) query = query.Where(n => n.Kind == kind);
        if (recipient is not null) query = query.Where(n => n.Recipient == recipient);
        // A provincial coordinator sees the notices of its province's agencies only (docs/agencies.md, jurisdictions).
        if (Caller.From(user).Scope is { } scope)
        {
            var recipients = await session.Query<Agencies.Agency>().Where(a => scope.Contains(a.Jurisdiction)).Select(a => a.Id).ToListAsync(ct);
            query = query.Where(n => recipients.Contains(n.Recipient));
        }
        return Results.Ok(await query.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip(Math.Max(offset ?? 0, 0)).Take(Math.Clamp(limit ?? 200, 1, 1000)).ToListAsync(ct));
    }

    /// <summary>A pending delivery whose next attempt is this late has lost its retry (its message dead-lettered).</summary>
    public static readonly TimeSpan Stuck = TimeSpan.FromHours(1);

    /// <summary>
    /// Sends a dead-lettered or stuck delivery again (webhook, e-mail or both), from a fresh count of attempts, to the
    /// recipient's current webhook and addresses; recorded as NoticeRedelivered. A second click while the first is on
    /// its way is refused (409), not sent twice.
    /// </summary>
    [WolverinePost("/api/notifications/{id}/redeliver"), Authorize(Policy = Policies.Coordinator)]
    public static async Task<IResult> Redeliver(string id, ClaimsPrincipal user, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var notice = await session.LoadAsync<Notice>(id, ct);
        if (notice is null) return Problem(404, "No such notice", $"No notice has id '{id}'.");
        var now = clock.GetUtcNow();
        bool Again(ChannelDelivery? d) => d is { Status: DeliveryStatus.Failed or DeliveryStatus.Cancelled }
            || d is { Status: DeliveryStatus.Pending, NextAttemptAt: { } next } && now - next > Stuck;
        var channels = new[] { NoticeChannel.Webhook, NoticeChannel.Email }.Where(c => Again(notice.On(c))).ToList();
        // E-mail that was not possible (no address) is sent once the directory has an address, with whatever else failed.
        if (notice.Email is { Status: DeliveryStatus.NotPossible } && await EmailNotices.AddressesOf(session, notice.Recipient, ct) is [_, ..])
            channels.Add(NoticeChannel.Email);
        if (channels.Count == 0)
            return Problem(409, "Nothing to redeliver", notice.Delivery is null && notice.Email is null
                ? "This notice was for the inbox only; the recipient had no webhook or e-mail when it was issued."
                : "Its deliveries are delivered or still being tried; only failed or stuck deliveries can be sent again.");
        if (channels.Contains(NoticeChannel.Webhook) && await session.LoadAsync<AgencyWebhook>(notice.Recipient, ct) is null)
            return Problem(409, "No webhook", $"'{notice.Recipient}' has no webhook now; set one with PUT /api/agencies/{notice.Recipient}/webhook first.");
        if (channels.Contains(NoticeChannel.Email) && await EmailNotices.AddressesOf(session, notice.Recipient, ct) is [])
            return Problem(409, "No e-mail address", $"'{notice.Recipient}' has no e-mail address; add one with PUT /api/agencies/{notice.Recipient} first.");
        var by = Caller.From(user).Actor;
        await Outcomes.RecordAsync(session, notice.AssignmentId, channels.Select(c => (object)new NoticeRedelivered(notice.Id, c, by, now)).ToList(), ct);
        foreach (var channel in channels) await bus.PublishAsync(new DeliverNotice(notice.Id, 1, channel));
        await session.SaveChangesAsync(ct);
        return Results.Accepted($"/api/notifications?recipient={notice.Recipient}");
    }

    /// <summary>The office sets any agency's webhook; an agency its own; auditors none.</summary>
    private static IResult? MayNotSetWebhook(Caller caller, string agencyId) =>
        caller.Roles.Contains(Roles.Coordinator) || caller.ActsFor(agencyId)
            ? null
            : caller.Roles.Contains(Roles.Agency) ? caller.NotYours("This webhook", agencyId)
            : Problem(403, "Not allowed", "Setting a webhook needs the coordinator role, or the agency's own token.");

    private static IResult? UnknownKind(string? kind) => kind is null || NoticeKind.All.Contains(kind)
        ? null
        : Problem(400, "Unknown notice kind", $"'{kind}' is not one of {string.Join(", ", NoticeKind.All)}.");

    /// <summary>An inbox exists for every agency a plan named, and for the coordinating office.</summary>
    private static async Task<IResult?> UnknownInbox(string agencyId, IQuerySession session, NotificationPolicy policy, CancellationToken ct) =>
        agencyId == policy.CoordinatingOffice || await session.LoadAsync<Agency>(agencyId, ct) is not null
            ? null
            : Problem(404, "No such agency", $"No agency has id '{agencyId}'; see GET /api/agencies (the coordinating office's inbox is '{policy.CoordinatingOffice}').");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
