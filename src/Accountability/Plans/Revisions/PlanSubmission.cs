using Accountability.Infrastructure;
namespace Accountability.Plans.Revisions;

/// <summary>The reader's reading of one document, as produced, with who had it read and when.</summary>
public sealed record PlanReading(
    PlanHeader Document,
    IReadOnlyList<PlanRow> Rows,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<UnreadItem> Unread,
    string Reader,
    string By,
    DateTimeOffset At)
{
    /// <summary>Names the reader in the event, so an auditor can tell one reader's reading from another's.</summary>
    public static readonly string ReaderName = $"Accountability.Plans {typeof(ParsedPlan).Assembly.GetName().Version}";

    /// <summary>
    /// The reader's output as the service keeps it. A task is stored (and repeated in every notice and export) at most
    /// 4,000 characters long, cleaned of control and direction characters (<see cref="FreeText.Cleaned"/>); a longer
    /// one is cut and a warning says so.
    /// </summary>
    public static PlanReading From(ParsedPlan parsed, string by, DateTimeOffset at)
    {
        var warnings = parsed.Warnings.ToList();
        var rows = parsed.Assignments.Select(a =>
        {
            var row = PlanRow.From(a);
            var (task, cut) = FreeText.Cleaned(row.Task, FreeText.Task);
            if (cut) warnings.Add($"The task of {a.Agency} in section {a.Section} is longer than {FreeText.Task:N0} characters; it was cut there. The full text is in the plan.");
            return task == row.Task ? row : row with { Task = task };
        }).ToList();
        var header = PlanHeader.From(parsed.Document);
        // Agencies of a provincial plan are that province's ("Công an tỉnh" of Quảng Ninh is not Quảng Ngãi's).
        return new(header, Security.Jurisdictions.Scope(rows, Security.Jurisdictions.OfPlan(header)), warnings,
            parsed.Unread.Select(u => new UnreadItem(u.Section, u.Text, u.Why)).ToList(), ReaderName, by, at);
    }

    public PlanRead ToEvent(Guid planId, int revision) => new(planId, revision, Document, Rows, Warnings, Unread, Reader, By, At);
}

/// <summary>One decision of the office on a draft: who, when, and what changed.</summary>
public sealed record Correction(string Kind, string? Key, IReadOnlyList<FieldChange> Changes, PlanRow? Row, string By, DateTimeOffset At)
{
    public const string RowCorrected = "row-corrected";
    public const string RowAdded = "row-added";
    public const string RowDropped = "row-dropped";
    public const string DocumentCorrected = "document-corrected";

    public object ToEvent(Guid planId, int revision) => Kind switch
    {
        RowCorrected => new PlanRowCorrected(planId, revision, Key!, Changes, By, At),
        RowAdded => new PlanRowAdded(planId, revision, Row!, By, At),
        RowDropped => new PlanRowDropped(planId, revision, Key!, By, At),
        DocumentCorrected => new PlanDocumentCorrected(planId, revision, Changes, By, At),
        _ => throw new InvalidOperationException($"Unknown correction '{Kind}'."),
    };
}

/// <summary>
/// What is confirmed: the reading as the reader produced it, and the header and rows as the office confirms
/// them, with the corrections that led from one to the other. An import without review confirms the reading as is.
/// </summary>
public sealed record PlanSubmission(PlanReading Reading, PlanHeader Document, IReadOnlyList<PlanRow> Rows, IReadOnlyList<Correction> Corrections)
{
    public static PlanSubmission AsRead(PlanReading reading, IReadOnlyList<PlanRow> rows) => new(reading, reading.Document, rows, []);
}
