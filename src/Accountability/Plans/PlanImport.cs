using System.Security.Cryptography;
using System.Text;
using Accountability.Assignments;
using Accountability.Plans.Revisions;

namespace Accountability.Plans;

/// <summary>
/// Ids and events of an import. Ids are derived from the plan's identity (number and issuer) and each
/// assignment's stable key, so importing the same plan again finds the same streams instead of new ones.
/// </summary>
public static class PlanImport
{
    public static Guid PlanIdOf(ParsedPlan parsed) => PlanIdOf(PlanHeader.From(parsed.Document));

    public static Guid PlanIdOf(PlanHeader d)
    {
        var identity = d.Number is not null ? $"plan|{d.Number}|{d.Issuer}" : $"plan|{d.Title}|{d.IssuedOn:yyyy-MM-dd}|{d.Issuer}";
        return DeterministicGuid(identity);
    }

    public static Guid AssignmentIdOf(Guid planId, string key) => DeterministicGuid($"assignment|{planId}|{key}");

    /// <summary>The assignment a row of a plan starts.</summary>
    public static AssignmentIssued Issue(Guid assignmentId, Guid planId, string? planNumber, DateOnly? planIssuedOn, PlanRow row, string by, DateTimeOffset now) =>
        new(assignmentId, planId, planNumber, row.Section, row.AgencyId, row.Agency, row.Role, row.CoordinatingAgencies, row.Task, row.Due,
            row.DeadlineText, row.Occurrence, row.Tentative, row.Key, by, now, planIssuedOn);

    /// <summary>The assignments a plan issues on its first import, as read (what the benchmarks' baseline writes).</summary>
    public static IReadOnlyList<AssignmentIssued> Issued(ParsedPlan parsed, string by, DateTimeOffset now)
    {
        var planId = PlanIdOf(parsed);
        return parsed.Assignments.Select(PlanRow.From)
            .Select(r => Issue(AssignmentIdOf(planId, r.Key), planId, parsed.Document.Number, parsed.Document.IssuedOn, r, by, now)).ToList();
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
