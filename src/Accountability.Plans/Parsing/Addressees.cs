using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Parsing;

/// <summary>Who a heading or a sentence addresses, and how ("Giao …", "Đề nghị …", the agency itself).</summary>
internal sealed record Addressed(IReadOnlyList<AgencyMention> Agencies, string Text, int End, bool Requested, string? Opener)
{
    /// <summary>A time or condition clause before the names ("Trong vòng 02 ngày làm việc, …", "Trường hợp …,"): part of the duty, not of its addressees.</summary>
    public string? LeadingClause { get; init; }

    /// <summary>The duty's words with its leading clause, if any, put back in front.</summary>
    public string RestWithClause => LeadingClause is null || Rest.Length == 0 ? Rest : LeadingClause + " " + Rest;

    /// <summary>What follows the names: "" for a heading that is only names, else the duty's first words.</summary>
    public string Rest => Text[End..].TrimStart(' ', ',', ':', ';', '.', '-', '–');

    public bool EndsWithColon => Text[End..].TrimStart().StartsWith(':');
}

/// <summary>
/// Reads the addressees at the start of a heading or sentence: an opening word ("Giao", "Đề nghị", "Yêu cầu",
/// "Trách nhiệm của", "Đối với"), titles that stand for their body ("Giám đốc Sở Y tế" is Sở Y tế, "Chánh Văn
/// phòng Ủy ban nhân dân tỉnh" is its Văn phòng), the issuer speaking ("Ủy ban nhân dân tỉnh yêu cầu các sở…"),
/// and lists joined by ",", ";", "và", "/".
/// </summary>
internal static partial class Addressees
{
    private static readonly string[] Openers =
    [
        "Trách nhiệm của", "Nhiệm vụ của", "Trách nhiệm", "Nhiệm vụ", "Đối với", "Giao cho", "Giao", "Đề nghị", "Yêu cầu", "Kính đề nghị", "Chỉ đạo", "Khuyến khích",
        "trách nhiệm của", "nhiệm vụ của", "đối với", "giao cho", "giao", "đề nghị", "yêu cầu", "khuyến khích",
    ];

    [GeneratedRegex(@"(?<![\p{L}])(?<!(?:Văn\s+phòng|Ban|Hội\s+đồng)\s)(?:Các\s+|các\s+)?(?:Giám\s+đốc|Phó\s+Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng\s+ban|Tổng\s+Giám\s+đốc|Tổng\s+[Cc]ục\s+trưởng|Cục\s+trưởng|Vụ\s+trưởng|Viện\s+trưởng|Chánh\s+án|Người\s+đứng\s+đầu|Chỉ\s+huy\s+trưởng|Tư\s+lệnh|Hiệu\s+trưởng)\s+(?=(?:các\s+)?(?:Sở|Bộ|Ủy|Uỷ|UBND|Ban|Cục|Công|Văn|Thanh|Tòa|Viện|Hội|Đài|Trung|Chi|Phòng|Kho|Ngân|Bảo|Tổng|Vụ|Liên|Tỉnh|Thành|Đoàn|cơ\s+quan|đơn\s+vị|sở|ban|ngành|bộ|[A-ZĐ]{2,}))(?:các\s+(?=(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành|bộ)\b))?", RegexOptions.CultureInvariant)]
    private static partial Regex Titles();

    [GeneratedRegex(@"\G(?:sau\s+khi|khi|trên\s+cơ\s+sở|kể\s+từ)\s[^,;.]{0,200},", RegexOptions.CultureInvariant)]
    private static partial Regex SecondClause();

    [GeneratedRegex(@"\G\s*,\s*(?:trên\s+cơ\s+sở|căn\s+cứ|theo|sau\s+khi|khi|trong\s+phạm\s+vi|trong\s+quá\s+trình)\s", RegexOptions.CultureInvariant)]
    private static partial Regex InterposedClause();

    // "Giám đốc (Thủ trưởng) các sở": a second title in brackets.
    [GeneratedRegex(@"(?<=(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng\s+ban))\s*\((?:Thủ\s+trưởng|Giám\s+đốc|Người\s+đứng\s+đầu|Trưởng\s+ban)\)", RegexOptions.CultureInvariant)]
    private static partial Regex TitleInBrackets();

    [GeneratedRegex(@"\G\s+và\s+(?:cơ\s+sở|đơn\s+vị|tổ\s+chức)\s+\p{Ll}+", RegexOptions.CultureInvariant)]
    private static partial Regex CoSubject();

    [GeneratedRegex(@"\G\s*\((?<u>(?:Chi\s+cục|Cục|Vụ|Trung\s+tâm|Thanh\s+tra)\s[^()\n]{2,100}?)\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex SubUnit();

    [GeneratedRegex(@"\G\s*(?:(?:có\s+)?liên\s+quan|trên\s+địa\s+bàn(?:\s+(?:tỉnh|thành\s+phố|xã|phường))?|thuộc\s+(?:tỉnh|thành\s+phố|Ủy\s+ban\s+nhân\s+dân\s+(?:tỉnh|thành\s+phố)))(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex Qualifier();

    [GeneratedRegex(@"(?<![\p{L}])(?<![Cc]ác\s)[Ss]ở,\s+(?:cơ\s+quan,\s+)?(?=[Bb]an,\s+[Nn]gành(?![\p{L}]))", RegexOptions.CultureInvariant)]
    private static partial Regex BareClassOfDepartments();

    [GeneratedRegex(@"((?<![\p{L}])[Cc]ác\s+[Ss]ở),\s+các\s+(?=[Bb]an)", RegexOptions.CultureInvariant)]
    private static partial Regex SplitClass();

    [GeneratedRegex(@"(?<![\p{L}])Chánh\s+(?=Văn\s+phòng|Thanh\s+tra)", RegexOptions.CultureInvariant)]
    private static partial Regex ChiefOf();

    [GeneratedRegex(@"(?<![\p{L}])(?:Các\s+)?Bộ\s+trưởng(?:\s+(?=Bộ\s)|,?\s+(?:Thủ\s+trưởng\s+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex Minister();

    [GeneratedRegex(@"các\s+(?<l>xã|phường|huyện|quận|thị\s+xã|tỉnh|thành\s+phố)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PlacesLevel();

    [GeneratedRegex(@"\G\s*:\s*(?<list>[^;.:]{2,300}?)(?=\s*(?:;|\.|$|\s(?:chịu|có|thực|tổ|triển|căn)\s))", RegexOptions.CultureInvariant)]
    private static partial Regex NamedAfterColon();

    [GeneratedRegex(@"\G(?:Trong\s+(?:vòng|thời\s+gian|thời\s+hạn)|Sau\s+(?:khi|thời\s+gian)|Chậm\s+nhất|Định\s+kỳ|Hằng\s+năm|Hàng\s+năm|Hằng\s+quý|Hàng\s+quý|Hằng\s+tháng|Hàng\s+tháng|Trước\s+ngày|Khi\s+(?:có|nhận|phát)|Trường\s+hợp|Trên\s+cơ\s+sở|Ngay\s+sau\s+khi)[^,;.]{0,200},", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingClause();

    [GeneratedRegex(@"^\s*(?:trân\s+trọng\s+)?(?:yêu\s+cầu|giao|đề\s+nghị|chỉ\s+đạo)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerVerb();

    [GeneratedRegex(@"\G(?:\s*,\s*(?:và\s+)?|\s+và\s+)(?:đề\s+nghị|yêu\s+cầu|giao)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex MoreAddressees();

    [GeneratedRegex(@"^Cơ quan (?:[Tt]hường trực|đầu mối)(?: của)?(?: (?:Tổ|Ban|Hội đồng) \p{L}+.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleOnly();

    [GeneratedRegex(@"^(?:Các\s+)?[Đđ]ồng\s+chí\s+(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex Comrades();

    /// <summary>Removes titles so the bodies they stand for can be read: same text otherwise.</summary>
    public static string WithoutTitles(string text)
    {
        // "Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ": every minister, so every ministry.
        // "Các đồng chí Bộ trưởng, …": the form of address adds nothing.
        var t = Comrades().Replace(TitleInBrackets().Replace(text, ""), "");
        t = Minister().Replace(t, m => m.Value.StartsWith("Các", StringComparison.Ordinal)
            || t.AsSpan(m.Index + m.Length).StartsWith("cơ quan ngang", StringComparison.OrdinalIgnoreCase) ? "Các bộ, " : "");
        t = ChiefOf().Replace(t, "");
        t = Titles().Replace(t, m => m.Value.StartsWith("Các", StringComparison.OrdinalIgnoreCase) || m.Value.TrimEnd().EndsWith(" các", StringComparison.Ordinal) ? "các " : "");
        // "Giám đốc các sở, Thủ trưởng các ban, ngành" → "các sở, các ban, ngành": one class.
        t = SplitClass().Replace(t, "$1, ");
        // "Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành" → "Sở, cơ quan, ban, ngành": the class of departments without its "các".
        t = BareClassOfDepartments().Replace(t, "các sở, ");
        return t;
    }

    public static string? Opener(string text)
    {
        foreach (var o in Openers)
            if (text.StartsWith(o + " ", StringComparison.Ordinal)) return o;
        return null;
    }

    /// <summary>The addressees opening <paramref name="raw"/>, or null when it does not open with any.</summary>
    public static Addressed? Read(string raw, string? issuer)
    {
        var text = WithoutTitles(raw.TrimStart('*', ' ', '"', '“'));
        var pos = 0;
        var opener = Opener(text);
        if (opener is not null) pos = Skip(text, opener.Length);
        // "Chế độ báo cáo: Các cơ quan, đơn vị…": a short heading before a colon, naming nobody, opens the item.
        var colon = text.IndexOf(':', pos);
        if (colon > pos && colon - pos < 80 && AgencyRecognizer.ReadList(text, pos).Mentions.Count == 0 && !text.AsSpan(pos, colon - pos).Contains('.'))
            pos = Skip(text, colon + 1);
        var clause = LeadingClause().Match(text, pos);
        string? leadingClause = null;
        if (clause.Success && clause.Index == pos && clause.Length < 220)
        {
            leadingClause = clause.Value.TrimEnd(',').Trim();
            // "Trong vòng 02 ngày làm việc, Ủy ban nhân dân cấp xã tiếp nhận…": the subject follows the time clause.
            pos = Skip(text, clause.Index + clause.Length);
            // "Trong vòng 02 ngày làm việc, sau khi nhận được biên bản, Phòng A chủ trì…": a second clause in lower case.
            if (SecondClause().Match(text, pos) is { Success: true } second && second.Index == pos && second.Length < 220)
                pos = Skip(text, second.Index + second.Length);
            var o = Opener(text[pos..]);
            if (o is not null) { opener ??= o; pos = Skip(text, pos + o.Length); }
        }
        if (text.AsSpan(pos).StartsWith("Căn cứ", StringComparison.Ordinal))
        {
            // "Căn cứ chức năng, nhiệm vụ được giao, Sở Y tế chủ trì…": the addressee follows the first comma clause.
            var comma = text.IndexOf(", ", pos, StringComparison.Ordinal);
            if (comma < 0 || comma > 200) return null;
            pos = Skip(text, comma + 1);
            var o = Opener(text[pos..]);
            if (o is not null) { opener ??= o; pos = Skip(text, pos + o.Length); }
        }
        var (mentions, end) = AgencyRecognizer.ReadList(text, pos);
        if (mentions.Count == 1 && IsIssuer(mentions[0], issuer) && SpeakerVerb().Match(text[end..]) is { Success: true } speaker)
        {
            // "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành…": the issuer speaks; the addressees follow the verb.
            opener = speaker.Value.Trim();
            (mentions, end) = AgencyRecognizer.ReadList(text, end + speaker.Length);
        }
        if (mentions.Count == 0) return null;
        // "Cơ quan thường trực Tổ công tác …" under an agency's block: a role the block's agency plays, not another body.
        if (RoleOnly().IsMatch(mentions[0].Canonical)) return null;
        // "Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông": the committees are named after the colon.
        if (mentions[^1] is { Kind: AgencyKind.LocalGovernment, IsGroup: true } places && PlacesLevel().Match(places.AsWritten) is { Success: true } level
            && NamedAfterColon().Match(text, end) is { Success: true } named0 && named0.Index == end)
        {
            var names = Regex.Split(named0.Groups["list"].Value, @"\s*,\s*|\s+và\s+").Select(n => n.Trim()).Where(n => n.Length > 1 && char.IsUpper(n[0]) && n.Length < 40).ToList();
            if (names.Count > 0)
            {
                var l = level.Groups["l"].Value.ToLowerInvariant();
                var one = l is "xã" or "phường" or "huyện" or "quận" or "tỉnh" or "thị xã" or "thị trấn" ? l : l.TrimEnd('s');
                mentions = [.. mentions.Take(mentions.Count - 1), .. names.Select(n => new AgencyMention(n, $"Ủy ban nhân dân {one} {n}", AgencyKind.LocalGovernment, false, false, named0.Index, named0.Index + named0.Length))];
                end = named0.Index + named0.Length;
            }
        }
        // "Giám đốc các Sở: Tài chính, Y tế và Xây dựng": the departments are named after the colon.
        if (mentions[^1].IsGroup && Regex.IsMatch(mentions[^1].AsWritten, @"^(?:các\s+)?[Ss]ở$") && NamedAfterColon().Match(text, end) is { Success: true } named && named.Index == end)
        {
            // Names hold "và" of their own ("Kế hoạch và Đầu tư"): split at commas, and at the last "và" only when the whole is no department.
            var names = new List<string>();
            foreach (var piece in named.Groups["list"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var whole = AgencyRecognizer.ReadOne("Sở " + piece, 0);
                var and = piece.LastIndexOf(" và ", StringComparison.Ordinal);
                if (whole is { Known: true } && whole.End >= piece.Length + 2 || and < 0) names.Add(piece);
                else { names.Add(piece[..and]); names.Add(piece[(and + 4)..]); }
            }
            names = names.Where(n => n.Length > 1 && char.IsUpper(n[0])).ToList();
            var expanded = names.Select(n => AgencyRecognizer.ReadOne("Sở " + n, 0)).Where(m => m is not null).Select(m => m!).ToList();
            if (expanded.Count > 0)
            {
                mentions = [.. mentions.Take(mentions.Count - 1), .. expanded];
                end = named.Index + named.Length;
                // "…; Chủ tịch Ủy ban nhân dân các huyện…": the list goes on after the named departments.
                var semicolon = Regex.Match(text[end..], @"^\s*;\s*");
                if (semicolon.Success)
                {
                    var (more, moreEnd) = AgencyRecognizer.ReadList(text, end + semicolon.Length);
                    if (more.Count > 0) { mentions = [.. mentions, .. more]; end = moreEnd; }
                }
            }
        }
        // "Sở Nông nghiệp và Môi trường (Chi cục Kiểm lâm) tổ chức…": the unit in brackets does the work for its parent; both lead.
        if (SubUnit().Match(text, end) is { Success: true } sub && sub.Index == end
            && AgencyRecognizer.ReadOne(text, sub.Groups["u"].Index) is { IsGeneric: false, IsGroup: false } unit
            && unit.End >= sub.Groups["u"].Index + sub.Groups["u"].Length && mentions.All(m => m.Canonical != unit.Canonical))
        {
            mentions = [.. mentions, unit];
            end = sub.Index + sub.Length;
        }
        while (MoreAddressees().Match(text, end) is { Success: true } more && more.Index == end)
        {
            var (further, furtherEnd) = AgencyRecognizer.ReadList(text, more.Index + more.Length);
            if (further.Count == 0) break;
            mentions = [.. mentions, .. further];
            end = furtherEnd;
        }
        // "… và các tổ chức, cá nhân có liên quan chịu trách nhiệm…": the qualifier belongs to the last name.
        // "… các cơ quan có liên quan, Chủ tịch Ủy ban nhân dân các xã …": after the qualifier the list may go on.
        for (var guard = 0; guard < 20; guard++)
        {
            var qualifier = Qualifier().Match(text, end);
            if (!qualifier.Success || qualifier.Index != end) break;
            end += qualifier.Length;
            var next = Regex.Match(text[end..Math.Min(text.Length, end + 8)], @"^(?:\s*[,;]\s*(?:và\s+)?|\s+và\s+)");
            if (!next.Success) break;
            var (further, furtherEnd) = AgencyRecognizer.ReadList(text, end + next.Length);
            if (further.Count == 0) break;
            mentions = [.. mentions, .. further];
            end = furtherEnd;
        }
        // "Phòng A và cơ sở nuôi dưỡng, điều dưỡng … trực thuộc Sở B lập dự toán …": a co-subject that is a class of units
        // written without "các" shares the duty; the duty opens at the first verb after it.
        if (CoSubject().Match(text, end) is { Success: true } co && co.Index == end)
        {
            var limit = Math.Min(text.Length, co.Index + co.Length + 160);
            for (var p = co.Index + co.Length; p < limit; p++)
            {
                if (text[p] is '.' or ';' or ':' or '\n') break;
                if (text[p] != ' ' || p + 1 >= text.Length || !DutyVerb().IsMatch(text.AsSpan(p + 1, Math.Min(48, text.Length - p - 1)))) continue;
                end = p + 1;
                break;
            }
        }
        // "Sở Tài chính, trên cơ sở đề xuất của các cơ quan, đơn vị, chủ trì tổng hợp …": a clause between the subject and
        // its verb; the duty opens at the first verb after one of its commas.
        if (InterposedClause().Match(text, end) is { Success: true } between && between.Index == end)
        {
            var limit = Math.Min(text.Length, between.Index + between.Length + 200);
            for (var p = between.Index + between.Length; p < limit; p++)
            {
                if (text[p] is '.' or ';' or ':' or '\n') break;
                if (text[p] != ',') continue;
                var verb = Skip(text, p + 1);
                if (verb < text.Length && DutyVerb().IsMatch(text.AsSpan(verb, Math.Min(48, text.Length - verb)))) { end = verb; break; }
            }
        }
        // The issuer is an addressee of what it does itself ("Bộ … chủ trì tổng kết"); only its speaking ("yêu cầu…") was skipped above.
        var kept = mentions.ToList();
        var requested = opener is not null && (opener.StartsWith("Đề", StringComparison.OrdinalIgnoreCase) || opener.Contains("đề nghị", StringComparison.OrdinalIgnoreCase) || opener.StartsWith("Kính", StringComparison.Ordinal));
        return new Addressed(kept, text, end, requested, opener) { LeadingClause = leadingClause };
    }

    /// <summary>The issuer speaking or acting as issuer is never its own addressee.</summary>
    public static bool IsIssuer(AgencyMention m, string? issuer)
    {
        if (m.IsGroup) return false;
        var c = m.Canonical;
        if (issuer is not null && string.Equals(c, issuer, StringComparison.OrdinalIgnoreCase)) return true;
        if (issuer is not null && issuer.StartsWith("Ủy ban nhân dân ", StringComparison.Ordinal))
        {
            // "Ủy ban nhân dân tỉnh" in a plan of Ủy ban nhân dân tỉnh X.
            var level = issuer["Ủy ban nhân dân ".Length..].Split(' ')[0].ToLowerInvariant();
            if (string.Equals(c, "Ủy ban nhân dân " + level, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c, "Ủy ban nhân dân thành phố", StringComparison.OrdinalIgnoreCase) && level == "thành")
                return true;
        }
        return c is "Thủ tướng Chính phủ" or "Chính phủ" && issuer is "Thủ tướng Chính phủ" or "Chính phủ";
    }

    private static int Skip(string s, int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or ',') pos++;
        return pos;
    }

    [GeneratedRegex(@"^(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|là\s+cơ\s+quan|là\s+đầu\s+mối|thực\s+hiện|tổ\s+chức|triển\s+khai|xây\s+dựng|hướng\s+dẫn|chỉ\s+đạo|tham\s+mưu|báo\s+cáo|tổng\s+hợp|rà\s+soát|kiểm\s+tra|theo\s+dõi|đôn\s+đốc|bố\s+trí|cân\s+đối|đảm\s+bảo|bảo\s+đảm|tăng\s+cường|đẩy\s+mạnh|nghiên\s+cứu|đề\s+xuất|ban\s+hành|trình|cập\s+nhật|tuyên\s+truyền|phổ\s+biến|vận\s+động|hỗ\s+trợ|cung\s+cấp|quản\s+lý|giám\s+sát|thanh\s+tra|xử\s+lý|lập|gửi|tiếp\s+tục|chủ\s+động|phát\s+huy|lồng\s+ghép|căn\s+cứ|theo\s+chức\s+năng|trong\s+phạm\s+vi|đồng\s+chủ\s+trì|khẩn\s+trương|tập\s+trung|thường\s+xuyên|định\s+kỳ|hằng\s+năm|hàng\s+năm|tích\s+cực|sớm|nâng\s+cao|ưu\s+tiên|quan\s+tâm|cử|làm|huy\s+động|phân\s+bổ|thẩm\s+định|thống\s+kê|điều\s+tra|rà\s+soát|đánh\s+giá|sơ\s+kết|tổng\s+kết|khảo\s+sát|phê\s+duyệt|kiện\s+toàn|duy\s+trì|thông\s+tin|đăng\s+tải|công\s+khai|bổ\s+sung|hoàn\s+thiện|hoàn\s+thành|thành\s+lập|chuẩn\s+bị|tiếp\s+nhận|giải\s+quyết|thu\s+thập|số\s+hóa|vận\s+hành|kết\s+nối|tích\s+hợp|chia\s+sẻ|khai\s+thác|ứng\s+dụng|áp\s+dụng|phát\s+triển|tạo\s+điều\s+kiện|phát\s+hiện|ngăn\s+chặn|đấu\s+tranh|triệt\s+phá|khắc\s+phục|thẩm\s+tra|biên\s+soạn|tập\s+huấn|bồi\s+dưỡng|đào\s+tạo|mở|tham\s+gia|tham\s+dự|phải|cần|xem\s+xét|trực\s+tiếp|kịp\s+thời|quyết\s+liệt|nghiêm\s+túc|đẩy\s+nhanh|(?:\(|:))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DutyVerb();

    /// <summary>The words after the names open a duty ("chủ trì…", "có trách nhiệm…", ": …").</summary>
    public static bool OpensDuty(string rest) => rest.Length == 0 || DutyVerb().IsMatch(rest);

    [GeneratedRegex(@"^(?:đã|đang|vừa)\s", RegexOptions.CultureInvariant)]
    private static partial Regex PastOrPassive();

    /// <summary>"Sở Y tế đã tổ chức…": a report of the past, not a duty.</summary>
    public static bool IsPast(string rest) => PastOrPassive().IsMatch(rest);
}
