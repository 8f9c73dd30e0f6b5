namespace Accountability.Plans;

/// <summary>Everything read from one plan: who must do what, by when, and what the reader had to assume.</summary>
public sealed record ParsedPlan(
    PlanDocument Document,
    IReadOnlyList<PlanAssignment> Assignments,
    IReadOnlyList<string> Warnings);

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
    string? Supersedes);

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
    bool Requested);

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
public sealed class PlanReadException(string message) : Exception(message);
