namespace Accountability.Plans;

/// <summary>A plan was read and its assignments issued.</summary>
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
    DateTimeOffset ImportedAt);

/// <summary>A later plan replaced this one (HCMC 702/QĐ-UBND replaces 1948/QĐ-UBND).</summary>
public sealed record PlanSuperseded(Guid BySupersedingPlan, string? ByNumber, string By, DateTimeOffset At);

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
    public static Plan Create(PlanImported e) =>
        new(e.PlanId, e.Number, e.Issuer, e.IssuedOn, e.Title, e.PeriodFrom, e.PeriodTo, e.ReportsTo, e.Assignments, e.Warnings, null, 1);

    public Plan Apply(PlanSuperseded e) => this with { SupersededBy = e.BySupersedingPlan, Version = Version + 1 };

    /// <summary>The snapshot's fold, for checking the stored plan against its events.</summary>
    public static Plan? Fold(Plan? p, object data) => (p, data) switch
    {
        (_, PlanImported e) => Create(e),
        (null, _) => null,
        (_, PlanSuperseded e) => p.Apply(e),
        _ => p,
    };
}
