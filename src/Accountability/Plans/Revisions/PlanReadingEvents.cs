namespace Accountability.Plans.Revisions;

// The plan's own stream tells the machine's reading apart from the office's decisions (docs/drafts-and-revisions.md):
// PlanRead is what the reader produced, untouched; each correction the office made in the draft follows as its own
// event with who made it and when (At: when the clerk made it; the event is recorded when the draft is confirmed);
// then PlanImported (the first time) or PlanRevised says what was issued, withdrawn and changed. Every event names
// its actor in By.

/// <summary>The reader read a plan document: its header, rows, warnings and the sentences it could not place, exactly as produced.</summary>
public sealed record PlanRead(
    Guid PlanId,
    int Revision,
    PlanHeader Document,
    IReadOnlyList<PlanRow> Rows,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<UnreadItem> Unread,
    string Reader,
    string By,
    DateTimeOffset At);

/// <summary>The office changed fields of a row (the reader's, or one it added).</summary>
public sealed record PlanRowCorrected(Guid PlanId, int Revision, string Key, IReadOnlyList<FieldChange> Changes, string By, DateTimeOffset At);

/// <summary>The office added a row the reader did not find.</summary>
public sealed record PlanRowAdded(Guid PlanId, int Revision, PlanRow Row, string By, DateTimeOffset At);

/// <summary>The office dropped a row: the reader found a duty that is not one (or a duplicate).</summary>
public sealed record PlanRowDropped(Guid PlanId, int Revision, string Key, string By, DateTimeOffset At);

/// <summary>The office corrected the plan's header (number, issuer, dates, title…).</summary>
public sealed record PlanDocumentCorrected(Guid PlanId, int Revision, IReadOnlyList<FieldChange> Changes, string By, DateTimeOffset At);

/// <summary>Which assignment carries a row of the plan now.</summary>
public sealed record IssuedRow(string Key, Guid AssignmentId);

/// <summary>
/// The plan was revised from a new reading: rows issued, withdrawn (reason "the plan was revised"), changed (a
/// reassignment, a new date or wording) and kept. Rows lists every row and the assignment that carries it now.
/// </summary>
public sealed record PlanRevised(
    Guid PlanId,
    int Revision,
    PlanHeader Document,
    IReadOnlyList<IssuedRow> Rows,
    IReadOnlyList<Guid> Added,
    IReadOnlyList<Guid> Withdrawn,
    IReadOnlyList<Guid> Changed,
    IReadOnlyList<Guid> Unchanged,
    IReadOnlyList<string> Notes,
    string By,
    DateTimeOffset At);
