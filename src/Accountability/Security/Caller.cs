using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace Accountability.Security;

/// <summary>The roles a token can carry (docs/security.md).</summary>
public static class Roles
{
    /// <summary>The coordinating office: imports plans, extends, reassigns, withdraws, insists; reads everything.</summary>
    public const string Coordinator = "coordinator";
    /// <summary>An agency: acknowledges, reports progress, completes, declines its own assignments; reads its own.</summary>
    public const string Agency = "agency";
    /// <summary>Inspectors and auditors: read everything, history, verification and exports; write nothing.</summary>
    public const string Auditor = "auditor";

    public static readonly string[] All = [Coordinator, Agency, Auditor];
}

/// <summary>Authorization policies by name, used on the endpoints.</summary>
public static class Policies
{
    public const string Coordinator = "coordinator";
    public const string Agency = "agency";
    /// <summary>Everything readable by the office and auditors.</summary>
    public const string ReadAll = "read-all";
}

/// <summary>Who is calling, from the validated token: the subject recorded in events, the roles and the agency acted for.</summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, string? AgencyId)
{
    public const string AgencyClaim = "agency";

    public static Caller From(ClaimsPrincipal user)
    {
        var roles = user.FindAll(c => c.Type == user.Identities.FirstOrDefault()?.RoleClaimType || c.Type == "role").Select(c => c.Value).ToHashSet();
        var agency = user.FindFirst(AgencyClaim)?.Value;
        // A token without a subject still names who acted as precisely as it can: its role and agency, never "unknown".
        var subject = user.FindFirst("sub")?.Value is { Length: > 0 } sub ? sub
            : string.Join("+", roles.Order(StringComparer.Ordinal)) + (agency is null ? "" : ":" + agency) is { Length: > 0 } known ? known : "unknown";
        // Only a coordinator's token is narrowed to a province; auditors and agencies are not (docs/agencies.md).
        var jurisdiction = roles.Contains(Security.Roles.Coordinator) && user.FindFirst(Jurisdictions.Claim)?.Value is { Length: > 0 } j ? j : null;
        return new(subject, roles, agency) { Jurisdiction = jurisdiction };
    }

    /// <summary>A provincial coordinator's province (its slug); null for the national office, auditors and agencies.</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>The jurisdictions this caller's lists are narrowed to, in the query; null: no narrowing.</summary>
    public string[]? Scope => Jurisdiction is { } j ? [.. Jurisdictions.Covered(j)] : null;

    /// <summary>Whether something of that jurisdiction is this caller's to see: always, but for a provincial coordinator outside its province.</summary>
    public bool Sees(string? jurisdiction) => Jurisdiction is not { } j || (jurisdiction is not null && Jurisdictions.Covered(j).Contains(jurisdiction));

    /// <summary>The identity written into events as the actor.</summary>
    public string Actor => Subject;

    public bool ReadsAll => Roles.Contains(Security.Roles.Coordinator) || Roles.Contains(Security.Roles.Auditor);

    /// <summary>An agency token acting for this agency.</summary>
    public bool ActsFor(string agencyId) => Roles.Contains(Security.Roles.Agency) && AgencyId == agencyId;

    /// <summary>The office and auditors read every agency; an agency reads its own.</summary>
    public bool MayRead(string agencyId) => ReadsAll || ActsFor(agencyId);

    /// <summary>403 for an agency reaching for another agency's work: says whose it is and whom the token acts for.</summary>
    public IResult NotYours(string what, string ownerId) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Not your agency's",
        Detail = AgencyId is null
            ? $"{what} belongs to '{ownerId}'; your token carries no agency, so it can read only what the coordinator or auditor role allows."
            : $"{what} belongs to '{ownerId}'; your token acts for '{AgencyId}'.",
    });
}
