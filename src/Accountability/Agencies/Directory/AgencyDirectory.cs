using Accountability.Plans;
using Accountability.Plans.Agencies;
using Accountability.Plans.Revisions;
using Marten;

namespace Accountability.Agencies.Directory;

/// <summary>The kinds an agency can be (the reader's), as the directory stores them ("Department", "LocalGovernment").</summary>
public static class AgencyKinds
{
    public static readonly IReadOnlyList<string> All = Enum.GetNames<AgencyKind>();

    /// <summary>The stored form of a kind in any case ("localGovernment" → "LocalGovernment"); unknown kinds are "Other".</summary>
    public static string Stored(string kind) => Enum.TryParse<AgencyKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k.ToString() : nameof(AgencyKind.Other);
}

/// <summary>An agency a name was resolved to: in the directory already, or known to the gazetteer and new to the directory.</summary>
public sealed record ResolvedAgency(string Id, string Name, string Kind, bool InDirectory);

/// <summary>
/// Finds agencies by what a clerk types: an id ("so-y-te"), the name in any spelling that gives the same id, a
/// spelling merged into an agency, or a name the gazetteer knows. A merged spelling leads to the agency it was
/// merged into.
/// </summary>
public static class AgencyDirectory
{
    private const int MaxMergeHops = 10;

    /// <summary>
    /// With a jurisdiction (a province's slug), a name means that province's agency ("Sở Y tế" in Quảng Ninh is
    /// "so-y-te--quang-ninh"); an id is taken as it is.
    /// </summary>
    public static async Task<ResolvedAgency?> ResolveAsync(IQuerySession session, string nameOrId, CancellationToken ct, string? jurisdiction = null)
    {
        var name = string.Join(' ', nameOrId.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0) return null;
        var provincial = jurisdiction is not null && jurisdiction != Security.Jurisdictions.Central;
        string IdOf(string n) => provincial ? Security.Jurisdictions.AgencyIdFor(n, jurisdiction!) : Agency.IdFor(n);
        var found = await session.LoadAsync<Agency>(name, ct) ?? await session.LoadAsync<Agency>(IdOf(name), ct)
            ?? await session.Query<Agency>().Where(a => a.Aliases.Contains(name)).FirstOrDefaultAsync(ct);
        if (found is null && Gazetteer.Default.Find(name) is { } body)
        {
            found = await session.LoadAsync<Agency>(IdOf(body.Name), ct);
            if (found is null) return new ResolvedAgency(IdOf(body.Name), body.Name, AgencyRecognizer.KindOf(body.Name).ToString(), false);
        }
        if (found is null) return null;
        var agency = await FollowAsync(session, found, ct);
        return new ResolvedAgency(agency.Id, agency.Name, agency.Kind, true);
    }

    /// <summary>The agency a merged entry was folded into (itself when not merged).</summary>
    public static async Task<Agency> FollowAsync(IQuerySession session, Agency agency, CancellationToken ct)
    {
        for (var hop = 0; agency.MergedInto is { } into && hop < MaxMergeHops; hop++)
            agency = await session.LoadAsync<Agency>(into, ct) ?? agency;
        return agency;
    }

    /// <summary>
    /// Rows as the directory has their agencies: a row whose agency was merged into another goes to that one,
    /// with a check saying so (the reading itself keeps the name the reader found).
    /// </summary>
    public static async Task<IReadOnlyList<PlanRow>> FollowMergesAsync(IQuerySession session, IReadOnlyList<PlanRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.AgencyId).Distinct().ToArray();
        if (ids.Length == 0) return rows;
        var merged = (await session.LoadManyAsync<Agency>(ct, ids)).Where(a => a.MergedInto is not null).ToList();
        if (merged.Count == 0) return rows;
        var targets = new Dictionary<string, Agency>();
        foreach (var a in merged) targets[a.Id] = await FollowAsync(session, a, ct);
        return rows.Select(r => targets.TryGetValue(r.AgencyId, out var t)
            ? r with { AgencyId = t.Id, Agency = t.Name, Checks = [.. r.Checks, $"'{r.Agency}' was merged into '{t.Name}' in the agency directory"] }
            : r).ToList();
    }
}
