using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Accountability.Plans;

/// <summary>The stable JSON contract of <c>accountability parse --json</c>.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Vietnamese stays readable in the output instead of \u-escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(ParsedPlan plan) => JsonSerializer.Serialize(ToContract(plan), Options);

    public static object ToContract(ParsedPlan plan) => new
    {
        document = new
        {
            number = plan.Document.Number,
            issuer = plan.Document.Issuer,
            issuedOn = plan.Document.IssuedOn,
            title = plan.Document.Title,
            periodFrom = plan.Document.PeriodFrom,
            periodTo = plan.Document.PeriodTo,
            reportsTo = plan.Document.ReportsTo,
            jurisdiction = plan.Document.Jurisdiction,
            supersedes = plan.Document.Supersedes,
            kind = plan.Document.Kind,
            implements = plan.Document.Implements is { } i ? new { number = i.Number, issuedOn = i.IssuedOn, issuer = i.Issuer } : null,
        },
        assignments = plan.Assignments.Select(a => new
        {
            key = a.Key,
            agency = a.Agency,
            agencyAsWritten = a.AgencyAsWritten,
            agencyKind = a.AgencyKind,
            role = a.Role,
            coordinatingAgencies = a.CoordinatingAgencies,
            jointWith = a.JointWith,
            task = a.Task,
            section = a.Section,
            due = a.Due,
            deadlineText = a.DeadlineText,
            recurrence = a.Recurrence,
            occurrence = a.Occurrence,
            tentative = a.Tentative,
            requested = a.Requested,
            product = a.Product,
            checks = a.Checks,
        }),
        warnings = plan.Warnings,
        unread = plan.Unread.Select(u => new { section = u.Section, text = u.Text, why = u.Why }),
    };
}
