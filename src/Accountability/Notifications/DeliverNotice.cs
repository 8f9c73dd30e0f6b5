using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.Deadlines;
using Marten;
using Wolverine;

namespace Accountability.Notifications;

/// <summary>Push one notice to its recipient's webhook; the attempt number counts towards the dead letter.</summary>
public sealed record DeliverNotice(string NoticeId, int Attempt);

/// <summary>
/// HTTP POST of a notice, with the notice id as Idempotency-Key so a receiver can drop the rare repeat (a crash
/// after the receiver answered but before the delivery was recorded). A failure is recorded on the notice and the
/// next attempt is scheduled through the durable outbox in the same transaction; after the last attempt the
/// delivery is dead-lettered (status "failed") and shows up for the coordinator.
/// </summary>
public static class DeliverNoticeHandler
{
    public const string HttpClientName = "webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<OutgoingMessages> Handle(DeliverNotice command, IDocumentSession session, IHttpClientFactory http, NotificationPolicy policy,
        TimeProvider clock, ILogger<DeliverNotice> log, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var notice = await session.LoadAsync<Notice>(command.NoticeId, ct);
        // Delivered already (a replayed message), or re-queued by the coordinator with a newer attempt count.
        if (notice?.Delivery is not { Status: DeliveryStatus.Pending } delivery || delivery.Attempts >= command.Attempt) return messages;

        var hook = await session.LoadAsync<AgencyWebhook>(notice.Recipient, ct);
        if (hook is null)
        {
            session.Store(notice with { Delivery = delivery with { Status = DeliveryStatus.Cancelled, NextAttemptAt = null } });
            return messages;
        }

        var error = await PostAsync(http.CreateClient(HttpClientName), hook, notice, command.Attempt, policy, ct);
        var now = clock.GetUtcNow();
        var attempted = delivery with { Url = hook.Url, Attempts = command.Attempt, LastAttemptAt = now, LastError = error?.Words, LastErrorDetail = error?.Detail };
        if (error is null)
        {
            session.Store(notice with { Delivery = attempted with { Status = DeliveryStatus.Delivered, DeliveredAt = now, NextAttemptAt = null } });
            return messages;
        }

        if (command.Attempt < policy.WebhookAttempts)
        {
            var wait = policy.WebhookBackoff[command.Attempt - 1];
            session.Store(notice with { Delivery = attempted with { NextAttemptAt = now + wait } });
            messages.Add(new DeliverNotice(notice.Id, command.Attempt + 1).DelayedFor(wait));
            log.LogWarning("Webhook for {Recipient} failed (attempt {Attempt} of {Attempts}): {Error}; next try in {Wait}",
                notice.Recipient, command.Attempt, policy.WebhookAttempts, error.Detail, wait);
        }
        else
        {
            session.Store(notice with { Delivery = attempted with { Status = DeliveryStatus.Failed, NextAttemptAt = null } });
            log.LogError("Webhook for {Recipient} failed {Attempts} times; notice {Notice} dead-lettered: {Error}",
                notice.Recipient, command.Attempt, notice.Id, error.Detail);
        }
        return messages;
    }

    /// <summary>Null when the receiver took it (any 2xx); otherwise what went wrong, in words and in technical detail.</summary>
    private static async Task<WebhookFailure?> PostAsync(HttpClient client, AgencyWebhook hook, Notice notice, int attempt, NotificationPolicy policy, CancellationToken ct)
    {
        var timeout = policy.WebhookTimeout;
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.From(notice, policy.PublicUrl), Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Idempotency-Key", notice.Id);
        request.Headers.Add("X-Accountability-Attempt", attempt.ToString());
        if (!string.IsNullOrEmpty(hook.Secret))
            request.Headers.Add("X-Accountability-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hook.Secret), body)));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, timer.Token);
            return response.IsSuccessStatusCode ? null : WebhookFailure.Answered((int)response.StatusCode, response.ReasonPhrase);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return WebhookFailure.TimedOut(timeout);
        }
        catch (HttpRequestException e)
        {
            return WebhookFailure.Of(e);
        }
    }
}

/// <summary>
/// Why a webhook delivery failed, twice: in words an agency may read (what failed, never an address: its inbox must
/// not become a map of the service's network) and in technical detail for the coordinator and the logs.
/// </summary>
public sealed record WebhookFailure(string Words, string Detail)
{
    public static WebhookFailure Answered(int status, string? reason) =>
        new($"the receiver answered {status} ({Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)})", $"HTTP {status} {reason}");

    public static WebhookFailure TimedOut(TimeSpan timeout) =>
        new($"the receiver did not answer within {timeout.TotalSeconds:0.#} s (timed out)", $"no answer within {timeout.TotalSeconds:0.#} s");

    public static WebhookFailure Of(Exception e)
    {
        var chain = new List<Exception>();
        for (var x = e; x is not null; x = x.InnerException) chain.Add(x);
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
