namespace Accountability.Plans.Agencies;

/// <summary>A body the reader knows by name: its official name, its kind, and every spelling offices use for it.</summary>
public sealed record KnownBody(string Name, AgencyKind Kind, IReadOnlyList<string> Spellings);

/// <summary>The bodies the recognizer looks names up in.</summary>
internal static class AgencyCatalog
{
    public static readonly IReadOnlyList<KnownBody> Bodies = Build();

    /// <summary>Province and city names (current and former), for telling a place after a name from the next word.</summary>
    public static readonly IReadOnlyList<string> Places = [];

    public static bool StartsPlace(string text, int pos)
    {
        foreach (var place in Places)
            if (string.CompareOrdinal(text, pos, place, 0, place.Length) == 0 && (pos + place.Length >= text.Length || !char.IsLetter(text[pos + place.Length])))
                return true;
        return false;
    }

    private static List<KnownBody> Build()
    {
        var bodies = new List<KnownBody>();
        foreach (var (name, aliases) in AgencyLexicon.Portfolios)
        {
            var spellings = new[] { name }.Concat(aliases).ToList();
            bodies.Add(new KnownBody("Sở " + name, AgencyKind.Department, spellings.Select(a => "Sở " + a).ToList()));
            bodies.Add(new KnownBody("Bộ " + name, AgencyKind.Ministry, spellings.Select(a => "Bộ " + a).ToList()));
            bodies.Add(new KnownBody("Phòng " + name, AgencyKind.Department, spellings.Select(a => "Phòng " + a).ToList()));
        }
        foreach (var (name, kind, aliases) in AgencyLexicon.Bodies)
            bodies.Add(new KnownBody(name, kind, new[] { name }.Concat(aliases).ToList()));
        return bodies;
    }
}
