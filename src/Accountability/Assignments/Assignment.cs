namespace Accountability.Assignments;

public enum AssignmentStatus { Issued, Acknowledged, InProgress, Declined, Completed, Withdrawn }

/// <summary>
/// The state of one assignment, folded from its events. Immutable: each Apply returns a new value, so a
/// handler can never change what it was given.
/// </summary>
public sealed record Assignment(
    Guid Id,
    Guid PlanId,
    string Section,
    string AgencyId,
    string Agency,
    string Task,
    DateOnly? Due,
    AssignmentStatus Status,
    bool Acknowledged,
    int Percent,
    DateOnly? CompletedOn,
    DateOnly? OverdueMarkedFor,
    int Version,
    string? DeclineReason = null,
    DateOnly EffectiveFrom = default,
    IReadOnlyList<NoticeSent>? Notices = null,
    ExtensionRequest? PendingExtension = null)
{
    /// <summary>
    /// The earliest day a reported fact can take effect: the plan's issue date (a 2021 plan imported today can still be
    /// completed "on 10/11/2021"), or the day it was imported when the plan gives none or a later one.
    /// </summary>
    public static DateOnly EffectiveFromOf(AssignmentIssued e)
    {
        var imported = Time.VietnamTime.DateOf(e.IssuedAt);
        return e.PlanIssuedOn is { } issued && issued < imported ? issued : imported;
    }

    /// <summary>
    /// How many of the last events were notices or their deliveries, written in the background after the last
    /// decision. A caller who saw any version since that decision decided on the current state: a reminder arriving
    /// while a form is open does not make it stale (AssignmentRules.Admit).
    /// </summary>
    public int Quiet { get; init; }

    /// <summary>The plan's province, or the central level (Security/Jurisdictions): who may see and act on it.</summary>
    public string? Jurisdiction { get; init; }

    public static Assignment Create(AssignmentIssued e) =>
        new(e.AssignmentId, e.PlanId, e.Section, e.AgencyId, e.Agency, e.Task, e.Due, AssignmentStatus.Issued, false, 0, null, null, 1, null, EffectiveFromOf(e))
        { Jurisdiction = e.JurisdictionOrAgencys };

    public Assignment Apply(AssignmentAcknowledged _) =>
        this with { Acknowledged = true, Status = Status == AssignmentStatus.Issued ? AssignmentStatus.Acknowledged : Status, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(ProgressReported e) =>
        this with { Percent = e.Percent, Status = AssignmentStatus.InProgress, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(DeadlineExtended e) => this with { Due = e.NewDue, OverdueMarkedFor = null, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(AssignmentReassigned e) => e.AgencyMerged
        ? this with { AgencyId = e.ToAgencyId, Agency = e.ToAgency, Version = Version + 1, Quiet = 0 }
        : this with { AgencyId = e.ToAgencyId, Agency = e.ToAgency, Acknowledged = false, Status = AssignmentStatus.Issued, DeclineReason = null, Version = Version + 1, Quiet = 0 };

    // The successor carries on the work as it stands (progress kept) and answers for it afresh: it has not acknowledged it yet.
    public Assignment Apply(AssignmentTransferred e) => this with
    {
        AgencyId = e.ToAgencyId, Agency = e.ToAgency, Acknowledged = false, DeclineReason = null,
        Status = Percent > 0 ? AssignmentStatus.InProgress : AssignmentStatus.Issued, Version = Version + 1, Quiet = 0,
    };

    public Assignment Apply(AssignmentRevised e) =>
        this with { Task = e.Task, Due = e.Due, OverdueMarkedFor = e.Due == Due ? OverdueMarkedFor : null, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(AssignmentDeclined e) => this with { Status = AssignmentStatus.Declined, DeclineReason = e.Reason, Version = Version + 1, Quiet = 0 };

    /// <summary>The coordinator insists: the assignment is back where the agency left it before declining.</summary>
    public Assignment Apply(DeclineOverruled _) => this with
    {
        Status = Percent > 0 ? AssignmentStatus.InProgress : Acknowledged ? AssignmentStatus.Acknowledged : AssignmentStatus.Issued,
        DeclineReason = null,
        Version = Version + 1, Quiet = 0,
    };

    public Assignment Apply(AssignmentWithdrawn _) => this with { Status = AssignmentStatus.Withdrawn, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(AssignmentCompleted e) =>
        this with { Status = AssignmentStatus.Completed, CompletedOn = e.EffectiveOn, Percent = 100, DeclineReason = null, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(CompletionCorrected e) => this with { CompletedOn = e.EffectiveOn, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(AssignmentMarkedOverdue e) => this with { OverdueMarkedFor = e.Due, Version = Version + 1, Quiet = 0 };

    public Assignment Apply(ExtensionRequested e) => this with { PendingExtension = new ExtensionRequest(e.ProposedDue, e.Reason, e.By, e.At), Version = Version + 1, Quiet = 0 };
    public Assignment Apply(ExtensionGranted _) => this with { PendingExtension = null, Version = Version + 1, Quiet = 0 };
    public Assignment Apply(ExtensionRefused _) => this with { PendingExtension = null, Version = Version + 1, Quiet = 0 };

    /// <summary>Notices are part of the record: the assignment keeps which were issued (the deadline check and chases decide from them).</summary>
    public Assignment Apply(NoticeIssued e) => this with { Notices = [.. Notices ?? [], new NoticeSent(e.NoticeId, e.At)], Version = Version + 1, Quiet = Quiet + 1 };

    // Delivery outcomes change nothing the assignment decides from; they are on its stream for the record.
    public Assignment Apply(NoticeDelivered _) => this with { Version = Version + 1, Quiet = Quiet + 1 };
    public Assignment Apply(NoticeDeliveryFailed _) => this with { Version = Version + 1, Quiet = Quiet + 1 };
    public Assignment Apply(NoticeDeadLettered _) => this with { Version = Version + 1, Quiet = Quiet + 1 };
    public Assignment Apply(NoticeRedelivered _) => this with { Version = Version + 1, Quiet = Quiet + 1 };

    /// <summary>When the notice with this id was issued (null: never).</summary>
    public DateTimeOffset? NoticeIssuedAt(string noticeId) => Notices?.FirstOrDefault(n => n.Id == noticeId)?.At;

    public bool IsClosed => Status is AssignmentStatus.Completed or AssignmentStatus.Withdrawn;

    /// <summary>The fold Marten runs for the snapshot, for checking the stored snapshot against the events (GET /api/audit/verify).</summary>
    public static Assignment? Fold(Assignment? a, object data) => (a, data) switch
    {
        (_, AssignmentIssued e) => Create(e),
        (null, _) => null,
        (_, AssignmentAcknowledged e) => a.Apply(e),
        (_, ProgressReported e) => a.Apply(e),
        (_, DeadlineExtended e) => a.Apply(e),
        (_, AssignmentReassigned e) => a.Apply(e),
        (_, AssignmentTransferred e) => a.Apply(e),
        (_, AssignmentDeclined e) => a.Apply(e),
        (_, DeclineOverruled e) => a.Apply(e),
        (_, AssignmentWithdrawn e) => a.Apply(e),
        (_, AssignmentCompleted e) => a.Apply(e),
        (_, CompletionCorrected e) => a.Apply(e),
        (_, AssignmentMarkedOverdue e) => a.Apply(e),
        (_, AssignmentRevised e) => a.Apply(e),
        (_, ExtensionRequested e) => a.Apply(e),
        (_, ExtensionGranted e) => a.Apply(e),
        (_, ExtensionRefused e) => a.Apply(e),
        (_, NoticeIssued e) => a.Apply(e),
        (_, NoticeDelivered e) => a.Apply(e),
        (_, NoticeDeliveryFailed e) => a.Apply(e),
        (_, NoticeDeadLettered e) => a.Apply(e),
        (_, NoticeRedelivered e) => a.Apply(e),
        _ => a,
    };
}
