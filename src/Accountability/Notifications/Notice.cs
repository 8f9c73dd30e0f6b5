using Accountability.Assignments;
using Accountability.Deadlines;
using Marten;
using Wolverine;

namespace Accountability.Notifications;

/// <summary>What a notice is about; shown as "kind" in every inbox.</summary>
public static class NoticeKind
{
    public const string Reminder = "reminder";
    public const string Overdue = "overdue";
    public const string OverdueReminder = "overdue-reminder";
    public const string Escalation = "escalation";
    public const string Declined = "declined";
    public const string Insisted = "insisted";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Reminder, Overdue, OverdueReminder, Escalation, Declined, Insisted };

    public static string Of(OccasionKind kind) => kind switch
    {
        OccasionKind.Reminder => Reminder,
        OccasionKind.Overdue => Overdue,
        OccasionKind.Escalation => Escalation,
        _ => OverdueReminder,
    };
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Every attempt failed: dead-lettered, waiting for the coordinator (POST /api/notifications/{id}/redeliver).</summary>
    public const string Failed = "failed";
    /// <summary>The agency removed its webhook before the notice got through.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// The push of a notice to the recipient's webhook, attempt by attempt. LastError says what failed in words anyone
/// may read; LastErrorDetail is the technical detail (addresses included), shown to the coordinator and auditors only.
/// </summary>
public sealed record WebhookDelivery(string Url, string Status, int Attempts, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt, string? LastErrorDetail = null);

/// <summary>
/// One notice in one inbox. The id names the occasion (assignment, due date, occasion, recipient), so the same
/// occasion can never give a second notice: a retried or replayed check finds it already there.
/// </summary>
public sealed record Notice(
    string Id,
    string Recipient,
    string Kind,
    Guid AssignmentId,
    Guid PlanId,
    string AgencyId,
    string Agency,
    string Task,
    DateOnly? Due,
    DateOnly? LastDay,
    int? DaysLeft,
    int? DaysLate,
    string Message,
    DateTimeOffset CreatedAt,
    WebhookDelivery? Delivery)
{
    public static string IdOf(Guid assignmentId, DateOnly? due, string occasion, string recipient) =>
        $"{assignmentId:N}.{due:yyyy-MM-dd}.{occasion}.{recipient}";

    /// <summary>Who is told of a deadline occasion: the coordinating office for an escalation, else the agency.</summary>
    public static string RecipientOf(Occasion occasion, Assignment a, NotificationPolicy policy) =>
        occasion.Kind == OccasionKind.Escalation ? policy.CoordinatingOffice : a.AgencyId;

    /// <summary>The id of the notice a deadline occasion gives.</summary>
    public static string IdFor(Assignment a, DateOnly due, Occasion occasion, NotificationPolicy policy) =>
        IdOf(a.Id, due, occasion.Key, RecipientOf(occasion, a, policy));

    /// <summary>The notice for a deadline occasion, worded for the clerk who reads it.</summary>
    public static Notice ForOccasion(Assignment a, DateOnly due, Occasion occasion, WorkingCalendar calendar, NotificationPolicy policy, DateOnly today, DateTimeOffset now)
    {
        var last = DeadlineRules.LastDay(due, calendar);
        var recipient = RecipientOf(occasion, a, policy);
        var task = Short(a.Task);
        int? left = null, late = null;
        string message;
        switch (occasion.Kind)
        {
            case OccasionKind.Reminder:
                left = last.DayNumber - today.DayNumber;
                message = left > 0
                    ? $"Nhắc hạn: nhiệm vụ “{task}” giao {a.Agency} đến hạn ngày {last:dd/MM/yyyy}, còn {left} ngày."
                    : $"Nhắc hạn: nhiệm vụ “{task}” giao {a.Agency} đến hạn hôm nay, ngày {last:dd/MM/yyyy}.";
                break;
            case OccasionKind.Overdue:
                late = today.DayNumber - last.DayNumber;
                message = $"Quá hạn: nhiệm vụ “{task}” giao {a.Agency} đã quá hạn ngày {last:dd/MM/yyyy} ({late} ngày).";
                break;
            case OccasionKind.OverdueReminder:
                late = today.DayNumber - last.DayNumber;
                message = $"Nhắc lại: nhiệm vụ “{task}” giao {a.Agency} vẫn chưa hoàn thành, quá hạn {late} ngày (hạn {last:dd/MM/yyyy}).";
                break;
            default:
                late = today.DayNumber - last.DayNumber;
                message = $"Báo cáo quá hạn: {a.Agency} chưa hoàn thành nhiệm vụ “{task}”, hạn {last:dd/MM/yyyy}, đã quá {late} ngày.";
                break;
        }
        return new Notice(IdFor(a, due, occasion, policy), recipient, NoticeKind.Of(occasion.Kind), a.Id, a.PlanId, a.AgencyId, a.Agency,
            a.Task, due, last, left, late, message, now, null);
    }

    /// <summary>A notice that is not about a deadline occasion (a decline for the coordinator, an insistence for the agency).</summary>
    public static Notice About(Assignment a, string kind, string occasion, string recipient, string message, DateTimeOffset now) =>
        new(IdOf(a.Id, a.Due, occasion, recipient), recipient, kind, a.Id, a.PlanId, a.AgencyId, a.Agency, a.Task, a.Due, null, null, null, message, now, null);

    public static string Short(string task) => task.Length <= 160 ? task : task[..159].TrimEnd() + "…";
}

/// <summary>Where an agency wants its notices pushed (PUT /api/agencies/{agencyId}/webhook).</summary>
public sealed record AgencyWebhook(string Id, string Url, string? Secret, DateTimeOffset SetAt);

/// <summary>Puts new notices in their inboxes and starts the webhook push for those whose recipient has one.</summary>
public static class Inboxes
{
    /// <summary>One notice about a decision (a decline, an insistence): written now, pushed if the recipient has a webhook.</summary>
    public static async Task<OutgoingMessages> TellAsync(IDocumentSession session, Notice notice, DateTimeOffset now, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        await DeliverAsync(session, [notice], messages, now, ct);
        return messages;
    }

    /// <summary>
    /// Inserts (never overwrites) the notices: a notice already there means this occasion was handled, and a
    /// second writer racing on the same id fails its insert and is retried against the stored one.
    /// </summary>
    public static async Task<int> DeliverAsync(IDocumentSession session, IReadOnlyList<Notice> notices, OutgoingMessages messages, DateTimeOffset now, CancellationToken ct)
    {
        if (notices.Count == 0) return 0;
        var webhooks = (await session.LoadManyAsync<AgencyWebhook>(ct, notices.Select(n => n.Recipient).Distinct().ToArray())).ToDictionary(w => w.Id);
        foreach (var notice in notices)
        {
            var hook = webhooks.GetValueOrDefault(notice.Recipient);
            session.Insert(hook is null ? notice : notice with { Delivery = new WebhookDelivery(hook.Url, DeliveryStatus.Pending, 0, null, null, now, null) });
            if (hook is not null) messages.Add(new DeliverNotice(notice.Id, 1));
        }
        return notices.Count;
    }
}
