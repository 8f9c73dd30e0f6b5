using Accountability.Assignments;
using Accountability.Time;

namespace Accountability.Scorecards;

/// <summary>A due date and the day it came into force (the issue, or the day an extension was recorded).</summary>
public sealed record DueInForce(DateOnly Since, DateOnly? Due);

/// <summary>
/// One assignment as the scorecards count it: who holds it, the due dates it had and when, and the facts the
/// four boxes are decided from. Folded from the assignment's events (an inline snapshot, so it is current in
/// the same transaction; and the same fold, over the events up to a moment, gives the state as of then).
/// Nothing here reads a clock or a calendar: on time and overdue are decided when a scorecard is read.
/// </summary>
public sealed record ScorecardEntry(
    Guid Id,
    Guid PlanId,
    string? PlanNumber,
    string AgencyId,
    string Agency,
    DateOnly? Due,
    IReadOnlyList<DueInForce> Dues,
    DateTimeOffset HeldSince,
    DateTimeOffset? RespondedAt,
    DateOnly? LastReportOn,
    DateOnly? CompletedOn,
    DateOnly? DueAtCompletion,
    bool Backdated,
    bool Withdrawn)
{
    /// <summary>The agency that held the duty before a succession moved it here (null: held as issued or reassigned).</summary>
    public string? TransferredFrom { get; init; }

    /// <summary>The plan's province (Security/Jurisdictions): a provincial coordinator's scorecards count its own.</summary>
    public string? Jurisdiction { get; init; }

    public static ScorecardEntry Create(AssignmentIssued e) =>
        new(e.AssignmentId, e.PlanId, e.PlanNumber, e.AgencyId, e.Agency, e.Due, [new DueInForce(DateOnly.MinValue, e.Due)],
            e.IssuedAt, null, null, null, null, false, false) { Jurisdiction = e.JurisdictionOrAgencys };

    // The agency's first answer of any kind shows it received the duty.
    public ScorecardEntry Apply(AssignmentAcknowledged e) => this with { RespondedAt = RespondedAt ?? e.At };

    public ScorecardEntry Apply(AssignmentDeclined e) => this with { RespondedAt = RespondedAt ?? e.At };

    public ScorecardEntry Apply(ProgressReported e) =>
        this with { RespondedAt = RespondedAt ?? e.At, LastReportOn = Later(LastReportOn, e.EffectiveOn) };

    public ScorecardEntry Apply(DeadlineExtended e) =>
        this with { Due = e.NewDue, Dues = [.. Dues, new DueInForce(VietnamTime.DateOf(e.At), e.NewDue)] };

    // The duty moves with its whole record to the new agency, whose clock to answer starts now; a merge of two
    // spellings of one agency moves the record and nothing else.
    public ScorecardEntry Apply(AssignmentReassigned e) => e.AgencyMerged
        ? this with { AgencyId = e.ToAgencyId, Agency = e.ToAgency }
        : this with { AgencyId = e.ToAgencyId, Agency = e.ToAgency, HeldSince = e.At, RespondedAt = null, LastReportOn = null };

    // A succession moves the record to the successor, marked as work it took over; its clock to answer starts now.
    public ScorecardEntry Apply(AssignmentTransferred e) =>
        this with { AgencyId = e.ToAgencyId, Agency = e.ToAgency, HeldSince = e.At, RespondedAt = null, TransferredFrom = e.FromAgencyId };

    // A revised plan's new date is in force from the day it was recorded, like an extension.
    public ScorecardEntry Apply(AssignmentRevised e) =>
        e.Due == Due ? this : this with { Due = e.Due, Dues = [.. Dues, new DueInForce(VietnamTime.DateOf(e.At), e.Due)] };

    public ScorecardEntry Apply(AssignmentWithdrawn _) => this with { Withdrawn = true };

    public ScorecardEntry Apply(AssignmentCompleted e) => Completed(e.EffectiveOn, e.At) with { RespondedAt = RespondedAt ?? e.At };

    public ScorecardEntry Apply(CompletionCorrected e) => Completed(e.EffectiveOn, e.At);

    /// <summary>
    /// On time is judged against the due date in force on the day the work took effect: an extension recorded
    /// before then counts, one recorded afterwards does not. A completion recorded after the day it took effect
    /// is backdated; it still counts by its effective date, and the scorecard shows how many there were.
    /// </summary>
    private ScorecardEntry Completed(DateOnly effectiveOn, DateTimeOffset recordedAt) => this with
    {
        CompletedOn = effectiveOn,
        DueAtCompletion = DueOn(effectiveOn),
        Backdated = effectiveOn < VietnamTime.DateOf(recordedAt),
        LastReportOn = Later(LastReportOn, effectiveOn),
    };

    /// <summary>The due date in force on a day: the last one that came into force on or before it.</summary>
    public DateOnly? DueOn(DateOnly day) => Dues.LastOrDefault(d => d.Since <= day)?.Due ?? Dues[0].Due;

    /// <summary>The same fold Marten runs for the snapshot, for folding events read back from a past moment.</summary>
    public static ScorecardEntry? Fold(ScorecardEntry? entry, object data) => (entry, data) switch
    {
        (_, AssignmentIssued e) => Create(e),
        (null, _) => null,
        (_, AssignmentAcknowledged e) => entry.Apply(e),
        (_, AssignmentDeclined e) => entry.Apply(e),
        (_, ProgressReported e) => entry.Apply(e),
        (_, DeadlineExtended e) => entry.Apply(e),
        (_, AssignmentReassigned e) => entry.Apply(e),
        (_, AssignmentTransferred e) => entry.Apply(e),
        (_, AssignmentRevised e) => entry.Apply(e),
        (_, AssignmentWithdrawn e) => entry.Apply(e),
        (_, AssignmentCompleted e) => entry.Apply(e),
        (_, CompletionCorrected e) => entry.Apply(e),
        _ => entry,
    };

    private static DateOnly Later(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
}
