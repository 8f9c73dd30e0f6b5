namespace Accountability.Plans.Agencies;

/// <summary>A body the reader knows by name: its official name, its kind, and every spelling offices use for it.</summary>
public sealed record KnownBody(string Name, AgencyKind Kind, IReadOnlyList<string> Spellings);

/// <summary>
/// The bodies the recognizer looks names up in: the reviewed gazetteer (Agencies/Data/gazetteer.json), and the
/// portfolio names every level shares (a province's "Sở Y tế", a district's "Phòng Y tế", a ministry's "Bộ Y tế")
/// with the short forms offices write for them.
/// </summary>
internal static class AgencyCatalog
{
    public static readonly IReadOnlyList<KnownBody> Bodies = Build();

    /// <summary>Province and city names (current and former, with their aliases), for telling a place after a name from the next word.</summary>
    public static readonly IReadOnlyList<string> Places = Gazetteer.Default.Provinces
        .SelectMany(p => p.Names).Select(VietnameseText.Fold).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).ToList();

    public static bool StartsPlace(string text, int pos)
    {
        foreach (var place in Places)
            if (string.CompareOrdinal(text, pos, place, 0, place.Length) == 0 && (pos + place.Length >= text.Length || !char.IsLetter(text[pos + place.Length])))
                return true;
        return false;
    }

    public static AgencyKind KindOf(string kind) => kind switch
    {
        "ministry" => AgencyKind.Ministry,
        "department" => AgencyKind.Department,
        "localGovernment" => AgencyKind.LocalGovernment,
        "front" => AgencyKind.Front,
        "massOrganisation" => AgencyKind.MassOrganisation,
        "judicial" => AgencyKind.Judicial,
        "press" => AgencyKind.Press,
        _ => AgencyKind.Other,
    };

    private static List<KnownBody> Build()
    {
        var bodies = new Dictionary<string, KnownBody>(StringComparer.Ordinal);
        foreach (var body in Gazetteer.Default.Bodies)
        {
            if (bodies.TryGetValue(body.Name, out var existing))
                bodies[body.Name] = existing with { Spellings = existing.Spellings.Concat(body.Names).Distinct().ToList() };
            else bodies[body.Name] = new KnownBody(body.Name, KindOf(body.Kind), body.Names.ToList());
        }
        void Add(string name, AgencyKind kind, IEnumerable<string> spellings)
        {
            if (bodies.TryGetValue(name, out var existing))
                bodies[name] = existing with { Spellings = existing.Spellings.Concat(spellings).Distinct().ToList() };
            else bodies[name] = new KnownBody(name, kind, spellings.ToList());
        }
        foreach (var (name, aliases) in AgencyLexicon.Portfolios)
        {
            var spellings = new[] { name }.Concat(aliases).ToList();
            Add("Sở " + name, AgencyKind.Department, spellings.Select(a => "Sở " + a));
            Add("Bộ " + name, AgencyKind.Ministry, spellings.Select(a => "Bộ " + a));
            Add("Phòng " + name, AgencyKind.Department, spellings.Select(a => "Phòng " + a));
        }
        foreach (var (name, kind, aliases) in AgencyLexicon.Bodies)
            Add(name, kind, new[] { name }.Concat(aliases));
        return [.. bodies.Values];
    }
}
