using Accountability.Plans.Agencies;

namespace Accountability.Agencies.Successions;

/// <summary>One agency that takes over some (topics) or the rest (the default) of an ended agency's duties.</summary>
public sealed record SuccessorAgency(string AgencyId, string Agency, IReadOnlyList<string> Topics);

/// <summary>
/// Who carries on an agency's pending duties from a day (Resolution 190/2025/QH15: the receiving agency continues the
/// work of the one it absorbed). Id is the ended agency's id. Origin "national": built from the reviewed table
/// (succession.json); "office": entered or corrected by the coordinating office (PUT /api/agencies/{id}/succession).
/// </summary>
public sealed record AgencySuccession(
    string Id,
    string From,
    DateOnly EffectiveOn,
    IReadOnlyList<SuccessorAgency> Successors,
    string DefaultId,
    string Default,
    string Basis,
    string Origin)
{
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// Decides where a duty goes when its agency's succession takes effect. Plain rules: no database, no clock.
/// </summary>
public static class SuccessionRules
{
    public const string National = "national";
    public const string Office = "office";

    /// <summary>
    /// The successor for one duty: the one whose longest topic is in the task's text; failing that, in the plan's title
    /// (a plan on "phòng, chống mại dâm" is about social evils even where a duty's own words are general); else the default.
    /// </summary>
    public static SuccessorAgency SuccessorFor(AgencySuccession s, string task, string? planTitle)
    {
        foreach (var text in new[] { task, planTitle ?? "" })
        {
            var folded = " " + Gazetteer.Key(text) + " ";
            var best = s.Successors
                .SelectMany(x => x.Topics.Select(t => (Successor: x, Topic: Gazetteer.Key(t))))
                .Where(x => x.Topic.Length > 0 && ContainsWords(folded, x.Topic))
                .OrderByDescending(x => x.Topic.Length)
                .Select(x => x.Successor)
                .FirstOrDefault();
            if (best is not null) return best;
        }
        return s.Successors.FirstOrDefault(x => x.AgencyId == s.DefaultId) ?? new SuccessorAgency(s.DefaultId, s.Default, []);
    }

    /// <summary>
    /// Whether a duty moves under this succession by <paramref name="today"/>: it must be open, held by the ended agency,
    /// issued before the succession took effect (a plan of 2026 that names "Sở Nội vụ" means today's Sở Nội vụ), and the
    /// succession must be in force. Null when it stays; otherwise the successor.
    /// </summary>
    public static SuccessorAgency? Moves(AgencySuccession s, Assignments.Assignment a, string? planTitle, DateOnly today)
    {
        if (a.IsClosed || a.AgencyId != s.Id || s.EffectiveOn > today || a.EffectiveFrom >= s.EffectiveOn) return null;
        var to = SuccessorFor(s, a.Task, planTitle);
        return to.AgencyId == a.AgencyId ? null : to;
    }

    /// <summary>
    /// The topic as whole words. A hyphen joins words here: "lao động" in "Bộ Lao động - Thương binh và Xã hội" (keyed
    /// "lao động-thương binh…") is an agency's name, not a duty about labour.
    /// </summary>
    private static bool ContainsWords(string text, string topic)
    {
        for (var i = text.IndexOf(topic, StringComparison.Ordinal); i >= 0; i = text.IndexOf(topic, i + 1, StringComparison.Ordinal))
        {
            var after = i + topic.Length < text.Length ? text[i + topic.Length] : ' ';
            if (!Joins(text[i - 1]) && !Joins(after)) return true;
        }
        return false;
    }

    private static bool Joins(char c) => char.IsLetterOrDigit(c) || c == '-';
}

/// <summary>
/// The reviewed national table (src/Accountability.Plans/Agencies/Data/succession.json) in the directory's terms: ids
/// and the names plans use. Only bodies: a province's merger moves no duty between agencies.
/// </summary>
public static class NationalSuccessions
{
    private const string DistrictCommittee = "Ủy ban nhân dân cấp huyện";
    private const string Communes = "Ủy ban nhân dân các xã, phường";

    /// <summary>The gazetteer's level-names as a plan addresses the bodies ("Ủy ban nhân dân cấp xã" → "…các xã, phường").</summary>
    private static readonly Dictionary<string, string> AsPlansWriteThem = new()
    {
        ["Ủy ban nhân dân cấp xã"] = Communes,
        ["Hội đồng nhân dân cấp xã"] = "Hội đồng nhân dân các xã, phường",
    };

    /// <summary>The national succession of the agency of this id and name, or null.</summary>
    public static AgencySuccession? For(string agencyId, string agencyName)
    {
        var gazetteer = Gazetteer.Default;
        var entry = gazetteer.SuccessionsFrom(agencyName).Where(s => s.Subject == "body").OrderBy(s => s.EffectiveOn).FirstOrDefault();
        if (entry is not null) return From(agencyId, agencyName, entry, gazetteer);
        return DistrictPlace(agencyName) is { } place && gazetteer.SuccessionsFrom(DistrictCommittee).FirstOrDefault() is { } district
            ? From(agencyId, agencyName, district, gazetteer) with
            {
                // A named district's duties pass to the communes and wards of its former area, not to every commune of the province.
                Successors = [new SuccessorAgency(Security.Jurisdictions.SameJurisdiction(agencyId, AreaCommunes(place)), AreaCommunes(place), [])],
                DefaultId = Security.Jurisdictions.SameJurisdiction(agencyId, AreaCommunes(place)),
                Default = AreaCommunes(place),
            }
            : null;
    }

    /// <summary>"Ủy ban nhân dân các xã, phường trên địa bàn Hạ Long (cũ)": who holds a former district's duties.</summary>
    public static string AreaCommunes(string place) => $"{Communes} trên địa bàn {place} (cũ)";

    /// <summary>
    /// The place of a named district-level committee ("Ủy ban nhân dân Hạ Long", "Ủy ban nhân dân huyện Tiên Yên"): a
    /// committee named by a place that is neither a province, nor a commune, nor a level. Until 1/7/2025 a provincial
    /// plan addressed committees by place at the district level only; the reader keeps the place as the plan wrote it.
    /// </summary>
    public static string? DistrictPlace(string agencyName)
    {
        const string head = "Ủy ban nhân dân ";
        var key = Gazetteer.Key(agencyName);
        if (!key.StartsWith(Gazetteer.Key(head), StringComparison.Ordinal)) return null;
        var place = agencyName.Trim()[head.Length..].Trim();
        var placeKey = Gazetteer.Key(place);
        string[] notDistricts = ["tỉnh", "cấp", "các", "xã", "phường", "thị trấn", "đặc khu", "mặt trận", "nhân dân"];
        if (place.Length == 0 || notDistricts.Any(w => placeKey == w || placeKey.StartsWith(w + " ", StringComparison.Ordinal))) return null;
        var bare = placeKey.StartsWith("thành phố ", StringComparison.Ordinal) ? place["thành phố ".Length..] : place;
        return Gazetteer.Default.FindProvince(bare) is null && Gazetteer.Default.FindProvince(place) is null ? place : null;
    }

    private static AgencySuccession From(string agencyId, string agencyName, Plans.Agencies.Succession s, Gazetteer gazetteer)
    {
        var successors = s.Successors
            .Select(x => new SuccessorAgency(Security.Jurisdictions.SameJurisdiction(agencyId, PlanName(x.To, s.Level)), PlanName(x.To, s.Level), x.Topics))
            .ToList();
        var defaultName = PlanName(s.Default, s.Level);
        var bases = s.Successors.Select(x => x.Basis).Prepend(s.Basis).OfType<string>().Distinct();
        var basis = string.Join("; ", bases.Select(b => gazetteer.Sources.TryGetValue(b, out var src) ? $"{b}: {src.Title}" : b));
        return new AgencySuccession(agencyId, agencyName, s.EffectiveOn, successors, Security.Jurisdictions.SameJurisdiction(agencyId, defaultName), defaultName, basis, SuccessionRules.National);
    }

    /// <summary>The name a plan of that level gives a successor: a scoped stem is completed ("Công an" → "Công an tỉnh").</summary>
    private static string PlanName(string name, string level)
    {
        if (AsPlansWriteThem.TryGetValue(name, out var written)) return written;
        return Gazetteer.Default.Find(name) is { Scoped: true } && level == "province" ? $"{name} tỉnh" : name;
    }
}
