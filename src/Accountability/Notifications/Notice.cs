using Accountability.Assignments;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Accountability.Notifications;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Every attempt failed, or the channel was not possible: dead-lettered, for the coordinator (POST /api/notifications/{id}/redeliver).</summary>
    public const string Failed = "failed";
    /// <summary>The channel was not possible at all (no e-mail address in the directory); sent again once one is added.</summary>
    public const string NotPossible = "not-possible";
    /// <summary>Kept for old notices: the agency removed its webhook before the notice got through (now recorded as failed with that reason).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// The delivery of a notice on one channel, attempt by attempt, as its events say. LastError says what failed in
/// words anyone may read; the technical detail (addresses) is in the service's log only.
/// </summary>
public sealed record ChannelDelivery(string Status, int Attempts, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>
/// One notice in one inbox: a projection of the NoticeIssued event and its delivery outcomes on the assignment's
/// stream (<see cref="NoticeInbox"/>). Delivery is the webhook's, Email the e-mail's (null: not tried on that channel).
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
    ChannelDelivery? Delivery,
    ChannelDelivery? Email = null,
    string? Occasion = null,
    string? Note = null,
    string? By = null)
{
    public ChannelDelivery? On(string channel) => channel == NoticeChannel.Email ? Email : Delivery;

    public Notice With(string channel, ChannelDelivery delivery) => channel == NoticeChannel.Email ? this with { Email = delivery } : this with { Delivery = delivery };
}

/// <summary>Where an agency wants its notices pushed (PUT /api/agencies/{agencyId}/webhook).</summary>
public sealed record AgencyWebhook(string Id, string Url, string? Secret, DateTimeOffset SetAt);

/// <summary>
/// Inboxes as a projection of the notice events, kept in the same transaction as the events (inline): a notice
/// is in its inbox the moment it is issued, and a delivery's state is what its events say.
/// </summary>
public sealed partial class NoticeInbox : MultiStreamProjection<Notice, string>
{
    public NoticeInbox()
    {
        Identity<NoticeIssued>(e => e.NoticeId);
        Identity<NoticeDelivered>(e => e.NoticeId);
        Identity<NoticeDeliveryFailed>(e => e.NoticeId);
        Identity<NoticeDeadLettered>(e => e.NoticeId);
        Identity<NoticeRedelivered>(e => e.NoticeId);
    }

    public override Notice? Evolve(Notice? snapshot, string id, IEvent e) => Fold(snapshot, e.StreamId, e.Data);

    /// <summary>The fold itself, over events read back too (the read-model check); the stream is the assignment's.</summary>
    public static Notice? Fold(Notice? n, Guid assignmentId, object data) => (n, data) switch
    {
        (_, NoticeIssued e) => new Notice(e.NoticeId, e.Recipient, e.Kind, assignmentId, e.PlanId, e.AgencyId, e.Agency, e.Task, e.Due, e.LastDay, e.DaysLeft,
            e.DaysLate, e.Message, e.At, null, null, e.Occasion, e.Note, e.By),
        (null, _) => null,
        (_, NoticeDelivered e) => n.With(e.Channel, new ChannelDelivery(DeliveryStatus.Delivered, e.Attempt, n.On(e.Channel)?.LastError, e.At, null, e.At)),
        (_, NoticeDeliveryFailed e) => n.With(e.Channel, new ChannelDelivery(DeliveryStatus.Pending, e.Attempt, e.Reason, e.At, e.NextAttemptAt, null)),
        (_, NoticeDeadLettered e) => n.With(e.Channel, new ChannelDelivery(e.Attempts == 0 ? DeliveryStatus.NotPossible : DeliveryStatus.Failed, e.Attempts, e.Reason, n.On(e.Channel)?.LastAttemptAt ?? e.At, null, null)),
        (_, NoticeRedelivered e) => n.With(e.Channel, (n.On(e.Channel) ?? new ChannelDelivery(DeliveryStatus.Pending, 0, null, null, null, null))
            with { Status = DeliveryStatus.Pending, Attempts = 0, NextAttemptAt = e.At }),
        _ => n,
    };
}
