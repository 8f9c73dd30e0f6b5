using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accountability.Plans.Agencies;

/// <summary>
/// The country's agencies and provincial units as reviewed data (Agencies/Data/gazetteer.json) and who took over
/// from the ones that ended in the 2025 reorganisation (Agencies/Data/succession.json). Both files are embedded
/// resources, loaded once. Lookups are by exact name or alias after <see cref="Key"/>; finding names in running
/// text is left to the reader built on top of this.
/// </summary>
public sealed class Gazetteer
{
    public static readonly IReadOnlyList<string> Kinds =
        ["ministry", "department", "localGovernment", "front", "massOrganisation", "judicial", "press", "other"];
    public static readonly IReadOnlyList<string> Levels = ["central", "province", "district", "commune"];
    public static readonly IReadOnlyList<string> Units = ["tỉnh", "thành phố"];

    private static readonly Lazy<Gazetteer> Shared = new(Load);

    /// <summary>The embedded data, loaded on first use.</summary>
    public static Gazetteer Default => Shared.Value;

    private readonly Dictionary<string, List<Body>> _bodies;
    private readonly Dictionary<string, List<Province>> _provinces;

    public IReadOnlyList<Body> Bodies { get; }
    public IReadOnlyList<Province> Provinces { get; }
    public IReadOnlyList<Succession> Successions { get; }

    /// <summary>The sources cited by either file, by id.</summary>
    public IReadOnlyDictionary<string, Source> Sources { get; }

    private Gazetteer(GazetteerFile gazetteer, SuccessionFile succession)
    {
        Bodies = gazetteer.Bodies;
        Provinces = gazetteer.Provinces;
        Successions = succession.Successions;
        var sources = new Dictionary<string, Source>(gazetteer.Sources);
        foreach (var (id, source) in succession.Sources)
            if (!sources.TryAdd(id, source) && sources[id].Title != source.Title)
                throw new InvalidDataException($"Source '{id}' has two different titles in gazetteer.json and succession.json.");
        Sources = sources;
        _bodies = Index(Bodies, b => b.Names);
        _provinces = Index(Provinces, p => p.Names);
    }

    /// <summary>The body with this name or alias: the one still in force, else the one that ended last.</summary>
    public Body? Find(string name) => Latest(Lookup(_bodies, name));

    /// <summary>The body with this name or alias that was in force on that day, or null.</summary>
    public Body? Find(string name, DateOnly on) => Lookup(_bodies, name).FirstOrDefault(b => b.InForceOn(on));

    /// <summary>True when a body has this name or alias, in force or not.</summary>
    public bool IsKnown(string name) => Lookup(_bodies, name).Count > 0;

    /// <summary>The provincial unit with this name or alias: the one still in force, else the one that ended last.</summary>
    public Province? FindProvince(string name) => Latest(Lookup(_provinces, name));

    /// <summary>The provincial unit with this name or alias that existed on that day, or null.</summary>
    public Province? FindProvince(string name, DateOnly on) => Lookup(_provinces, name).FirstOrDefault(p => p.InForceOn(on));

    /// <summary>The successions whose <see cref="Succession.From"/> is this name (or an alias of the same body).</summary>
    public IEnumerable<Succession> SuccessionsFrom(string name)
    {
        var keys = Lookup(_bodies, name).SelectMany(b => b.Names).Append(name).Select(Key).ToHashSet();
        return Successions.Where(s => keys.Contains(Key(s.From)));
    }

    /// <summary>
    /// The lookup form of a name: NFC, old tone placement folded to the new one ("Uỷ" → "Ủy", "hoá" → "hóa"), dashes
    /// to hyphens, no spaces around "-", "&amp;", "," or ".", single spaces elsewhere, lower case.
    /// </summary>
    public static string Key(string name)
    {
        var folded = VietnameseText.Fold(name.Normalize(NormalizationForm.FormC));
        var sb = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = sb.Length > 0; continue; }
            var tight = c is '-' or '&' or ',' or '.';
            if (pendingSpace && !tight && sb[^1] is not ('-' or '&' or ',' or '.')) sb.Append(' ');
            pendingSpace = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    public static Gazetteer Load()
    {
        var gazetteer = Read<GazetteerFile>("gazetteer.json");
        var succession = Read<SuccessionFile>("succession.json");
        return new Gazetteer(gazetteer, succession);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    private static T Read<T>(string file)
    {
        var resource = "Accountability.Plans.Agencies.Data." + file;
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{file} is empty.");
    }

    private static Dictionary<string, List<T>> Index<T>(IEnumerable<T> entries, Func<T, IEnumerable<string>> names)
    {
        var index = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var entry in entries)
            foreach (var key in names(entry).Select(Key).Distinct())
                (index.TryGetValue(key, out var list) ? list : index[key] = []).Add(entry);
        return index;
    }

    private static IReadOnlyList<T> Lookup<T>(Dictionary<string, List<T>> index, string name) =>
        index.TryGetValue(Key(name), out var list) ? list : [];

    private static T? Latest<T>(IReadOnlyList<T> candidates) where T : class, IInForce =>
        candidates.OrderBy(c => c.Until ?? DateOnly.MaxValue).LastOrDefault();

    private sealed record GazetteerFile(
        string About, Dictionary<string, Source> Sources, List<Body> Bodies, List<Province> Provinces);

    private sealed record SuccessionFile(string About, Dictionary<string, Source> Sources, List<Succession> Successions);
}

public interface IInForce
{
    DateOnly? Since { get; }
    DateOnly? Until { get; }
}

internal static class InForce
{
    /// <summary>Since is the first day in force, Until the first day no longer in force.</summary>
    public static bool On(IInForce entry, DateOnly day) =>
        (entry.Since is not { } since || since <= day) && (entry.Until is not { } until || day < until);
}

/// <summary>A legal act, or a real plan that addresses a body by its name (<c>kind: usage</c>).</summary>
public sealed record Source
{
    public required string Title { get; init; }
    public required string? Url { get; init; }
    public string? AlsoAt { get; init; }
    public string? Issued { get; init; }
    public string? Effective { get; init; }
    public string? Until { get; init; }
    public string? Kind { get; init; }
    public string? File { get; init; }
    public string? Note { get; init; }
}

/// <summary>An agency, office or organisation that plans address.</summary>
public sealed record Body : IInForce
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Level { get; init; }

    /// <summary>Completed by a level or place in plans: "Công an" → "Công an tỉnh", "Công an xã".</summary>
    public bool Scoped { get; init; }

    public required IReadOnlyList<string> Aliases { get; init; }
    public required DateOnly? Since { get; init; }
    public required DateOnly? Until { get; init; }

    /// <summary>The body it belongs to, by name ("Cục Thuế" → "Bộ Tài chính").</summary>
    public string? PartOf { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }
    public string? Note { get; init; }

    public IEnumerable<string> Names => Aliases.Prepend(Name);
    public bool InForceOn(DateOnly day) => InForce.On(this, day);
}

/// <summary>A provincial unit: a tỉnh or a centrally-run thành phố.</summary>
public sealed record Province : IInForce
{
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    public required DateOnly? Since { get; init; }
    public required DateOnly? Until { get; init; }

    /// <summary>For a unit formed by a merger, the units it was formed from (its own former self included).</summary>
    public IReadOnlyList<string>? FormedFrom { get; init; }

    /// <summary>For a former unit, the unit that took it over.</summary>
    public string? MergedInto { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }
    public string? Note { get; init; }

    public IEnumerable<string> Names => Aliases.Prepend(Name);
    public bool InForceOn(DateOnly day) => InForce.On(this, day);
}

/// <summary>Who took over from a body (or a province) that ended, or that handed some duties over.</summary>
public sealed record Succession
{
    public required string From { get; init; }

    /// <summary>"body" or "province": which list of the gazetteer the names belong to.</summary>
    public required string Subject { get; init; }

    public required string Level { get; init; }
    public required DateOnly EffectiveOn { get; init; }
    public required string Basis { get; init; }

    /// <summary>Takes every duty no topic matches.</summary>
    public required string Default { get; init; }

    public required IReadOnlyList<Successor> Successors { get; init; }
    public string? Note { get; init; }

    /// <summary>
    /// The successor for a task: the one with the longest topic found in the task's text (compared as <see cref="Gazetteer.Key"/>,
    /// whole words), else <see cref="Default"/>.
    /// </summary>
    public string SuccessorFor(string taskText)
    {
        var text = " " + Gazetteer.Key(taskText) + " ";
        return Successors
            .SelectMany(s => s.Topics.Select(t => (s.To, Topic: Gazetteer.Key(t))))
            .Where(x => Contains(text, x.Topic))
            .OrderByDescending(x => x.Topic.Length)
            .Select(x => x.To)
            .FirstOrDefault() ?? Default;
    }

    private static bool Contains(string text, string topic)
    {
        for (var i = text.IndexOf(topic, StringComparison.Ordinal); i >= 0; i = text.IndexOf(topic, i + 1, StringComparison.Ordinal))
        {
            var before = text[i - 1];
            var after = i + topic.Length < text.Length ? text[i + topic.Length] : ' ';
            if (!char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after)) return true;
        }
        return false;
    }
}

public sealed record Successor
{
    public required string To { get; init; }
    public required IReadOnlyList<string> Topics { get; init; }
    public string? Basis { get; init; }
}
