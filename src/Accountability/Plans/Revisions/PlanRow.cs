using System.Globalization;
using System.Text.Json.Serialization;

namespace Accountability.Plans.Revisions;

/// <summary>
/// One row of a plan: one agency's duty from one block, with at most one date. The reader's rows, a draft's rows
/// and the rows a plan was issued from have this one shape, so a reading, a correction and a revision compare
/// field by field. Enumerations are lower camel case as in the reader's JSON contract ("lead", "yearly",
/// "localGovernment").
/// </summary>
public sealed partial record PlanRow(
    string Key,
    string Agency,
    string AgencyId,
    string? AgencyAsWritten,
    string AgencyKind,
    string Role,
    IReadOnlyList<string> CoordinatingAgencies,
    IReadOnlyList<string> JointWith,
    string Task,
    string Section,
    DateOnly? Due,
    string? DeadlineText,
    string Recurrence,
    string? Occurrence,
    bool Tentative,
    bool Requested,
    string? Product,
    IReadOnlyList<string> Checks)
{
    /// <summary>The agency was not in the directory nor the gazetteer when the office named it, and the office said it is new.</summary>
    public bool NewAgency { get; init; }

    public static readonly IReadOnlyList<string> Roles = ["lead", "support"];
    public static readonly IReadOnlyList<string> Recurrences = Enum.GetNames<Recurrence>().Select(Camel).ToList();

    public static PlanRow From(PlanAssignment a) => new(
        a.Key, a.Agency, global::Accountability.Agencies.Agency.IdFor(a.Agency), a.AgencyAsWritten, Camel(a.AgencyKind.ToString()),
        a.Role == AssignmentRole.Lead ? "lead" : "support", a.CoordinatingAgencies, a.JointWith, a.Task, a.Section, a.Due,
        a.DeadlineText, Camel(a.Recurrence.ToString()), a.Occurrence, a.Tentative, a.Requested, a.Product, a.Checks);

    /// <summary>
    /// What the row says about the duty, without the reader's doubts (checks) or the spelling it found: two readings
    /// whose rows have the same terms are the same reading. Lists compare by content, not by reference.
    /// </summary>
    [JsonIgnore]
    public string Terms => string.Join('\u001f', Key, AgencyId, Role, string.Join('\u001e', CoordinatingAgencies), Task.Trim(), Section,
        Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", DeadlineText ?? "", Occurrence ?? "", Tentative ? "t" : "");

    /// <summary>
    /// The task as compared when rows are matched: its numbers masked too, so a duty whose text carries its own
    /// date ("…, hoàn thành trước ngày 30/6/2027") is still the same duty when the date moves.
    /// </summary>
    [JsonIgnore]
    public string TaskKey => Numbers().Replace(NormalTask(Task), "#");

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+(?:[/.\-]\d+)*")]
    private static partial System.Text.RegularExpressions.Regex Numbers();

    public static string NormalTask(string task) =>
        string.Join(' ', task.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ';', ',', ' ').ToLowerInvariant();

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The plan's identity and period as printed in its header (the reader's, or as the office corrected it).</summary>
public sealed record PlanHeader(
    string? Number,
    string? Issuer,
    DateOnly? IssuedOn,
    string? Title,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    string? ReportsTo,
    string? Jurisdiction,
    string? Supersedes,
    string? Kind,
    PlanCited? Implements)
{
    public static PlanHeader From(PlanDocument d) => new(d.Number, d.Issuer, d.IssuedOn, d.Title, d.PeriodFrom, d.PeriodTo, d.ReportsTo,
        d.Jurisdiction, d.Supersedes, d.Kind, d.Implements is { } i ? new PlanCited(i.Number, i.IssuedOn, i.Issuer) : null);

    /// <summary>The fields an office can correct, by name, as text (dates as yyyy-MM-dd): what a correction records.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Field, string? Value)> Fields =>
    [
        ("number", Number), ("issuer", Issuer), ("issuedOn", Date(IssuedOn)), ("title", Title), ("periodFrom", Date(PeriodFrom)),
        ("periodTo", Date(PeriodTo)), ("reportsTo", ReportsTo), ("jurisdiction", Jurisdiction), ("supersedes", Supersedes), ("kind", Kind),
    ];

    /// <summary>The fields that differ between two headers, as changes from this one to the other.</summary>
    public IReadOnlyList<FieldChange> ChangesTo(PlanHeader other) =>
        Fields.Zip(other.Fields).Where(p => p.First.Value != p.Second.Value).Select(p => new FieldChange(p.First.Field, p.First.Value, p.Second.Value)).ToList();

    public static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Another plan as a plan cites it ("Thực hiện Kế hoạch số 206/KH-UBND…").</summary>
public sealed record PlanCited(string Number, DateOnly? IssuedOn, string? Issuer);

/// <summary>A sentence the reader saw and did not turn into a duty, and why: what a clerk checks by hand.</summary>
public sealed record UnreadItem(string Section, string Text, string Why);

/// <summary>One field of a row or of the header, as it was and as it became (dates as yyyy-MM-dd, lists joined by "; ").</summary>
public sealed record FieldChange(string Field, string? Before, string? After);
