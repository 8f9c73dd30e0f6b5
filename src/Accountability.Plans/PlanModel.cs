namespace Accountability.Plans;

/// <summary>Everything read from one plan: who must do what, by when, and what the reader had to assume.</summary>
public sealed record ParsedPlan(
    PlanDocument Document,
    IReadOnlyList<PlanAssignment> Assignments,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Sentences of the assignment and reporting parts that hold a deadline word, a date or an agency name and did
    /// not become part of any assignment: what a clerk must check by hand.
    /// </summary>
    public IReadOnlyList<UnreadText> Unread { get; init; } = [];
}

/// <summary>A sentence the reader saw but did not turn into an obligation, and why.</summary>
public sealed record UnreadText(string Section, string Text, string Why);

/// <summary>The plan's identity as printed in its header.</summary>
public sealed record PlanDocument(
    string? Number,
    string? Issuer,
    DateOnly? IssuedOn,
    string? Title,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    string? ReportsTo,
    string? Jurisdiction,
    string? Supersedes)
{
    /// <summary>The document's kind as printed ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHỈ THỊ"…), when the header names it.</summary>
    public string? Kind { get; init; }

    /// <summary>The plan this one carries out ("Thực hiện Kế hoạch số 206/KH-UBND ngày 22/10/2021 của UBND tỉnh…").</summary>
    public PlanReference? Implements { get; init; }
}

/// <summary>Another plan, as a plan cites it: its number, date and issuer when given.</summary>
public sealed record PlanReference(string Number, DateOnly? IssuedOn, string? Issuer);

public enum AssignmentRole { Lead, Support }

public enum Recurrence { None, Yearly, Semiannual, Quarterly, Monthly }

/// <summary>
/// One duty of one agency from one block of the plan, with at most one due date.
/// A recurring deadline yields one of these per occurrence.
/// </summary>
public sealed record PlanAssignment(
    string Key,
    string Agency,
    string AgencyAsWritten,
    AgencyKind AgencyKind,
    AssignmentRole Role,
    IReadOnlyList<string> CoordinatingAgencies,
    IReadOnlyList<string> JointWith,
    string Task,
    string Section,
    DateOnly? Due,
    string? DeadlineText,
    Recurrence Recurrence,
    string? Occurrence,
    bool Tentative,
    bool Requested)
{
    /// <summary>What is uncertain about this row: an agency not in the gazetteer, a deadline from a default, a name possibly cut.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>The product or result the task must deliver ("Sản phẩm", "Kết quả"), when the plan names one.</summary>
    public string? Product { get; init; }
}

/// <summary>What sort of body an agency is; decides who a general "các sở, ngành…" sentence addresses.</summary>
public enum AgencyKind
{
    Department,
    Ministry,
    LocalGovernment,
    Front,
    MassOrganisation,
    Judicial,
    Press,
    Other,
}

/// <summary>A document that cannot be read as a plan. The message is one line a clerk can act on.</summary>
public class PlanReadException(string message) : Exception(message);

/// <summary>
/// A document refused because reading it would pass a safety limit (a decompression bomb, too many pages, too many
/// assignments or obligations): the service answers 413. The message names the limit.
/// </summary>
public sealed class PlanTooLargeException(string message) : PlanReadException(message);

/// <summary>Limits that keep the reader's work and its answer bounded by the input (docs/security.md).</summary>
public static class PlanLimits
{
    public const int MaxAssignments = 5000;
    public const int MaxObligationsPerDuty = 200;
}
