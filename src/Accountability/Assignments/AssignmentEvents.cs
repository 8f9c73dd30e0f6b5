namespace Accountability.Assignments;

// Each fact about an assignment, in the past tense, with who acted and when it was recorded. Where an
// agency reports a past fact, EffectiveOn says when it took effect: a 2021 plan imported today can still
// say "completed on 2021-11-10".

public sealed record AssignmentIssued(
    Guid AssignmentId,
    Guid PlanId,
    string? PlanNumber,
    string Section,
    string AgencyId,
    string Agency,
    string Role,
    IReadOnlyList<string> CoordinatingAgencies,
    string Task,
    DateOnly? Due,
    string? DeadlineText,
    string? Occurrence,
    bool Tentative,
    string SourceKey,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    DateOnly? PlanIssuedOn = null)
{
    /// <summary>The plan's province (or the central level); absent in events written before jurisdictions: the agency id's.</summary>
    public string? Jurisdiction { get; init; }

    public string JurisdictionOrAgencys => Jurisdiction ?? Security.Jurisdictions.OfAgencyId(AgencyId);
}

public sealed record AssignmentAcknowledged(string By, DateTimeOffset At);

/// <summary>Files: the evidence sent with the report, each with its SHA-256 (Assignments/Evidence); null for none.</summary>
public sealed record ProgressReported(int Percent, string? Note, string? ReportReference, DateOnly EffectiveOn, string By, DateTimeOffset At, IReadOnlyList<Evidence.EvidenceFile>? Files = null);

public sealed record DeadlineExtended(DateOnly? PreviousDue, DateOnly NewDue, string Reason, string ApprovedBy, DateTimeOffset At);

/// <summary>
/// The duty moved to another agency. AgencyMerged: not a new holder but the same agency under its one name (the
/// directory folded a duplicate spelling into it), so the duty keeps its state, acknowledgement and clock.
/// </summary>
public sealed record AssignmentReassigned(string FromAgencyId, string ToAgencyId, string ToAgency, string Reason, string By, DateTimeOffset At, bool AgencyMerged = false);

/// <summary>
/// The agency that held the duty ended or handed this field over (the 2025 reorganisation, or a succession a province
/// entered), and the successor carries on the pending work from EffectiveOn (Resolution 190/2025/QH15). Not a
/// reassignment: nobody chose another addressee; Basis names the act that moved it.
/// </summary>
public sealed record AssignmentTransferred(string FromAgencyId, string FromAgency, string ToAgencyId, string ToAgency, string Basis, DateOnly EffectiveOn, string By, DateTimeOffset At);

public sealed record AssignmentWithdrawn(string Reason, string By, DateTimeOffset At);

/// <summary>Files: the evidence files sent with the completion, each with its SHA-256 (Assignments/Evidence); null for none.</summary>
public sealed record AssignmentCompleted(DateOnly EffectiveOn, string? Evidence, string By, DateTimeOffset At, IReadOnlyList<Evidence.EvidenceFile>? Files = null);

/// <summary>A completion recorded wrongly is corrected by its own event; the first record stays in history.</summary>
public sealed record CompletionCorrected(DateOnly EffectiveOn, string? Evidence, string Reason, string By, DateTimeOffset At);

/// <summary>The plan was revised and the duty's wording or due date changed with it (Plans/Revisions).</summary>
public sealed record AssignmentRevised(string PreviousTask, string Task, DateOnly? PreviousDue, DateOnly? Due, string Reason, string By, DateTimeOffset At);

public sealed record AssignmentMarkedOverdue(DateOnly Due, string By, DateTimeOffset At);

/// <summary>The agency says the duty is not its own (wrong addressee, outside its remit), with its reason.</summary>
public sealed record AssignmentDeclined(string Reason, string By, DateTimeOffset At);

/// <summary>The coordinating office keeps the duty with the agency that declined it.</summary>
public sealed record DeclineOverruled(string Reason, string By, DateTimeOffset At);
