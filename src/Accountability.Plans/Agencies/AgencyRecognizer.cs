using System.Text.RegularExpressions;

namespace Accountability.Plans.Agencies;

/// <summary>An agency named in the text, as written and in its one canonical spelling.</summary>
public sealed record AgencyMention(
    string AsWritten,
    string Canonical,
    AgencyKind Kind,
    bool IsGroup,
    bool IsGeneric,
    int Start,
    int End)
{
    /// <summary>Found in the gazetteer (by name or a known spelling), not only read by its pattern.</summary>
    public bool Known { get; init; }

    /// <summary>The gazetteer's name of the body, when it is known: the same body however the plan spells it.</summary>
    public string? Body { get; init; }
}

/// <summary>
/// Finds agency names in running Vietnamese text: where a name starts (a head word such as "Sở", "Công an",
/// "Ủy ban nhân dân", or a known abbreviation), where it ends (punctuation, another agency, or the verb
/// that opens its duty), and how a list of them is separated ("," ";" "và") without splitting a comma
/// that belongs to one name ("Sở Văn hóa, Thể thao và Du lịch", "các huyện, thị xã, thành phố").
/// </summary>
public static partial class AgencyRecognizer
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;
    private const string Sep = @"[\s,\-&]*";
    private const string WordEnd = @"(?![\p{L}\p{N}])";

    /// <param name="KeepsWording">The spelling is another wording, not an abbreviation ("Ủy ban nhân dân các xã, phường"
    /// for "Ủy ban nhân dân cấp xã"): the text's own words stay as the name, the body is still known.</param>
    private sealed record LexiconEntry(string Canonical, AgencyKind Kind, Regex Pattern, string FirstWord, bool KeepsWording);

    private static readonly LexiconEntry[] Lexicon = BuildLexicon();
    /// <summary>Entries by the first word of their spelling (lower case): a name is looked up, not scanned for.</summary>
    private static readonly Dictionary<string, LexiconEntry[]> ByFirstWord = Lexicon
        .GroupBy(e => e.FirstWord, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private static IEnumerable<LexiconEntry> Candidates(string folded, int pos)
    {
        var m = WordPattern().Match(folded, pos);
        if (!m.Success || m.Index != pos) return [];
        var word = m.Value;
        var amp = word.IndexOf('&');
        if (amp > 0) word = word[..amp];
        return ByFirstWord.TryGetValue(word.ToLowerInvariant(), out var entries) ? entries : [];
    }
    private static readonly Regex HeadPattern = new(
        @"\G(?:" + string.Join('|', AgencyLexicon.Heads.OrderByDescending(h => h.Length).Select(Regex.Escape)) + ")" + WordEnd,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex GroupHeadPattern = new(
        @"\G[Cc]ác\s+(?:" + string.Join('|', AgencyLexicon.GroupHeads.OrderByDescending(h => h.Length).Select(Regex.Escape)) + ")" + WordEnd,
        Options | RegexOptions.Compiled);
    private static readonly Regex DutyStartPattern = new(
        @"\G(?:" + string.Join('|', AgencyLexicon.DutyStarts.OrderByDescending(h => h.Length).Select(Regex.Escape)) + ")" + WordEnd,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly (Regex Pattern, string Replacement)[] Spellings = BuildSpellings();

    [GeneratedRegex(@"\G[\p{L}\p{N}&']+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [ThreadStatic] private static string? _lastText;
    [ThreadStatic] private static string? _lastFolded;

    /// <summary>The folded text, folded once however many names are read from it (reading stays linear in its length).</summary>
    private static string Folded(string text)
    {
        if (!ReferenceEquals(text, _lastText))
        {
            _lastFolded = VietnameseText.Fold(text);
            _lastText = text;
        }
        return _lastFolded!;
    }

    /// <summary>Reads a list of agencies that starts at <paramref name="start"/>; returns them and where the list ends.</summary>
    public static (IReadOnlyList<AgencyMention> Mentions, int End) ReadList(string text, int start = 0)
    {
        var folded = Folded(text);
        var mentions = new List<AgencyMention>();
        var pos = start;
        var end = start;
        while (true)
        {
            var mention = ReadOne(text, folded, pos);
            if (mention is null) break;
            mentions.Add(mention);
            end = mention.End;
            var next = SkipSeparator(folded, mention.End);
            // "Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh và tỉnh Quảng Ninh": each place shares the committee.
            while (next < 0 && NamedPlace().IsMatch(mention.Canonical) && NextPlace(text, folded, mention.End) is { } place)
            {
                mentions.Add(mention = place);
                end = place.End;
                next = SkipSeparator(folded, place.End);
            }
            if (next < 0) break;
            pos = next;
        }
        return (ShareScope(mentions), end);
    }

    [GeneratedRegex(@"\G(?:tỉnh|thành phố|Thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceAfterList();

    /// <summary>The next place of a list of committees (after a comma or "và"), read as its People's Committee.</summary>
    private static AgencyMention? NextPlace(string text, string folded, int from)
    {
        var p = SkipSpaces(folded, from);
        if (p < folded.Length && folded[p] == ',') p = SkipSpaces(folded, p + 1);
        else if (!folded.AsSpan(p).StartsWith("và ")) return null;
        if (folded.AsSpan(p).StartsWith("và ")) p = SkipSpaces(folded, p + 3);
        var m = PlaceAfterList().Match(text, p);
        if (!m.Success) return null;
        // Read on a copy without losing the folded text cached for the caller's (reading stays linear).
        var (lastText, lastFolded) = (_lastText, _lastFolded);
        var committee = ReadOne("Ủy ban nhân dân " + m.Value, 0);
        (_lastText, _lastFolded) = (lastText, lastFolded);
        if (committee is null || !NamedPlace().IsMatch(committee.Canonical)) return null;
        return committee with { AsWritten = m.Value, Start = p, End = p + m.Length };
    }

    /// <summary>
    /// "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh": the closing "tỉnh" belongs to both.
    /// Only for bodies that always carry a level (front, mass organisations, courts, procuracy).
    /// </summary>
    private static List<AgencyMention> ShareScope(List<AgencyMention> mentions)
    {
        var result = mentions.ToList();
        for (var i = result.Count - 2; i >= 0; i--)
        {
            var m = result[i];
            // "Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương": the council of the same places.
            if (m.Canonical == "Hội đồng nhân dân" && result[i + 1].Canonical.StartsWith("Ủy ban nhân dân ", StringComparison.Ordinal))
            {
                result[i] = m with { Canonical = "Hội đồng nhân dân " + result[i + 1].Canonical["Ủy ban nhân dân ".Length..], IsGroup = result[i + 1].IsGroup };
                continue;
            }
            var scope = ScopeOf(result[i + 1].Canonical);
            if (scope is null || m.IsGroup || m.Kind is not (AgencyKind.Front or AgencyKind.MassOrganisation or AgencyKind.Judicial) || ScopeOf(m.Canonical) is not null
                || m.Canonical.StartsWith("Tỉnh ", StringComparison.Ordinal) || m.Canonical.StartsWith("Thành Đoàn", StringComparison.Ordinal))
                continue;
            result[i] = m with { Canonical = m.Canonical + " " + scope };
        }
        return result;
    }

    private static string? ScopeOf(string canonical) =>
        ScopeWords.FirstOrDefault(w => canonical.EndsWith(" " + w, StringComparison.Ordinal));

    /// <summary>Reads one agency name starting exactly at <paramref name="start"/> (spaces skipped), or null.</summary>
    public static AgencyMention? ReadOne(string text, int start) => ReadOne(text, Folded(text), start);

    [GeneratedRegex(@"(\p{Lu}\p{Ll}{1,6}) \1 (?=\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex DoubledHead();

    /// <summary>
    /// True when a known name starts in <paramref name="text"/> between <paramref name="from"/> and <paramref name="cut"/>
    /// and runs on past <paramref name="cut"/>: the line break at <paramref name="cut"/> split an agency's name.
    /// </summary>
    public static bool EndsInsideName(string text, int cut, int from)
    {
        // Only a name that holds a dash of its own ("Lao động - Thương binh và Xã hội") continues on a line that opens with one.
        var folded = Folded(text);
        var window = folded[Math.Max(0, from)..Math.Min(folded.Length, cut + 60)];
        var offset = Math.Max(0, from);
        foreach (var pattern in DashedNames)
            foreach (Match m in pattern.Matches(window))
                if (offset + m.Index < cut && offset + m.Index + m.Length > cut + 1) return true;
        return SplitKnownName(text, cut, from);
    }

    /// <summary>
    /// "Bộ Tài chính, Bộ Công" then "Thương, …": the last name before the break, read again across it, is a known body
    /// that runs on past the break, while the part before the break alone is not that body.
    /// </summary>
    private static bool SplitKnownName(string text, int cut, int from)
    {
        if (cut <= from || cut >= text.Length) return false;
        var (before, _) = ReadList(text[..cut], Math.Max(0, from));
        if (before.Count == 0) return false;
        var last = before[^1];
        if (last.End < cut - 1) return false;
        var across = ReadOne(text, last.Start);
        // The known body itself must differ ("Bộ Công" → "Bộ Công Thương"), not only the words read after it.
        return across is { Known: true, Body: not null } && across.End > cut + 1 && across.Body != last.Body;
    }

    private static readonly Regex[] DashedNames = AgencyCatalog.Bodies
        .SelectMany(b => b.Spellings)
        .Where(sp => sp.Contains(" - ", StringComparison.Ordinal))
        .Select(sp => string.Join(@"\s*-\s*", sp.Split(" - ").Select(part => string.Join(@"\s+", part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Regex.Escape(VietnameseText.Fold(w)))))))
        .Distinct()
        .Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase))
        .ToArray();

    /// <summary>True when the whole of <paramref name="text"/> is a list of agency names and nothing else.</summary>
    public static bool IsWholeAgencyList(string text)
    {
        var trimmed = text.TrimEnd(' ', ':', '.', ';', ',');
        if (trimmed.Length == 0) return false;
        var (mentions, end) = ReadList(trimmed);
        if (mentions.Count == 0 || end < trimmed.Length) return false;
        // A name cut off by line wrapping ends in a joining word: "Sở Giáo dục và", "Ủy ban nhân".
        var last = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        // So does a bare head ("Mặt trận Tổ quốc, Đoàn" / "Thanh niên, Hội Phụ nữ …").
        return last is not ("và" or "các" or "-" or "nhân" or "Bộ" or "Sở" or "Viện" or "Ủy" or "Uỷ" or "Đoàn" or "Hội" or "Ban" or "Phòng" or "Cục" or "Đài" or "Báo"
            or "Liên" or "Trung" or "Văn" or "Ngân" or "Tổng" or "Chi" or "trận") && !trimmed.EndsWith('-');
    }

    internal static AgencyMention? ReadOne(string text, string folded, int start)
    {
        var pos = SkipSpaces(folded, start);
        if (pos >= folded.Length) return null;
        // "Báo cáo", "Hội nghị", "Ban hành", "Trường hợp", "Phòng, chống": words that open like a name and are not
        // one, even where a known name ("Báo" of a province) begins the same way.
        if (NotAName().Match(folded, pos) is { Success: true } notName && notName.Index == pos) return null;
        // "Sở Sở Công thương", "Tổng Tổng cục": a head typed twice is a slip; the name starts at the second.
        if (DoubledHead().Match(folded, pos) is { Success: true } doubled && doubled.Index == pos) pos += doubled.Groups[1].Length + 1;

        var bestEnd = -1;
        LexiconEntry? best = null;
        foreach (var entry in char.IsUpper(folded[pos]) ? Candidates(folded, pos) : [])
        {
            var m = entry.Pattern.Match(folded, pos);
            if (m.Success && m.Index == pos && m.Index + m.Length > bestEnd)
            {
                bestEnd = m.Index + m.Length;
                best = entry;
            }
        }

        var group = false;
        string? alias = null;
        if (best is null)
        {
            var g = GroupHeadPattern.Match(folded, pos);
            if (g.Success && NotAGroup().Match(folded, pos) is { Success: true } ng && ng.Index == pos) g = Match.Empty;
            if (g.Success) { bestEnd = g.Index + g.Length; group = true; }
            else if (BarePressClass(folded, pos) is > 0 and var press) { bestEnd = pos + press; group = true; }
            else
            {
                var h = HeadPattern.Match(folded, pos);
                if (!h.Success) return null;
                bestEnd = h.Index + h.Length;
                // A name opens with its head and a capital ("Sở Y tế", "Cục Thuế"): "Sở" alone, or a head before a
                // common word, is not a name. Some heads take lower-case words of their own ("Ban chỉ đạo", "Trung tâm y tế").
                if (!NameFollows(folded, h.Value, bestEnd)) return null;
            }
        }

        // A known body's name is complete: only its level or place may follow ("Công an tỉnh", "Sở Y tế tỉnh Quảng Ninh").
        var end = best is not null && !best.Canonical.StartsWith("Ủy ban nhân dân", StringComparison.Ordinal) && !best.Canonical.StartsWith("Hội đồng nhân dân", StringComparison.Ordinal)
            ? ScopeTail(folded, bestEnd)
            : WithoutTrailingParticle(folded, bestEnd, ScanTail(folded, bestEnd, ref group, lexiconMatched: best is not null, out alias, LastWord(folded, pos, bestEnd)));
        var asWritten = text[pos..end].Trim().TrimEnd(',', ';', ':', '.', ' ');
        if (asWritten.Length == 0) return null;
        // "Sở", "Viện", "Trường" alone name no body.
        if (best is null && !group && !asWritten.Contains(' ', StringComparison.Ordinal) && !asWritten.Any(char.IsDigit) && asWritten.Count(char.IsUpper) < 2) return null;
        var canonical = Canonicalize(asWritten);
        if (alias is not null)
        {
            // "…Ban chỉ đạo phòng, chống tội phạm… tỉnh (Ban chỉ đạo 138 tỉnh)": the plan's own short name wins.
            var open = asWritten.LastIndexOf('(');
            var body = asWritten[..open].TrimEnd();
            var ban = body.IndexOf("Ban ", StringComparison.Ordinal);
            canonical = Canonicalize((ban >= 0 ? body[..ban] : body + " ") + alias);
        }
        var kind = KindOf(canonical);
        // "Ủy ban nhân dân huyện Tuy Phước": a level's class entry with a place's own name is that one body, not the class.
        var namedPlace = best is not null && NamedPlace().IsMatch(canonical) && !NamedPlace().IsMatch(best.Canonical);
        // "… về các tổ chức …" inside one body's official name makes no class.
        var ownCac = best is not null && best.Canonical.Contains(" các ", StringComparison.Ordinal);
        var isGroup = group || canonical.StartsWith("Các ", StringComparison.Ordinal) || !ownCac && canonical.Contains(" các ", StringComparison.Ordinal)
            || !ownCac && asWritten.Contains(" các ", StringComparison.OrdinalIgnoreCase) || asWritten.StartsWith("các ", StringComparison.OrdinalIgnoreCase)
            || best is not null && best.Canonical.Contains(" cấp ", StringComparison.Ordinal) && !namedPlace;
        return new AgencyMention(asWritten, canonical, kind, isGroup, isGroup && IsGenericGroup(canonical), pos, pos + asWritten.Length) { Known = best is not null, Body = namedPlace ? canonical : best?.Canonical };
    }

    [GeneratedRegex(@"^Ủy ban nhân dân (?:tỉnh|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu|thành phố|Thành phố) \p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedPlace();

    [GeneratedRegex(@"\G(?:báo\s+chí|tuyên\s+truyền\s+và\s+báo\s+chí|tổ\s+chức\s+xã\s+hội|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội|đoàn\s+thể|hội|phát\s+thanh|truyền\s+hình)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex ClassNoun();

    [GeneratedRegex(@"\G(?:[Bb]an|[Nn]gành)(?=\s*[,;:.*]|\s+(?:và|tỉnh|thành\s+phố|Thành\s+phố|cấp|thuộc|chịu|có|trên)(?![\p{L}])|\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex ClassWord();

    private static readonly string[] TrailingParticles = ["về", "của", "cho", "với", "tại", "theo", "để", "từ", "trong", "và", "đối", "trên"];

    /// <summary>"Kế hoạch của Ủy ban nhân dân tỉnh về thực hiện…": a name never ends on a preposition; the name stops before it.</summary>
    private static int WithoutTrailingParticle(string folded, int from, int end)
    {
        while (end > from)
        {
            var t = folded.AsSpan(from, end - from).TrimEnd();
            var space = t.LastIndexOf(' ');
            if (space < 0) return end;
            var last = t[(space + 1)..];
            var particle = false;
            foreach (var p in TrailingParticles)
                if (last.SequenceEqual(p)) { particle = true; break; }
            if (!particle) return end;
            end = from + space;
        }
        return end;
    }

    private static readonly string[] ScopeWords = ["cấp tỉnh", "cấp huyện", "cấp xã", "các cấp", "tối cao", "tỉnh", "thành phố", "Thành phố", "huyện", "quận", "thị xã", "xã", "phường", "đặc khu", "Trung ương", "trung ương", "TP.", "TP", "khu vực"];

    /// <summary>After a department's full name only its place may follow: "Sở Y tế tỉnh", "Sở Du lịch Thành phố Hà Nội".</summary>
    private static int ScopeTail(string folded, int pos)
    {
        var end = pos;
        var p = SkipSpaces(folded, pos);
        if (Regex.IsMatch(folded[p..Math.Min(folded.Length, p + 16)], @"^các\s+(?:tỉnh|huyện|quận|xã|địa\s+phương)\b"))
        {
            // "Sở Nội vụ các tỉnh, thành phố trực thuộc Trung ương", "Ban ATGT các địa phương": one group of bodies.
            var group = true;
            return ScanTail(folded, pos, ref group, lexiconMatched: false, out _);
        }
        // "Ngân hàng Chính sách xã hội chi nhánh Thành phố": the body's branch in the plan's place.
        if (string.CompareOrdinal(folded, p, "chi nhánh ", 0, 10) == 0) { end = p + 9; p = SkipSpaces(folded, end); }
        var scope = ScopeWords.FirstOrDefault(w => folded.AsSpan(p).StartsWith(w) && (p + w.Length >= folded.Length || !char.IsLetter(folded[p + w.Length])));
        if (scope is not null) end = p + scope.Length;
        // A place follows only a level word ("Sở Y tế tỉnh Quảng Ninh") or is a province's name; a capital
        // after the name is otherwise the duty's first word ("Bộ Ngoại giao Đồng chủ trì…").
        if (scope is null && !AgencyCatalog.StartsPlace(folded, SkipSpaces(folded, end))) return end;
        while (true)
        {
            p = SkipSpaces(folded, end);
            var m = WordPattern().Match(folded, p);
            if (!m.Success || m.Index != p || !char.IsUpper(m.Value[0]) || StartsAgency(folded, p)) return end;
            end = m.Index + m.Length;
        }
    }

    private static readonly HashSet<string> CapitalHeads = new(StringComparer.Ordinal)
    {
        "Sở", "Bộ", "Cục", "Chi cục", "Tổng cục", "Vụ", "Phòng", "Viện", "Học viện", "Trường", "Đài", "Báo", "Tạp chí", "Kho bạc",
        "Bảo hiểm", "Ngân hàng", "Quỹ", "Công ty", "Tổng công ty", "Tập đoàn", "Hiệp hội", "Liên hiệp", "Liên minh", "Bệnh viện",
        "Nhà xuất bản", "Cảng vụ", "Hạt Kiểm lâm", "Chi cục Kiểm lâm", "Thanh tra", "Văn phòng", "Hội", "Liên đoàn", "Ban", "Đoàn",
        "Thuế", "Cơ quan",
    };

    [GeneratedRegex(@"\G\s*(?:[)(,;:.]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNameEnds();

    [GeneratedRegex(@"\G\s*(?:[\p{Lu}\d]|(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|Trung\s+ương|trung\s+ương|các|cấp|tối\s+cao|nhân\s+dân)(?![\p{L}]))", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalOrScope();

    [GeneratedRegex(@"\G\s*(?:chỉ\s+đạo|quản\s+lý|điều\s+hành|thường\s+vụ|thường\s+trực|an\s+toàn|dân\s+tộc|tổ\s+chức|tuyên\s+giáo|dân\s+vận|công\s+tác|đồng|xã\s+hội|lao\s+động|thương\s+mại|chính\s+sách|nhà\s+nước|cổ\s+phần|trách\s+nhiệm|đăng\s+ký|chuyên\s+môn|đầu\s+mối|thông\s+tấn|báo\s+chí|chủ\s+trì|phụ\s+nữ|nông\s+dân|cựu\s+chiến\s+binh|chữ\s+thập|người\s+cao\s+tuổi|khuyến\s+học|doanh\s+nghiệp|thanh\s+niên|chấp\s+hành|thi\s+đua|kiểm\s+sát|bầu\s+cử|giám\s+sát|phòng\s+thủ)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex OwnLowerWords();

    private static bool NameFollows(string folded, string head, int end)
    {
        if (!CapitalHeads.Contains(head)) return true;
        // "Chi cục Kiểm lâm", "Hạt Kiểm lâm": heads that are whole names end at a bracket or a stop as well.
        if (head.Skip(1).Any(char.IsUpper) && WholeNameEnds().IsMatch(folded, end)) return true;
        return CapitalOrScope().IsMatch(folded, end) || OwnLowerWords().IsMatch(folded, end);
    }

    /// <summary>A few characters ahead, without copying the rest of the text.</summary>
    private static string Peek(string s, int start, int length) => start >= s.Length ? "" : s.Substring(start, Math.Min(length, s.Length - start));

    private static string? LastWord(string folded, int start, int end)
    {
        var head = folded[start..end].TrimEnd();
        var space = head.LastIndexOf(' ');
        return space < 0 ? head : head[(space + 1)..];
    }

    private static int ScanTail(string folded, int pos, ref bool group, bool lexiconMatched, out string? alias, string? headWord = null)
    {
        alias = null;
        var end = pos;
        var words = 0;
        string? previous = headWord;
        // "Ban Chỉ đạo phát triển du lịch các tỉnh": a steering committee's name runs long and holds verbs of its own.
        var banMode = headWord is "Ban" && Regex.IsMatch(Peek(folded, pos, 12).TrimStart(), @"^[Cc]hỉ\s+đạo");
        var limit = banMode ? 60 : 14;
        while (true)
        {
            var p = SkipSpaces(folded, end);
            if (p >= folded.Length) return end;
            var c = folded[p];
            if (c is ';' or ':' or '.' or ')' or '\n' or '"' or '“' or '”' or '/') return end;
            if (c == '(')
            {
                var close = folded.IndexOf(')', p);
                if (banMode && close > p && close - p < 80)
                {
                    var inside = folded[(p + 1)..close].Trim();
                    if (inside.StartsWith("Ban", StringComparison.Ordinal))
                    {
                        alias = inside;
                        return close + 1;
                    }
                }
                return end;
            }
            if (c == ',')
            {
                var q = SkipSpaces(folded, p + 1);
                // "Phòng, chống thiên tai": one expression inside a name.
                if (previous is "Phòng" or "phòng" && string.CompareOrdinal(folded, q, "chống", 0, 5) == 0) { end = p + 1; previous = ","; continue; }
                // "Các cơ quan thông tấn, báo chí", "các đoàn thể, tổ chức xã hội": a class goes on with another noun of its kind.
                if (group && previous is "tấn" or "tin" or "chí" or "thể" or "hội" or "noun" && ClassNoun().Match(folded, q) is { Success: true } noun) { end = q + noun.Length; previous = "noun"; continue; }
                // "các Sở, Ban, ngành": the class's words in capitals are not a new body's head.
                if (group && previous is "Sở" or "sở" or "Bộ" or "bộ" or "Ban" or "ban" && ClassWord().Match(folded, q) is { Success: true } cw) { end = q + cw.Length; previous = cw.Value; continue; }
                // "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ": one class of the central bodies.
                if (group && previous is "bộ" or "Bộ" && BarePress().Match(folded, q) is { Success: true } gov && gov.Index == q && gov.Groups["gov"].Success)
                { end = q + gov.Length; previous = "noun"; continue; }
                if (q >= folded.Length || StartsAgency(folded, q) || DutyStartPattern.IsMatch(folded, q) && !(banMode && StartsLowerWord(folded, q)))
                    return end;
                if (banMode || group) { end = p + 1; previous = ","; continue; }
                if (!lexiconMatched && StartsUpperWord(folded, q)) { end = p + 1; previous = ","; continue; }
                return end;
            }
            if (c == '-')
            {
                end = p + 1;
                continue;
            }
            var m = WordPattern().Match(folded, p);
            if (!m.Success) return end;
            var word = m.Value;
            if (word == "và")
            {
                var q = SkipSpaces(folded, p + 3);
                if (q >= folded.Length || !banMode && (StartsAgency(folded, q) || DutyStartPattern.IsMatch(folded, q))) return end;
                if (banMode || StartsUpperWord(folded, q) || group && folded.AsSpan(q).StartsWith("các ")) { end = p + 3; previous = word; continue; }
                return end;
            }
            var afterCac = previous is "các" or "Các";
            var inBanName = previous is "Ban" && (word is "chỉ" or "Chỉ");
            // Names that hold a common verb: "Cục Việc làm", "Cục Người có công".
            var inName = previous is "Sở" or "sở" or "Bộ" or "bộ" && word == "quản" && Regex.IsMatch(Peek(folded, m.Index + m.Length, 20), @"^\s+lý\s+(?:ngành|chuyên\s+ngành|lĩnh\s+vực)")
                || previous is "Ban" && word == "quản" && Regex.IsMatch(Peek(folded, m.Index + m.Length, 6), @"^\s+lý\b") // "Ban quản lý Khu kinh tế"
                || previous is "quản" && word == "lý"
                || previous is "Việc" or "việc" && word == "làm" || previous is "Người" or "người" && word == "có" && folded.AsSpan(m.Index + m.Length).TrimStart().StartsWith("công")
                || previous is "bầu" or "Bầu" && word == "cử"
                // "Các địa phương có đảo", "các xã có rừng": a class is narrowed by what its places have.
                || group && word == "có" && PlaceFeature().IsMatch(Peek(folded, m.Index + m.Length, 20))
                || word == "giao" && Regex.IsMatch(Peek(folded, m.Index + m.Length, 10), @"^\s+(?:thông|dịch)");
            if (banMode && !inBanName && previous is not "và" && StrongDuty().Match(folded, p) is { Success: true } strong && strong.Index == p) return end;
            if (!banMode && !afterCac && !inBanName && !inName && DutyStartPattern.IsMatch(folded, p))
            {
                if (!(word == "là" && folded.AsSpan(p).StartsWith("là thành viên")))
                    return end;
                group = true;
            }
            if (word == "các" && previous is not ("về" or "của" or "cho"))
            {
                if (words > 0 && group && previous is not ("," or "và") && GroupHeadPattern.IsMatch(folded, p)
                    && !folded.AsSpan(p).StartsWith("các huyện") && !folded.AsSpan(p).StartsWith("các quận"))
                    return end; // "cơ quan Trung ương các tổ chức đoàn thể": a new group begins
                group = true;
            }
            if (word is "Ban" && folded.AsSpan(m.Index + m.Length).TrimStart().StartsWith("chỉ đạo", StringComparison.OrdinalIgnoreCase))
            {
                banMode = true;
                limit = 60;
            }
            if (++words > (group ? Math.Max(limit, 30) : limit)) return end;
            end = m.Index + m.Length;
            previous = word;
        }
    }

    [GeneratedRegex(@"^\s+(?:biển|đảo|rừng|biên\s+giới|cửa\s+khẩu|đồng\s+bào|làng\s+nghề|khu\s+công\s+nghiệp)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceFeature();

    [GeneratedRegex(@"\G(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|xây\s+dựng|tổng\s+hợp|báo\s+cáo|trình|tham\s+mưu|hướng\s+dẫn|kiểm\s+tra|theo\s+dõi|đôn\s+đốc|tổ\s+chức|thực\s+hiện|triển\s+khai|ban\s+hành|giúp|quyết\s+định|là\s+cơ\s+quan|định\s+kỳ|hằng\s+năm|hàng\s+năm|chịu)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex StrongDuty();

    [GeneratedRegex(@"\G(?:Báo\s+cáo|Hội\s+(?:nghị|thảo|viên|thi|chợ|diễn|nhập)|Ban\s+hành|Bộ\s+(?:trưởng|luật|máy|tiêu\s+chí|chỉ\s+số|hồ\s+sơ|công\s+cụ|mã|dữ\s+liệu|câu\s+hỏi|phận\s+(?:tiếp|một))|Phòng\s*,?\s*(?:chống|ngừa|cháy|họp|tránh)|Trường\s+hợp|Đội\s+ngũ|Quỹ\s+(?:đất|lương|thời)|Vụ\s+(?:việc|án)|Sở\s+hữu|Cục\s+bộ|Viện\s+dẫn|Văn\s+phòng\s+phẩm|Trung\s+tâm\s+(?:của|là)|Đài\s+tưởng)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex NotAName();

    [GeneratedRegex(@"\G[Cc]ác\s+(?:hội\s+(?:nghị|thảo|viên|thi|chợ|diễn)|trường\s+hợp|cơ\s+sở\s+dữ\s+liệu|đơn\s+vị\s+hành\s+chính|tổ\s+chức\s+(?:thực\s+hiện|triển\s+khai))(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex NotAGroup();

    /// <summary>
    /// "…, Đài Phát thanh và Truyền hình Thành phố, cơ quan thông tấn báo chí và …": inside a list (after "," ";" or "và")
    /// the press is a class even without "các". The length of the class's words, or 0.
    /// </summary>
    private static int BarePressClass(string folded, int pos)
    {
        var m = BarePress().Match(folded, pos);
        if (!m.Success || m.Index != pos) return 0;
        var before = folded.AsSpan(0, pos).TrimEnd();
        // "… của các bộ, cơ quan ngang bộ, …": the tail of a class of ministries begun before, not a body of its own.
        if (m.Groups["gov"].Success && (before.EndsWith(" bộ,") || before.EndsWith(" Bộ,"))) return 0;
        if (before.EndsWith(",") || before.EndsWith(";") || before.EndsWith(" và")) return m.Length;
        // "Cơ quan ngang bộ, cơ quan thuộc Chính phủ, …" opening a cell or a list: the Government's agencies, never the Government.
        return m.Groups["gov"].Success && (before.Length == 0 || before.EndsWith(":") || before.EndsWith("\n")) ? m.Length : 0;
    }

    [GeneratedRegex(@"\G(?:cơ\s+quan\s+(?:thông\s+tấn,?\s+báo\s+chí|báo\s+chí|thông\s+tấn)|(?<gov>[Cc]ơ\s+quan\s+ngang\s+[Bb]ộ(?:\s*,\s*cơ\s+quan\s+(?:trực\s+)?thuộc\s+Chính\s+phủ)?|[Cc]ơ\s+quan\s+(?:trực\s+)?thuộc\s+Chính\s+phủ))(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex BarePress();

    private static int SkipSeparator(string folded, int pos)
    {
        var p = SkipSpaces(folded, pos);
        if (p >= folded.Length) return -1;
        if (folded[p] is ',' or ';')
        {
            p = SkipSpaces(folded, p + 1);
            if (folded.AsSpan(p).StartsWith("và ")) p = SkipSpaces(folded, p + 3);
        }
        else if (folded.AsSpan(p).StartsWith("và ")) p = SkipSpaces(folded, p + 3);
        else if (!GroupHeadPattern.IsMatch(folded, p)) return -1; // "cơ quan Trung ương các tổ chức đoàn thể"
        return StartsAgency(folded, p) ? p : -1;
    }

    private static bool StartsAgency(string folded, int pos)
    {
        if (NotAName().Match(folded, pos) is { Success: true } not && not.Index == pos) return false;
        if (GroupHeadPattern.IsMatch(folded, pos) || HeadPattern.IsMatch(folded, pos) || BarePressClass(folded, pos) > 0) return true;
        foreach (var entry in Candidates(folded, pos))
            if (entry.Pattern.Match(folded, pos) is { Success: true } m && m.Index == pos) return true;
        return false;
    }

    private static bool StartsUpperWord(string s, int pos) => pos < s.Length && char.IsUpper(s[pos]);
    private static bool StartsLowerWord(string s, int pos) => pos < s.Length && char.IsLower(s[pos]);

    private static int SkipSpaces(string s, int pos)
    {
        while (pos < s.Length && s[pos] == ' ') pos++;
        return pos;
    }

    /// <summary>One spelling per agency: expands abbreviations, fixes tone placement, dashes and case.</summary>
    private static string CanonicalizeNew(string asWritten)
    {
        var s = VietnameseText.CollapseSpaces(VietnameseText.Fold(asWritten.Normalize(System.Text.NormalizationForm.FormC)));
        var prefix = "";
        if (s.StartsWith("Các ", StringComparison.OrdinalIgnoreCase) || s.StartsWith("các ", StringComparison.Ordinal))
        {
            prefix = "Các ";
            s = s[4..];
        }
        // The official name replaces whatever spelling opens the text; the rest (place, scope) stays as written.
        LexiconEntry? best = null;
        var bestLength = 0;
        foreach (var entry in Candidates(s, 0))
            if (entry.Pattern.Match(s, 0) is { Success: true, Index: 0 } m && m.Length > bestLength)
                (best, bestLength) = (entry, m.Length);
        if (best is not null && !best.KeepsWording) s = best.Canonical + s[bestLength..];
        else if (best is null) s = ExpandAbbreviations(s);
        // "Mặt trận Tổ quốc Việt Nam tỉnh": with a level after it the Front's name is that level's committee, not the central one.
        s = LocalFront().Replace(s, "Ủy ban Mặt trận Tổ quốc Việt Nam ");
        foreach (var (pattern, replacement) in Spellings)
            s = pattern.Replace(s, replacement);
        s = prefix + s;
        // "Các tỉnh, thành phố rà soát…", "các xã, phường": the committees of those places are the addressees.
        if (ClassOfPlaces().IsMatch(s)) s = "Ủy ban nhân dân " + s[..1].ToLowerInvariant() + s[1..];
        s = DashSpacing().Replace(s, " - ");
        s = s.Trim().TrimEnd(',', ';', ':', '.').Trim();
        return VietnameseText.UpperFirst(s);
    }

    [GeneratedRegex(@"(?<=[\p{L}\p{N}])\s*-\s*(?=[\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex DashSpacing();

    [GeneratedRegex(@"^Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam (?=(?:tỉnh|thành phố|Thành phố|huyện|quận|thị xã|xã|phường|đặc khu|cấp)(?![\p{L}]))", RegexOptions.CultureInvariant)]
    private static partial Regex LocalFront();

    [GeneratedRegex(@"\p{Lu}[\p{Lu}&]", RegexOptions.CultureInvariant)]
    private static partial Regex HasCapitalsWord();

    [ThreadStatic] private static Dictionary<string, string>? _canonical;

    /// <summary>One spelling per agency, remembered: a plan names the same bodies again and again.</summary>
    public static string Canonicalize(string asWritten)
    {
        var cache = _canonical ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (cache.TryGetValue(asWritten, out var known)) return known;
        if (cache.Count > 8192) cache.Clear();
        return cache[asWritten] = CanonicalizeNew(asWritten);
    }

    [GeneratedRegex(@"^Các\s+(?:thành\s+phố\s+trực\s+thuộc\s+[Tt]rung\s+ương$|(?:tỉnh|huyện|quận|xã|phường|thị\s+xã)(?:\s*,\s*(?:tỉnh|thành\s+phố|huyện|quận|xã|phường|thị\s+xã|thị\s+trấn|đặc\s+khu))*(?:\s+trực\s+thuộc\s+[Tt]rung\s+ương)?$)", RegexOptions.CultureInvariant)]
    private static partial Regex ClassOfPlaces();

    /// <summary>Portfolio abbreviations inside a name of unknown body ("Cơ quan LĐTBXH", "Phòng TC-KH").</summary>
    private static readonly (Regex Pattern, string Name)[] Abbreviations = AgencyLexicon.Portfolios
        .SelectMany(p => p.Aliases.Where(a => a.Count(char.IsUpper) >= 2).Select(a => (a, p.Name)))
        .OrderByDescending(x => x.a.Length)
        .Select(x => (new Regex(@"(?<![\p{L}])" + Regex.Escape(VietnameseText.Fold(x.a)) + @"(?![\p{L}])", RegexOptions.CultureInvariant), x.Name))
        .ToArray();

    private static string ExpandAbbreviations(string s)
    {
        // Only a word in capitals can be one of these abbreviations.
        if (!HasCapitalsWord().IsMatch(s)) return s;
        foreach (var (pattern, name) in Abbreviations)
            if (pattern.IsMatch(s)) s = pattern.Replace(s, name);
        return s;
    }

    public static AgencyKind KindOf(string canonical)
    {
        var s = canonical.StartsWith("Các ", StringComparison.Ordinal) ? canonical[4..] : canonical;
        if (s.StartsWith("Ủy ban nhân dân", StringComparison.OrdinalIgnoreCase)) return AgencyKind.LocalGovernment;
        if (s.Contains("Mặt trận", StringComparison.OrdinalIgnoreCase)) return AgencyKind.Front;
        if (s.StartsWith("Viện Kiểm sát", StringComparison.OrdinalIgnoreCase) || s.StartsWith("Tòa án", StringComparison.OrdinalIgnoreCase)) return AgencyKind.Judicial;
        if (s.StartsWith("Đài Phát thanh", StringComparison.Ordinal) || s.StartsWith("Đài Truyền hình", StringComparison.Ordinal)
            || s.StartsWith("Đài Tiếng nói", StringComparison.Ordinal) || s.StartsWith("Báo", StringComparison.Ordinal) || s.StartsWith("Tạp chí", StringComparison.Ordinal))
            return AgencyKind.Press;
        if (s.StartsWith("Hội", StringComparison.OrdinalIgnoreCase) || s.StartsWith("Liên đoàn", StringComparison.Ordinal) || s.StartsWith("Liên minh", StringComparison.Ordinal)
            || s.Contains("Đoàn", StringComparison.Ordinal) && !s.StartsWith("Sở", StringComparison.Ordinal)
            || s.StartsWith("tổ chức", StringComparison.OrdinalIgnoreCase) || s.StartsWith("đoàn thể", StringComparison.OrdinalIgnoreCase))
            return AgencyKind.MassOrganisation;
        if (s.StartsWith("Bộ ", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("Bộ Chỉ huy", StringComparison.OrdinalIgnoreCase)
            && !s.StartsWith("Bộ đội", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("Bộ Tư lệnh", StringComparison.OrdinalIgnoreCase)
            || s.StartsWith("bộ,", StringComparison.Ordinal) || s.StartsWith("Tổng cục", StringComparison.Ordinal))
            return AgencyKind.Ministry;
        if (s.StartsWith("huyện", StringComparison.Ordinal) || s.StartsWith("quận", StringComparison.Ordinal) || s.StartsWith("xã", StringComparison.Ordinal)
            || s.StartsWith("địa phương", StringComparison.Ordinal) || s.StartsWith("tỉnh", StringComparison.Ordinal))
            return AgencyKind.LocalGovernment;
        if (s.StartsWith("Trường", StringComparison.Ordinal) || s.StartsWith("Học viện", StringComparison.Ordinal)) return AgencyKind.Other;
        return AgencyKind.Department;
    }

    [GeneratedRegex(@"liên\s+quan|(?<![\p{L}])khác(?:\s+có\s+liên\s+quan)?$|^(?:các\s+)?(?:doanh\s+nghiệp(?!\s+(?:viễn\s+thông|bưu\s+chính|cung\s+cấp\s+dịch\s+vụ))|cơ\s+sở(?!\s+giáo\s+dục)|ngành\s+\p{Ll}|tổ\s+chức,\s*(?:cá\s+nhân|doanh\s+nghiệp))|^(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|lực\s+lượng|ngành|cấp)(?:(?:\s*,\s*|\s+và\s+|\s+)(?:cơ\s+quan|đơn\s+vị|tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|địa\s+phương|chức\s+năng|các\s+cấp))*$|^các\s+cấp$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Vague();

    /// <summary>
    /// "các cơ quan, đơn vị liên quan", "các tổ chức, cá nhân": everyone concerned, not an addressee of its own.
    /// A named class ("các sở, ban, ngành", "các bộ, ngành, địa phương") is an addressee.
    /// </summary>
    private static bool IsGenericGroup(string canonical) => Vague().IsMatch(canonical.Trim());

    private static LexiconEntry[] BuildLexicon()
    {
        var entries = new List<LexiconEntry>();
        foreach (var body in AgencyCatalog.Bodies)
            foreach (var spelling in body.Spellings)
            {
                var tokens = Tokens(spelling);
                if (tokens.Length == 0) continue;
                var pattern = new Regex(@"\G" + string.Join(Sep, tokens.Select(t => Regex.Escape(VietnameseText.Fold(t)))) + WordEnd, Options);
                entries.Add(new(body.Name, body.Kind, pattern, VietnameseText.Fold(tokens[0]).ToLowerInvariant(), IsOtherWording(spelling, body.Name)));
            }
        return entries.ToArray();
    }

    /// <summary>
    /// A spelling is an abbreviation of the name ("UBND cấp xã", "NHCSXH", "Sở KH&amp;CN") or a spelling of the same
    /// words, or it is another wording ("Ủy ban nhân dân các xã, phường" for "Ủy ban nhân dân cấp xã"), whose words stay.
    /// </summary>
    private static bool IsOtherWording(string spelling, string name)
    {
        static string Words(string s) => string.Join(' ', Tokens(VietnameseText.Fold(s).Replace("UBND", "Ủy ban nhân dân").Replace("HĐND", "Hội đồng nhân dân").ToLowerInvariant()));
        var expanded = VietnameseText.Fold(spelling).Replace("UBND", "Ủy ban nhân dân").Replace("HĐND", "Hội đồng nhân dân");
        // An abbreviation the reader cannot spell out (NHCSXH, KH&CN): the name stands.
        if (Tokens(expanded).Any(t => t.Count(char.IsUpper) >= 2)) return false;
        // One body's name with a phrase of three words or more left out ("Ủy ban công tác phi chính phủ nước ngoài" for
        // "… về các tổ chức …") is a short form: the name stands. A level or a joining word left out ("Ủy ban Mặt trận Tổ
        // quốc", "Phát thanh - Truyền hình") is the plan's own wording and stays, as does a class's ("… các xã, phường").
        var nameWords = Words(name).Split(' ').ToHashSet(StringComparer.Ordinal);
        var spellingWords = Words(spelling).Split(' ').ToHashSet(StringComparer.Ordinal);
        if (!name.Contains(" cấp ", StringComparison.Ordinal) && spellingWords.IsSubsetOf(nameWords) && nameWords.Count - spellingWords.Count >= 3) return false;
        return Words(spelling) != Words(name);
    }

    private static string[] Tokens(string phrase) => phrase.Split([' ', ',', '-', '–', '&'], StringSplitOptions.RemoveEmptyEntries);

    private static (Regex, string)[] BuildSpellings() =>
    [
        (new Regex(@"(?<![\p{L}])UBND(?![\p{L}])", Options), "Ủy ban nhân dân"),
        (new Regex(@"(?<![\p{L}])ủy\s+ban\s+nhân\s+dân(?![\p{L}])", Options), "Ủy ban nhân dân"),
        (new Regex(@"(?<![\p{L}])HĐND(?![\p{L}])", RegexOptions.CultureInvariant), "Hội đồng nhân dân"),
        (new Regex(@"chính\s*trị\s*-?\s*xã\s+hội", Options), "chính trị - xã hội"),
        (new Regex(@"(?<=Mặt trận )tổ quốc", RegexOptions.CultureInvariant), "Tổ quốc"),
        (new Regex(@"^Tổ chức(?= )", RegexOptions.CultureInvariant), "tổ chức"),
        // The Government's own agencies are "cơ quan thuộc Chính phủ" in law; plans also write "trực thuộc".
        (new Regex(@"cơ\s+quan\s+trực\s+thuộc\s+Chính\s+phủ", Options), "cơ quan thuộc Chính phủ"),
        (new Regex(@"(?<=^Các bộ, )cơ quan ngang Bộ", RegexOptions.CultureInvariant), "cơ quan ngang bộ"),
        // "Các sở, ban, ngành thuộc Ủy ban nhân dân tỉnh" is the class "Các sở, ban, ngành tỉnh".
        (new Regex(@"^(sở,\s+ban,\s+ngành)\s+thuộc\s+Ủy\s+ban\s+nhân\s+dân\s+(?=(?:tỉnh|thành\s+phố)$)", Options), "$1 "),
    ];

}
