using System.Security.Cryptography;
using System.Text;
using Accountability.Agencies;
using Accountability.Assignments;
using Accountability.Infrastructure;

namespace Accountability.Plans;

/// <summary>What importing one parsed plan appends: the plan's stream and one stream per assignment.</summary>
public sealed record PlanImportEvents(PlanImported Plan, IReadOnlyList<AssignmentIssued> Assignments, IReadOnlyList<Agency> Agencies);

/// <summary>
/// Turns a parsed plan into events. Ids are derived from the plan's identity (number and issuer) and each
/// assignment's stable key, so importing the same plan again finds the same streams instead of new ones.
/// </summary>
public static class PlanImport
{
    public static Guid PlanIdOf(ParsedPlan parsed)
    {
        var d = parsed.Document;
        var identity = d.Number is not null ? $"plan|{d.Number}|{d.Issuer}" : $"plan|{d.Title}|{d.IssuedOn:yyyy-MM-dd}|{d.Issuer}";
        return DeterministicGuid(identity);
    }

    public static PlanImportEvents Events(ParsedPlan parsed, string by, DateTimeOffset now)
    {
        var planId = PlanIdOf(parsed);
        var d = parsed.Document;
        var warnings = parsed.Warnings.ToList();
        // A task is stored (and repeated in every notice and export) at most 4,000 characters long, cleaned of control
        // and direction characters; a longer one is cut and the import says so.
        string Task(PlanAssignment a)
        {
            var (task, cut) = FreeText.Cleaned(a.Task, FreeText.Task);
            if (cut) warnings.Add($"The task of {a.Agency} in section {a.Section} is longer than {FreeText.Task:N0} characters; it was cut there. The full text is in the plan.");
            return task;
        }
        var issued = parsed.Assignments.Select(a => new AssignmentIssued(
            DeterministicGuid($"assignment|{planId}|{a.Key}"), planId, d.Number, a.Section, Agency.IdFor(a.Agency), a.Agency,
            a.Role == AssignmentRole.Lead ? "lead" : "support", a.CoordinatingAgencies, Task(a), a.Due, a.DeadlineText, a.Occurrence,
            a.Tentative, a.Key, by, now, d.IssuedOn)).ToList();
        var agencies = parsed.Assignments
            .GroupBy(a => Agency.IdFor(a.Agency))
            .Select(g => new Agency(g.Key, g.First().Agency, g.First().AgencyKind.ToString()))
            .ToList();
        var plan = new PlanImported(planId, d.Number, d.Issuer, d.IssuedOn, d.Title, d.PeriodFrom, d.PeriodTo, d.ReportsTo, d.Supersedes,
            issued.Select(i => i.AssignmentId).ToList(), warnings, by, now);
        return new PlanImportEvents(plan, issued, agencies);
    }

    /// <summary>A name-based GUID (RFC 9562 version 8 layout) from SHA-256: same text, same id, on every machine.</summary>
    public static Guid DeterministicGuid(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
