using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Assignments;
using Accountability.Deadlines;
using Marten;
using Wolverine;

namespace Accountability.Notifications;

/// <summary>Deliver one notice on one channel (webhook or email); the attempt number counts towards the dead letter.</summary>
public sealed record DeliverNotice(string NoticeId, int Attempt, string Channel = NoticeChannel.Webhook);

/// <summary>
/// A notice was issued: it is in its inbox already (the projection); this starts its other channels. The webhook
/// when the recipient has one; e-mail when the service has a mail server (Notifications:Smtp:Host), to the
/// directory's addresses (a recipient with none is recorded by the delivery, so the coordinator sees e-mail was not
/// possible). Notices come in storms (every overdue assignment of a half-year on one day), so they are handled in
/// batches of up to <see cref="BatchSize"/>: two round trips (the notices, then their recipients' webhooks and
/// directory entries) for the batch, and nothing written but the deliveries it starts (in one transaction with
/// the batch's inbox entries: the outbox).
/// </summary>
public static class SendNoticeHandler
{
    public const int BatchSize = 100;

    public static async Task<OutgoingMessages> Handle(SendNotice[] commands, IDocumentSession session, SmtpSettings smtp, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var notices = await session.LoadManyAsync<Notice>(ct, commands.Select(c => c.NoticeId).Distinct().ToArray());
        if (notices.Count == 0) return messages;
        var recipients = notices.Select(n => n.Recipient).Distinct().ToArray();
        var batch = session.CreateBatchQuery();
        var hooks = batch.LoadMany<AgencyWebhook>().ById(recipients);
        var agencies = batch.LoadMany<Agencies.Agency>().ById(recipients);
        await batch.Execute(ct);
        var hooked = (await hooks).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var directory = (await agencies).ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var notice in notices)
        {
            if (notice.Delivery is null && hooked.Contains(notice.Recipient))
                messages.Add(new DeliverNotice(notice.Id, 1, NoticeChannel.Webhook));
            // An agency that takes the daily digest gets its deadline notices there, not one e-mail each.
            if (smtp.Enabled && notice.Email is null && !Digest.DailyDigests.Takes(directory.GetValueOrDefault(notice.Recipient), notice.Kind))
                messages.Add(new DeliverNotice(notice.Id, 1, NoticeChannel.Email));
        }
        return messages;
    }
}

/// <summary>
/// Sends a notice on its channel and records the outcome on the assignment's stream. A webhook POST carries the
/// notice id as Idempotency-Key and webhook-id, so a receiver can drop the rare repeat (a crash after the receiver
/// answered but before the outcome was recorded); an e-mail carries it in its Message-ID. A failure is recorded and
/// the next attempt scheduled through the durable outbox in the same transaction; after the last attempt the
/// delivery is dead-lettered (status "failed") and shows up for the coordinator.
/// </summary>
public static class DeliverNoticeHandler
{
    public const string HttpClientName = "webhooks";
    /// <summary>The actor of delivery outcomes: the service's notifications.</summary>
    public const string Actor = "notifications";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<OutgoingMessages> Handle(DeliverNotice command, IDocumentSession session, IHttpClientFactory http, NotificationPolicy policy,
        SmtpSettings smtp, TimeProvider clock, ILogger<DeliverNotice> log, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var notice = await session.LoadAsync<Notice>(command.NoticeId, ct);
        // Delivered or given up already (a replayed message), or re-queued by the coordinator with a newer attempt count.
        if (notice is null || notice.On(command.Channel) is { Status: DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.NotPossible }
            || (notice.On(command.Channel)?.Attempts ?? 0) >= command.Attempt)
            return messages;

        var stream = notice.AssignmentId;
        DeliveryFailure? error;
        if (command.Channel == NoticeChannel.Email)
        {
            var addresses = await EmailNotices.AddressesOf(session, notice.Recipient, ct);
            if (addresses.Count == 0 || !smtp.Enabled)
            {
                await Outcomes.RecordAsync(session, stream, new NoticeDeadLettered(notice.Id, command.Channel, command.Attempt - 1, EmailNotices.NoAddress, Actor, clock.GetUtcNow()), ct);
                return messages;
            }
            error = await EmailNotices.SendAsync(smtp, policy, notice, addresses, await EmailNotices.PlanNumberOf(session, notice.PlanId, ct), ct);
        }
        else
        {
            var hook = await session.LoadAsync<AgencyWebhook>(notice.Recipient, ct);
            if (hook is null)
            {
                await Outcomes.RecordAsync(session, stream, new NoticeDeadLettered(notice.Id, command.Channel, command.Attempt - 1, "the agency removed its webhook", Actor, clock.GetUtcNow()), ct);
                return messages;
            }
            error = await PostAsync(http.CreateClient(HttpClientName), hook, notice, command.Attempt, policy, clock, ct);
        }

        var now = clock.GetUtcNow();
        if (error is null)
        {
            await Outcomes.RecordAsync(session, stream, new NoticeDelivered(notice.Id, command.Channel, command.Attempt, Actor, now), ct);
            return messages;
        }

        if (command.Attempt < policy.WebhookAttempts)
        {
            var wait = policy.WebhookBackoff[command.Attempt - 1];
            await Outcomes.RecordAsync(session, stream, new NoticeDeliveryFailed(notice.Id, command.Channel, command.Attempt, error.Words, now + wait, Actor, now), ct);
            messages.Add(new DeliverNotice(notice.Id, command.Attempt + 1, command.Channel).DelayedFor(wait));
            log.LogWarning("{Channel} for {Recipient} failed (attempt {Attempt} of {Attempts}): {Error}; next try in {Wait}",
                command.Channel, notice.Recipient, command.Attempt, policy.WebhookAttempts, error.Detail, wait);
        }
        else
        {
            await Outcomes.RecordAsync(session, stream, new NoticeDeadLettered(notice.Id, command.Channel, command.Attempt, error.Words, Actor, now), ct);
            log.LogError("{Channel} for {Recipient} failed {Attempts} times; notice {Notice} dead-lettered: {Error}",
                command.Channel, notice.Recipient, command.Attempt, notice.Id, error.Detail);
        }
        return messages;
    }

    /// <summary>
    /// Null when the receiver took it (any 2xx); otherwise what went wrong, in words and in technical detail. Signed as
    /// the Standard Webhooks specification says (<see cref="StandardWebhook"/>) when the agency set a secret.
    /// </summary>
    private static async Task<DeliveryFailure?> PostAsync(HttpClient client, AgencyWebhook hook, Notice notice, int attempt, NotificationPolicy policy,
        TimeProvider clock, CancellationToken ct)
    {
        var timeout = policy.WebhookTimeout;
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(notice, policy.PublicUrl), Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", notice.Id);
        request.Headers.Add("X-Accountability-Attempt", attempt.ToString());
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(StandardWebhook.IdHeader, notice.Id);
        request.Headers.Add(StandardWebhook.TimestampHeader, timestamp.ToString());
        if (!string.IsNullOrEmpty(hook.Secret))
            request.Headers.Add(StandardWebhook.SignatureHeader, StandardWebhook.Sign(hook.Secret, notice.Id, timestamp, body));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, timer.Token);
            return response.IsSuccessStatusCode ? null : DeliveryFailure.Answered((int)response.StatusCode, response.ReasonPhrase);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryFailure.TimedOut(timeout);
        }
        catch (HttpRequestException e)
        {
            return DeliveryFailure.Of(e);
        }
    }
}

/// <summary>Records a delivery outcome on the assignment's stream.</summary>
public static class Outcomes
{
    /// <summary>
    /// Appended under the stream's row lock (taken after the send, held for the commit only): the outcome's append cannot
    /// lose a version race and be retried, which would send the notice again. A concurrent writer waits, or fails its own
    /// version check and is retried (commands and deadline checks are safe to repeat). The lock also gives the event its
    /// version, which the inline snapshot needs.
    /// </summary>
    public static Task RecordAsync(IDocumentSession session, Guid assignmentId, object outcome, CancellationToken ct) =>
        RecordAsync(session, assignmentId, [outcome], ct);

    public static async Task RecordAsync(IDocumentSession session, Guid assignmentId, IReadOnlyList<object> outcomes, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<Assignment>(assignmentId, ct);
        // The stream is gone (a database emptied under a delivery): an outcome must never start a stream of its own.
        if (stream.Aggregate is null) return;
        stream.AppendMany(outcomes);
    }
}

/// <summary>
/// Standard Webhooks (standardwebhooks.com): webhook-id (the notice id, the same on every attempt), webhook-timestamp
/// (Unix seconds of this attempt) and webhook-signature "v1,base64(HMAC-SHA256(secret, id.timestamp.body))". A receiver
/// checks the signature and refuses a timestamp older than a few minutes or an id it has seen: a captured request
/// replayed later fails both. A secret written "whsec_BASE64" is used as those bytes, any other as its UTF-8 bytes.
/// </summary>
public static class StandardWebhook
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string secret, string id, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed));
    }

    public static byte[] KeyOf(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            var encoded = secret["whsec_".Length..];
            var bytes = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, bytes, out var written)) return bytes[..written];
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}

/// <summary>
/// Why a delivery failed, twice: in words an agency may read (what failed, never an address: its inbox must
/// not become a map of the service's network) and in technical detail for the coordinator and the logs.
/// </summary>
public sealed record DeliveryFailure(string Words, string Detail)
{
    public static DeliveryFailure Answered(int status, string? reason) =>
        new($"the receiver answered {status} ({Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)})", $"HTTP {status} {reason}");

    public static DeliveryFailure TimedOut(TimeSpan timeout) =>
        new($"the receiver did not answer within {timeout.TotalSeconds:0.#} s (timed out)", $"no answer within {timeout.TotalSeconds:0.#} s");

    public static DeliveryFailure Of(Exception e)
    {
        var chain = Infrastructure.ExceptionChain.Of(e).ToList();
        var words = chain switch
        {
            _ when chain.Any(x => x is NotPublicAddressException) => "the webhook address is not a public address",
            _ when chain.OfType<System.Net.Sockets.SocketException>().FirstOrDefault() is { } socket => socket.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.ConnectionRefused => "the receiver refused the connection",
                System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData or System.Net.Sockets.SocketError.TryAgain
                    => "the webhook address's name could not be found",
                System.Net.Sockets.SocketError.TimedOut => "the receiver could not be reached (timed out)",
                _ => "the receiver could not be reached",
            },
            _ when chain.Any(x => x is System.Security.Authentication.AuthenticationException) => "the receiver's certificate was not accepted",
            _ => "the receiver could not be reached",
        };
        return new(words, string.Join(" ← ", chain.Select(x => x.Message).Distinct()));
    }
}

/// <summary>The JSON an agency's webhook receives; Link is the assignment at the service's public address (Notifications:PublicUrl).</summary>
public sealed record WebhookPayload(string Id, string Kind, string Recipient, Guid AssignmentId, Guid PlanId, string AgencyId, string Agency, string Task,
    DateOnly? Due, DateOnly? LastDay, int? DaysLeft, int? DaysLate, string Message, DateTimeOffset CreatedAt, string? Link)
{
    public static WebhookPayload From(Notice n, string? publicUrl) =>
        new(n.Id, n.Kind, n.Recipient, n.AssignmentId, n.PlanId, n.AgencyId, n.Agency, n.Task, n.Due, n.LastDay, n.DaysLeft, n.DaysLate, n.Message, n.CreatedAt,
            string.IsNullOrEmpty(publicUrl) ? null : $"{publicUrl.TrimEnd('/')}/api/assignments/{n.AssignmentId}");
}
