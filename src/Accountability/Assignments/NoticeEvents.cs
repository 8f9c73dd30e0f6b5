namespace Accountability.Assignments;

// "Who was told what, and when" is a fact about the assignment: each notice owed is an event on its stream, and so
// is each delivery outcome, so the hash chain, asOf and the history hold them like any other fact. Inboxes are a
// projection of these events (Notifications/NoticeInbox.cs). By names the actor, as in every event: a person's
// subject, or the service's part that acted ("deadline" for the deadline check, "notifications" for delivery).

/// <summary>What a notice is about; "kind" in every inbox and webhook.</summary>
public static class NoticeKind
{
    public const string Reminder = "reminder";
    public const string Overdue = "overdue";
    public const string OverdueReminder = "overdue-reminder";
    public const string Escalation = "escalation";
    public const string Declined = "declined";
    public const string Insisted = "insisted";
    public const string Chase = "chase";
    public const string ExtensionRequested = "extension-requested";
    public const string ExtensionGranted = "extension-granted";
    public const string ExtensionRefused = "extension-refused";
    /// <summary>A succession moved the duty to this agency (Agencies/Successions).</summary>
    public const string Transferred = "transferred";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Reminder, Overdue, OverdueReminder, Escalation, Declined, Insisted, Chase, ExtensionRequested, ExtensionGranted, ExtensionRefused, Transferred,
    };
}

/// <summary>The ways a notice reaches its recipient: always the inbox; a webhook and e-mail where the recipient has them.</summary>
public static class NoticeChannel
{
    public const string Inbox = "inbox";
    public const string Webhook = "webhook";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Inbox, Webhook, Email];
}

/// <summary>
/// A notice owed to a recipient (the agency, or the coordinating office's inbox) and the words it was told. The id
/// names the occasion, so one occasion never gives two notices (the assignment's own state says which were issued).
/// </summary>
public sealed record NoticeIssued(
    string NoticeId,
    string Kind,
    string Occasion,
    string Recipient,
    IReadOnlyList<string> Channels,
    Guid PlanId,
    string AgencyId,
    string Agency,
    string Task,
    DateOnly? Due,
    DateOnly? LastDay,
    int? DaysLeft,
    int? DaysLate,
    string Message,
    string By,
    DateTimeOffset At,
    string? Note = null);

/// <summary>The recipient's system or mail server took the notice on a channel (webhook, email).</summary>
public sealed record NoticeDelivered(string NoticeId, string Channel, int Attempt, string By, DateTimeOffset At);

/// <summary>An attempt failed, in words anyone may read (never an address); NextAttemptAt when another is coming.</summary>
public sealed record NoticeDeliveryFailed(string NoticeId, string Channel, int Attempt, string Reason, DateTimeOffset? NextAttemptAt, string By, DateTimeOffset At);

/// <summary>
/// The channel gave up on the notice: every attempt failed, or it was not possible at all (Attempts 0: no e-mail
/// address in the directory). The coordinator sees it and can send it again once the cause is fixed.
/// </summary>
public sealed record NoticeDeadLettered(string NoticeId, string Channel, int Attempts, string Reason, string By, DateTimeOffset At);

/// <summary>The coordinator sent a dead-lettered or stuck delivery again, from a fresh count of attempts.</summary>
public sealed record NoticeRedelivered(string NoticeId, string Channel, string By, DateTimeOffset At);

/// <summary>A notice owed on its channels: the message that starts delivery once the NoticeIssued is committed.</summary>
public sealed record SendNotice(Guid AssignmentId, string NoticeId);

/// <summary>A notice issued on this assignment and when: the deadline check and the chase rule decide from these.</summary>
public sealed record NoticeSent(string Id, DateTimeOffset At);

/// <summary>How notices are named and worded wherever they are issued.</summary>
public static class Notices
{
    /// <summary>The id names the occasion (assignment, due date, occasion, recipient): the same occasion never gives a second notice.</summary>
    public static string IdOf(Guid assignmentId, DateOnly? due, string occasion, string recipient) =>
        $"{assignmentId:N}.{due:yyyy-MM-dd}.{occasion}.{recipient}";

    /// <summary>The task as a notice quotes it.</summary>
    public static string Short(string task) => task.Length <= 160 ? task : task[..159].TrimEnd() + "…";

    /// <summary>A notice about a decision on the assignment (a decline, an insistence, a chase, an extension), on every channel.</summary>
    public static NoticeIssued About(Assignment a, string kind, string occasion, string recipient, string message, string by, DateTimeOffset now, string? note = null) =>
        new(IdOf(a.Id, a.Due, occasion, recipient), kind, occasion, recipient, NoticeChannel.All, a.PlanId, a.AgencyId, a.Agency, Short(a.Task), a.Due,
            null, null, null, message, by, now, note);

    /// <summary>The events of a decision and the notice it gives, and the message that starts the notice's delivery.</summary>
    public static (Wolverine.Marten.UpdatedAggregate, Wolverine.Marten.Events, Wolverine.OutgoingMessages) Decided(object decision, NoticeIssued notice, Guid assignmentId) =>
        (new Wolverine.Marten.UpdatedAggregate(), [decision, notice], [new SendNotice(assignmentId, notice.NoticeId)]);
}

/// <summary>The coordinating office's inbox id (Notifications:CoordinatingOffice): declines and escalations go there.</summary>
public sealed record CoordinatingOffice(string Id);
