using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Tests;

/// <summary>One corpus document's hand reading (Corpus/expected/NN.json; its README gives the rules).</summary>
internal sealed record HandReading(string File, IReadOnlyList<HandAgency> Agencies, IReadOnlyList<HandDeadline> Deadlines, string? Issuer)
{
    public static HandReading Load(string path)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var root = json.RootElement;
        var agencies = root.GetProperty("agencies").EnumerateArray()
            .Select(a => new HandAgency(a.GetProperty("name").GetString()!, a.GetProperty("role").GetString()!,
                a.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.True))
            .ToList();
        var deadlines = root.GetProperty("deadlines").EnumerateArray().Select(d =>
        {
            var dates = new List<DateOnly>();
            if (d.TryGetProperty("due", out var due) && due.ValueKind == JsonValueKind.String) dates.Add(DateOnly.Parse(due.GetString()!, CultureInfo.InvariantCulture));
            if (d.TryGetProperty("dates", out var list) && list.ValueKind == JsonValueKind.Array)
                dates.AddRange(list.EnumerateArray().Select(x => DateOnly.Parse(x.GetString()!, CultureInfo.InvariantCulture)));
            var relative = d.TryGetProperty("relative", out var r) && r.ValueKind == JsonValueKind.True;
            var recurring = d.TryGetProperty("recurrence", out var rec) && rec.ValueKind == JsonValueKind.String;
            return new HandDeadline(d.GetProperty("agency").GetString()!, d.GetProperty("text").GetString()!, dates, relative, recurring);
        }).ToList();
        var issuer = root.TryGetProperty("document", out var doc) && doc.TryGetProperty("issuer", out var i) ? i.GetString() : null;
        return new HandReading(root.GetProperty("file").GetString()!, agencies, deadlines, issuer);
    }
}

internal sealed record HandAgency(string Name, string Role, bool Group);

internal sealed record HandDeadline(string Agency, string Text, IReadOnlyList<DateOnly> Dates, bool Relative, bool Recurring);

/// <summary>How a reading compares with the hand reading of the same document.</summary>
internal sealed record CorpusScore(
    string File,
    int HandAgencies, int FoundAgencies, int ReadAgencies, int CorrectAgencies,
    double DeadlineCredit, int DatedDeadlines,
    IReadOnlyList<string> MissedAgencies, IReadOnlyList<string> ExtraAgencies,
    IReadOnlyList<string> MissedDeadlines, IReadOnlyList<string> DatesNotInHandReading,
    int NotObligations, int NotObligationsInUnread, IReadOnlyList<string> MissingFromUnread)
{
    public double AgencyRecall => HandAgencies == 0 ? 1 : (double)FoundAgencies / HandAgencies;
    public double AgencyPrecision => ReadAgencies == 0 ? 1 : (double)CorrectAgencies / ReadAgencies;
    public double DeadlineRecall => DatedDeadlines == 0 ? 1 : DeadlineCredit / DatedDeadlines;

    /// <summary>Compares a plan's rows with the hand reading: agencies by name (spelling variants and scope words aside), deadlines by agency and date.</summary>
    public static CorpusScore Of(HandReading hand, ParsedPlan plan)
    {
        var place = PlaceOf(hand.Issuer ?? plan.Document.Issuer);
        string N(string name) => AgencyKey(name, place);
        var read = plan.Assignments.Select(a => a.Agency).Distinct().ToList();
        var readKeys = read.ToDictionary(r => r, N);
        var handKeys = hand.Agencies.ToDictionary(a => a.Name, a => N(a.Name));
        bool Same(string handName, string readName) => Matches(handKeys.GetValueOrDefault(handName) ?? N(handName), readKeys.GetValueOrDefault(readName) ?? N(readName));

        var missed = hand.Agencies.Where(h => !read.Any(r => Same(h.Name, r))).Select(h => h.Name).ToList();
        var extra = read.Where(r => !hand.Agencies.Any(h => Same(h.Name, r))).ToList();

        double credit = 0;
        var dated = 0;
        var missedDeadlines = new List<string>();
        var notObligations = 0;
        var inUnread = 0;
        var missingFromUnread = new List<string>();
        var unreadText = string.Join("\n", plan.Unread.Select(u => Squash(u.Text)));
        var taskAndDeadlineText = string.Join("\n", plan.Assignments.Select(a => Squash(a.DeadlineText ?? "")));
        foreach (var d in hand.Deadlines)
        {
            var rows = plan.Assignments.Where(a => a.Due is not null && Same(d.Agency, a.Agency)).Select(a => a.Due!.Value).ToHashSet();
            var found = d.Dates.Count(rows.Contains);
            if (d.Dates.Count > 0)
            {
                dated++;
                credit += (double)found / d.Dates.Count;
                if (found < d.Dates.Count) missedDeadlines.Add($"{d.Agency}: «{d.Text}» {string.Join(",", d.Dates.Where(x => !rows.Contains(x)).Select(x => x.ToString("yyyy-MM-dd")))}");
            }
            // Turned into an obligation: a row of that agency on one of its dates, or any row whose deadline is this phrase.
            var phraseKey = Squash(d.Text);
            var obligation = found > 0 || d.Dates.Count > 0 && plan.Assignments.Any(a => a.Due is not null && a.DeadlineText is not null
                && (Squash(a.DeadlineText).Contains(phraseKey, StringComparison.OrdinalIgnoreCase) || phraseKey.Contains(Squash(a.DeadlineText), StringComparison.OrdinalIgnoreCase)) && d.Dates.Contains(a.Due.Value));
            if (!obligation && (d.Dates.Count > 0 || d.Relative))
            {
                // A deadline that did not become an obligation must be in front of the clerk.
                notObligations++;
                var phrase = Squash(d.Text);
                if (unreadText.Contains(phrase, StringComparison.OrdinalIgnoreCase) || Words(d.Text).Count >= 3 && ContainsWords(unreadText, d.Text)) inUnread++;
                else missingFromUnread.Add($"{d.Agency}: «{d.Text}»");
            }
        }
        var handDates = hand.Deadlines.SelectMany(d => d.Dates).ToHashSet();
        var notInHand = plan.Assignments.Where(a => a.Due is { } due && !handDates.Contains(due))
            .Select(a => $"{a.Due:yyyy-MM-dd} {a.Agency} «{a.DeadlineText}»").Distinct().ToList();
        var correct = read.Count - extra.Count;
        return new CorpusScore(hand.File, hand.Agencies.Count, hand.Agencies.Count - missed.Count, read.Count, correct,
            credit, dated, missed, extra, missedDeadlines, notInHand, notObligations, inUnread, missingFromUnread);
    }

    private static string? PlaceOf(string? issuer)
    {
        if (issuer is null) return null;
        var m = Regex.Match(issuer, @"^Ủy ban nhân dân (?:tỉnh|thành phố|Thành phố) (?<p>.+)$", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups["p"].Value : null;
    }

    /// <summary>A name for comparing: one tone placement, lower case, no punctuation, abbreviations written out, scope words dropped.</summary>
    internal static string AgencyKey(string name, string? place)
    {
        var s = VietnameseText.Fold(AgencyRecognizer.Canonicalize(name.Normalize(NormalizationForm.FormC))).ToLowerInvariant();
        s = Regex.Replace(s, @"\bubnd\b", "ủy ban nhân dân");
        s = Regex.Replace(s, @"\bmttq\b", "mặt trận tổ quốc");
        s = Regex.Replace(s, @"[,.;:()""“”'\-–&/]", " ");
        s = VietnameseText.CollapseSpaces(s).Trim();
        if (s.StartsWith("các ", StringComparison.Ordinal)) s = s[4..];
        if (place is not null)
        {
            var p = VietnameseText.Fold(place).ToLowerInvariant();
            if (s.EndsWith(" " + p, StringComparison.Ordinal)) s = s[..^(p.Length + 1)];
        }
        foreach (var scope in new[] { " tỉnh", " thành phố", " trung ương", " thuộc tỉnh", " việt nam", " trực thuộc trung ương", " trực thuộc" })
            if (s.EndsWith(scope, StringComparison.Ordinal) && s.Length > scope.Length + 6) s = s[..^scope.Length];
        // A class of committees however it is worded: "các xã, phường, đặc khu", "cấp xã", "xã, phường" are the communes'.
        var level = Regex.Match(s, @"^ủy ban nhân dân (?:các |cấp )?(?<l>xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|tỉnh)(?:\s+(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh|trực thuộc|trung ương|các|cấp))*$");
        if (level.Success)
        {
            var l = level.Groups["l"].Value;
            return "ủy ban nhân dân cấp " + (l is "xã" or "phường" or "thị trấn" or "đặc khu" ? "xã" : l is "tỉnh" ? "tỉnh" : "huyện");
        }
        if (Regex.IsMatch(s, @"^(?:sở )?(?:các )?sở ban ngành(?: (?:tỉnh|thành phố|đoàn thể))*$") || s is "sở ngành" or "các sở ngành") return "sở ban ngành";
        return s;
    }

    private static bool Matches(string a, string b) => a == b || a.Length > 8 && b.Length > 8 && (a.StartsWith(b + " ", StringComparison.Ordinal) || b.StartsWith(a + " ", StringComparison.Ordinal)) && Math.Abs(a.Length - b.Length) <= 16;

    private static string Squash(string s) => Regex.Replace(VietnameseText.Fold(s.Normalize(NormalizationForm.FormC)), @"[\s*_]+", "");

    private static List<string> Words(string s) => Regex.Matches(VietnameseText.Fold(s).ToLowerInvariant(), @"[\p{L}\p{N}]+").Select(m => m.Value).ToList();

    private static bool ContainsWords(string squashedHaystack, string phrase) => squashedHaystack.Contains(string.Concat(Words(phrase)), StringComparison.OrdinalIgnoreCase);
}
