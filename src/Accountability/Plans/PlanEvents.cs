using Accountability.Plans.Revisions;

namespace Accountability.Plans;

/// <summary>
/// A plan was read and its assignments issued. Rows says which assignment carries which row (absent in streams
/// written before plans could be revised: there the assignment's SourceKey says it).
/// </summary>
public sealed record PlanImported(
    Guid PlanId,
    string? Number,
    string? Issuer,
    DateOnly? IssuedOn,
    string? Title,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    string? ReportsTo,
    string? Supersedes,
    IReadOnlyList<Guid> Assignments,
    IReadOnlyList<string> Warnings,
    string ImportedBy,
    DateTimeOffset ImportedAt,
    IReadOnlyList<IssuedRow>? Rows = null)
{
    /// <summary>The plan's province or the central level (Security/Jurisdictions); absent before jurisdictions: taken from the issuer.</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>The plan this one carries out, as cited, so a parent imported later finds it (Plans/Cascade).</summary>
    public PlanCited? Implements { get; init; }
}

/// <summary>A later plan replaced this one (HCMC 702/QĐ-UBND replaces 1948/QĐ-UBND).</summary>
public sealed record PlanSuperseded(Guid BySupersedingPlan, string? ByNumber, string By, DateTimeOffset At);

/// <summary>
/// This plan carries out another ("Thực hiện Kế hoạch số 206/KH-UBND…"): a layer under it. ParentAssignmentId is the
/// parent's duty this plan answered (its issuer's "xây dựng kế hoạch… gửi… trước ngày…"), when one was found.
/// </summary>
public sealed record PlanImplements(Guid ParentPlanId, string? ParentNumber, Guid? ParentAssignmentId, string By, DateTimeOffset At);

/// <summary>The plan as the office sees it: identity, period and its assignments.</summary>
public sealed record Plan(
    Guid Id,
    string? Number,
    string? Issuer,
    DateOnly? IssuedOn,
    string? Title,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    string? ReportsTo,
    IReadOnlyList<Guid> Assignments,
    IReadOnlyList<string> Warnings,
    Guid? SupersededBy,
    int Version)
{
    /// <summary>1 when first imported, one more for each revision (Plans/Revisions).</summary>
    public int Revision { get; init; } = 1;

    public string? Supersedes { get; init; }

    /// <summary>The plan this one carries out, and the parent's duty it answered (the cascade, Plans/Cascade).</summary>
    public Guid? ParentPlanId { get; init; }

    public Guid? ParentAssignmentId { get; init; }

    /// <summary>The plan's province, or the central level (Security/Jurisdictions).</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>The number and date of the plan this one cites as carrying out, kept until that plan is here (Plans/Cascade).</summary>
    public string? ImplementsNumber { get; init; }

    public DateOnly? ImplementsIssuedOn { get; init; }

    // The reading and the office's corrections that come before PlanImported in the stream are not applied
    // here: the plan exists once it is issued, with the header as the office confirmed it.
    public static Plan Create(PlanImported e) =>
        new(e.PlanId, e.Number, e.Issuer, e.IssuedOn, e.Title, e.PeriodFrom, e.PeriodTo, e.ReportsTo, e.Assignments, e.Warnings, null, 1)
        {
            Supersedes = e.Supersedes,
            Jurisdiction = e.Jurisdiction ?? Security.Jurisdictions.OfPlan(null, e.Issuer, e.IssuedOn),
            ImplementsNumber = e.Implements?.Number,
            ImplementsIssuedOn = e.Implements?.IssuedOn,
        };

    public Plan Apply(PlanSuperseded e) => this with { SupersededBy = e.BySupersedingPlan, Version = Version + 1 };

    public Plan Apply(PlanImplements e) => this with { ParentPlanId = e.ParentPlanId, ParentAssignmentId = e.ParentAssignmentId, Version = Version + 1 };

    public Plan Apply(PlanRevised e) => this with
    {
        Number = e.Document.Number, Issuer = e.Document.Issuer, IssuedOn = e.Document.IssuedOn, Title = e.Document.Title,
        PeriodFrom = e.Document.PeriodFrom, PeriodTo = e.Document.PeriodTo, ReportsTo = e.Document.ReportsTo, Supersedes = e.Document.Supersedes,
        Assignments = [.. Assignments, .. e.Added], Revision = e.Revision, Version = Version + 1,
    };

    /// <summary>The header as the plan has it now (the parts a revision compares).</summary>
    public PlanHeader Header(PlanHeader reading) =>
        reading with { Number = Number, Issuer = Issuer, IssuedOn = IssuedOn, Title = Title, PeriodFrom = PeriodFrom, PeriodTo = PeriodTo, ReportsTo = ReportsTo, Supersedes = Supersedes };

    /// <summary>The snapshot's fold, for checking the stored plan against its events.</summary>
    public static Plan? Fold(Plan? p, object data) => (p, data) switch
    {
        (_, PlanImported e) => Create(e),
        (null, _) => null,
        (_, PlanSuperseded e) => p.Apply(e),
        (_, PlanRevised e) => p.Apply(e),
        (_, PlanImplements e) => p.Apply(e),
        _ => p,
    };
}
