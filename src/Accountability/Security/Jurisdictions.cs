using System.Collections.Frozen;
using Accountability.Plans.Agencies;
using Accountability.Plans.Revisions;
using AgencyDoc = Accountability.Agencies.Agency;

namespace Accountability.Security;

/// <summary>
/// Provinces (jurisdictions): who a plan, an assignment and an agency belong to, and what a provincial coordinator
/// sees. A jurisdiction is a province's slug from the reviewed province data (gazetteer.json: "quang-ninh",
/// "kon-tum") or <see cref="Central"/> for ministries and the Government. Stored as a field with indexes on each
/// document, not as Marten tenants (docs/agencies.md says why). Plain rules, tested without a database.
/// </summary>
public static class Jurisdictions
{
    public const string Central = "trung-uong";

    /// <summary>The token claim naming a coordinator's province; absent: the national office.</summary>
    public const string Claim = "jurisdiction";

    /// <summary>Between an agency's name slug and its province in a provincial agency's id: "so-y-te--quang-ninh".</summary>
    public const string IdSeparator = "--";

    /// <summary>Every province's slug (former ones too) → the slugs of the provinces merged into it, itself included.</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> Coverage = BuildCoverage();

    public static IReadOnlyCollection<string> Known => Coverage.Keys;

    public static bool IsKnown(string slug) => slug == Central || Coverage.ContainsKey(slug);

    public static string SlugOf(string provinceName) => AgencyDoc.IdFor(provinceName);

    /// <summary>How a jurisdiction is shown: the province's name ("Quảng Ninh"), or "Trung ương".</summary>
    public static string NameOf(string slug) => slug == Central ? "Trung ương"
        : Gazetteer.Default.Provinces.FirstOrDefault(p => SlugOf(p.Name) == slug)?.Name ?? slug;

    /// <summary>
    /// What a coordinator of this jurisdiction sees: its own, and the former provinces merged into it (Resolution
    /// 202/2025/QH15: a coordinator of the new Quảng Ngãi sees the plans of Quảng Ngãi and Kon Tum before 1/7/2025).
    /// </summary>
    public static IReadOnlySet<string> Covered(string slug) => Coverage.TryGetValue(slug, out var set) ? set : new HashSet<string> { slug };

    /// <summary>
    /// A plan's jurisdiction: the province the reader found in the header (its "tỉnh Quảng Ninh"), else one named in
    /// the issuer ("Ủy ban nhân dân tỉnh Quảng Ninh"), else the central level (a ministry's plan).
    /// </summary>
    public static string OfPlan(string? jurisdiction, string? issuer, DateOnly? issuedOn) =>
        ProvinceIn(jurisdiction, issuedOn) ?? ProvinceIn(issuer, issuedOn) ?? Central;

    public static string OfPlan(PlanHeader header) => OfPlan(header.Jurisdiction, header.Issuer, header.IssuedOn);

    /// <summary>The slug of the province a text names ("tỉnh Quảng Ninh", "UBND Thành phố Hồ Chí Minh"), as it was on that day.</summary>
    public static string? ProvinceIn(string? text, DateOnly? on)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var key = Gazetteer.Key(text);
        foreach (var unit in new[] { "tỉnh ", "thành phố ", "tp. ", "tp.", "tp " })
        {
            var at = key.LastIndexOf(unit, StringComparison.Ordinal);
            if (at < 0) continue;
            // The name may run on into the department under the committee ("…tỉnh quảng ninh sở y tế"): the longest words that name a province.
            var words = key[(at + unit.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var n = Math.Min(words.Length, 4); n >= 1; n--)
            {
                var name = string.Join(' ', words[..n]);
                var province = (on is { } day ? Gazetteer.Default.FindProvince(name, day) : null) ?? Gazetteer.Default.FindProvince(name);
                if (province is not null) return SlugOf(province.Name);
            }
        }
        return Gazetteer.Default.FindProvince(key) is { } bare ? SlugOf(bare.Name) : null;
    }

    /// <summary>A ministry, the Government or another body the gazetteer puts at the central level: one agency for the whole country.</summary>
    public static bool IsCentralBody(string name)
    {
        var key = Gazetteer.Key(name);
        if (key.Contains(" tỉnh", StringComparison.Ordinal) || key.Contains(" thành phố", StringComparison.Ordinal)) return false;
        return Gazetteer.Default.Find(name) is { Level: "central" } || key.StartsWith("bộ ", StringComparison.Ordinal);
    }

    /// <summary>
    /// An agency's id in a jurisdiction: the slug of its name for the central level and for central bodies, with the
    /// province after <see cref="IdSeparator"/> for the others, so "Công an tỉnh" of Quảng Ninh and of Quảng Ngãi
    /// are two agencies with two inboxes.
    /// </summary>
    public static string AgencyIdFor(string name, string jurisdiction) =>
        jurisdiction == Central || IsCentralBody(name) ? AgencyDoc.IdFor(name) : AgencyDoc.IdFor(name) + IdSeparator + jurisdiction;

    /// <summary>The jurisdiction an agency's id carries (central when it carries none).</summary>
    public static string OfAgencyId(string agencyId)
    {
        var at = agencyId.LastIndexOf(IdSeparator, StringComparison.Ordinal);
        return at < 0 ? Central : agencyId[(at + IdSeparator.Length)..];
    }

    /// <summary>The id of another agency in the same jurisdiction as this one (a successor of a Quảng Ninh department is Quảng Ninh's).</summary>
    public static string SameJurisdiction(string agencyId, string otherName) => AgencyIdFor(otherName, OfAgencyId(agencyId));

    /// <summary>A plan's rows with their agencies' ids in the plan's jurisdiction (the reader's ids are slugs of names alone).</summary>
    public static IReadOnlyList<PlanRow> Scope(IReadOnlyList<PlanRow> rows, string jurisdiction) =>
        rows.Select(r => r.AgencyId == AgencyDoc.IdFor(r.Agency) ? r with { AgencyId = AgencyIdFor(r.Agency, jurisdiction) } : r).ToList();

    private static FrozenDictionary<string, FrozenSet<string>> BuildCoverage()
    {
        var provinces = Gazetteer.Default.Provinces;
        var into = new Dictionary<string, HashSet<string>>();
        foreach (var p in provinces)
        {
            var slug = SlugOf(p.Name);
            (into.TryGetValue(slug, out var set) ? set : into[slug] = []).Add(slug);
            foreach (var from in p.FormedFrom ?? []) into[slug].Add(SlugOf(from));
            if (p.MergedInto is { } target) (into.TryGetValue(SlugOf(target), out var t) ? t : into[SlugOf(target)] = []).Add(slug);
        }
        // Mergers chain (Thừa Thiên Huế → Huế): what a province took over includes what those had taken over.
        foreach (var slug in into.Keys.ToList())
        {
            var seen = new HashSet<string>();
            var todo = new Stack<string>([slug]);
            while (todo.TryPop(out var s))
                if (seen.Add(s) && into.TryGetValue(s, out var next)) foreach (var n in next) todo.Push(n);
            into[slug] = seen;
        }
        return into.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet());
    }
}
