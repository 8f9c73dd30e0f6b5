using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;
using Accountability.Plans.Layout;

namespace Accountability.Plans.Parsing;

/// <summary>
/// Reads the plan's identity from its own header, whoever issued it (Thủ tướng Chính phủ, Chính phủ, a Bộ, an
/// Ủy ban nhân dân, a steering committee): the issuer beside or above the national motto, "Số: …" (spaces that
/// scraping put inside it removed), the "…, ngày … tháng … năm …" line, the title under the document's kind, and
/// the period the title states ("giai đoạn 2021-2025", "năm 2025", "đến năm 2030", never a vision year).
/// Only the document's header counts: a website's panels and a gazette's page headers were trimmed before.
/// </summary>
internal static partial class HeaderReader
{
    [GeneratedRegex(@"Số\s*:?\s*(?<n>\d{1,5})\s*(?:/\s*(?<y>(?:19|20)\d{2}))?\s*/\s*(?<k>[\p{Lu}Đ][\p{L}Đđ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9][\p{L}Đđ0-9]*)*)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLine();

    [GeneratedRegex(@"(?<=(?:^|\s))(?:\p{Lu}\s){1,6}\p{Lu}{1,4}(?=\s|$|-|/)", RegexOptions.CultureInvariant)]
    private static partial Regex SpacedLetters();

    [GeneratedRegex(@"(?:(?<place>[\p{L}][\p{L}\.\s]{1,40}?)\s*,\s*)?ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>(?:19|20)\d{2})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PlaceAndDate();

    [GeneratedRegex(@"(?<![\p{L}])(?:CHỦ\s+TỊCH\s+)?(?<who>(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG)(?:\s+\p{Lu}+){1,4}|THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ|CHÍNH\s+PHỦ|BỘ(?:\s+\p{Lu}+|\s*-\s*){1,8})(?=\s+(?:Căn|căn|\*|QUYẾT|$))", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorityLine();

    [GeneratedRegex(@"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI", RegexOptions.CultureInvariant)]
    private static partial Regex Motto();

    [GeneratedRegex(@"^(?<kind>KẾ\s+HOẠCH|CHƯƠNG\s+TRÌNH(?:\s+HÀNH\s+ĐỘNG)?|ĐỀ\s+ÁN|QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|NGHỊ\s+QUYẾT|THÔNG\s+BÁO|THÔNG\s+TƯ|KẾT\s+LUẬN|QUY\s+CHẾ|QUY\s+ĐỊNH|CÔNG\s+VĂN|HƯỚNG\s+DẪN)(?![\p{L}])\s*:?\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex KindLine();

    [GeneratedRegex(@"giai\s+đoạn\s+(?<a>(?:19|20)\d{2})\s*[-–]\s*(?<b>(?:19|20)\d{2})|(?<![\d])(?<a>20\d{2})\s*[-–]\s*(?<b>20\d{2})(?![\d])|từ\s+năm\s+(?<a>20\d{2})\s+đến\s+năm\s+(?<b>20\d{2})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Period();

    [GeneratedRegex(@"đến\s+năm\s+(?<b>20\d{2})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Until();

    [GeneratedRegex(@"^(?:\S+\s+){0,2}?MỤC\s+TIÊU(?:\s+\S+){0,3}?\s+ĐẾN\s+NĂM\s+(?<y>20\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex GoalsHeading();

    /// <summary>The year of a heading "MỤC TIÊU ĐẾN NĂM 2030" in the plan's first three levels (an article's parts included) (a vision, "tầm nhìn", is no goal).</summary>
    private static int? GoalsUntil(IReadOnlyList<Node> roots)
    {
        var second = roots.SelectMany(r => r.Children).ToList();
        foreach (var n in roots.Concat(second).Concat(second.SelectMany(c => c.Children)))
            if (n.Title.Length < 80 && GoalsHeading().Match(n.Title) is { Success: true } m && !n.Title.Contains("tầm nhìn", StringComparison.OrdinalIgnoreCase))
                return int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        return null;
    }

    [GeneratedRegex(@"(?<![\p{L}])năm\s+(?<y>(?:19|20)\d{2})(?!\s*[-–/]\s*\d)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SingleYear();

    [GeneratedRegex(@",?\s*(?:tầm\s+nhìn|định\s+hướng)\s+(?:đến\s+)?(?:năm\s+)?\d{4}.*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Vision();

    [GeneratedRegex(@"thay\s+thế\s+(?:Quyết\s+định|Kế\s+hoạch|Chỉ\s+thị)\s+số\s*(?<n>\d{1,5})\s*(?:/\s*(?<y>\d{4}))?\s*/\s*(?<k>[\p{Lu}Đ][\p{L}Đđ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9][\p{L}Đđ0-9]*)*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Replaces();

    [GeneratedRegex(@"(?:Thực\s+hiện|Triển\s+khai|Căn\s+cứ)\s+(?<what>Kế\s+hoạch|Quyết\s+định|Chỉ\s+thị|Chương\s+trình|Nghị\s+quyết)\s+số\s*(?<n>\d{1,5})\s*(?:/\s*(?<y>\d{4}))?\s*/\s*(?<k>[\p{Lu}Đ][\p{L}Đđ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9][\p{L}Đđ0-9]*)*)(?:\s+ngày\s+(?:(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<yy>\d{4})|(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})\s*/\s*(?<yy>\d{4})))?(?:\s+của\s+(?<by>[^,;.]{3,80}))?", RegexOptions.CultureInvariant)]
    private static partial Regex ImplementsPlan();

    [GeneratedRegex(@"kèm\s+theo\s+(?:Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị|Công\s+văn|Thông\s+báo)\s+số\s*(?<n>\d{1,5})\s*(?:/\s*(?<y>(?:19|20)\d{2}))?\s*/\s*(?<k>[\p{Lu}Đ][\p{L}Đđ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9][\p{L}Đđ0-9]*)*)(?:\s+ngày\s+(?:(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<yy>\d{4})|(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})\s*/\s*(?<yy>\d{4})))?(?:\s+của\s+(?<by>[^)]+))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AttachedTo();

    [GeneratedRegex(@"(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+(?<level>tỉnh|thành\s+phố|Thành\s+phố|huyện|quận|thị\s+xã|xã|phường)\s+ban\s+hành", RegexOptions.CultureInvariant)]
    private static partial Regex CommitteeIssues();

    /// <summary>"Bộ trưởng Bộ Lao động - Thương binh và Xã hội" → the ministry.</summary>
    private static string IssuerOfAttachment(string by)
    {
        var t = Regex.Replace(VietnameseText.CollapseSpaces(by).Trim(), @"^(?:Bộ\s+trưởng|Chủ\s+tịch|Thủ\s+trưởng|Trưởng\s+ban)\s+", "");
        return AgencyRecognizer.ReadOne(t, 0) is { } m ? m.Canonical : AgencyRecognizer.Canonicalize(t);
    }

    [GeneratedRegex(@"\(\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo.*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Attachment();

    /// <summary>
    /// The plan this one replaces: "thay thế Quyết định số 1948/QĐ-UBND" in the header, or in the decision's own
    /// articles as a sentence about this document ("Quyết định này có hiệu lực … và thay thế …"), not a task that
    /// asks someone to replace a decision.
    /// </summary>
    private static string? Superseded(string header, IReadOnlyList<Node> roots)
    {
        if (Replaces().Match(header) is { Success: true } inHeader) return NumberOf(inHeader);
        foreach (var root in roots.Where(r => r.Part == 0))
        foreach (var block in root.AllBlocks())
        {
            if (block is not Para p) continue;
            var text = VietnameseText.CollapseSpaces(p.Rendered);
            foreach (Match m in Replaces().Matches(text))
            {
                var sentenceStart = text.LastIndexOfAny(['.', ';', ':'], Math.Max(0, m.Index - 1)) + 1;
                if (ThisDocument().IsMatch(text[sentenceStart..m.Index])) return NumberOf(m);
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?:Quyết\s+định|Kế\s+hoạch|Chương\s+trình)\s+này", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ThisDocument();

    public static PlanDocument Read(IReadOnlyList<Block> preamble, IReadOnlyList<Node> roots)
    {
        var texts = new List<string>();
        foreach (var block in preamble)
        {
            switch (block)
            {
                case Para p: texts.Add(p.Rendered); break;
                case TableBlock t:
                    foreach (var row in t.Rows) texts.Add(string.Join(" \n", row));
                    break;
            }
        }
        var header = Collapse(string.Join(" \n", texts));
        var flat = SpacedLetters().Replace(header.Replace('\n', ' '), m => m.Value.Replace(" ", ""));
        flat = VietnameseText.CollapseSpaces(VietnameseText.Fold(flat));

        string? number = null;
        var n = NumberLine().Match(flat);
        var all0 = VietnameseText.CollapseSpaces(string.Join(" ", texts));
        var attached = AttachedTo().Match(all0);
        if (n.Success) number = NumberOf(n);
        // A plan issued with a decision names the decision's number: "(Ban hành kèm theo Quyết định số 629/QĐ-LĐTBXH ngày …)".
        else if (attached.Success) number = NumberOf(attached);

        DateOnly? issuedOn = null;
        foreach (Match d in PlaceAndDate().Matches(flat))
        {
            // The document's own date line; a "Căn cứ … ngày …" citation has no place before it.
            if (!d.Groups["place"].Success && issuedOn is not null) continue;
            if (TryDate(d, "y", out var date) && (d.Groups["place"].Success && !IsCitation(flat, d.Index) || issuedOn is null))
            {
                issuedOn = date;
                if (d.Groups["place"].Success && !IsCitation(flat, d.Index)) break;
            }
        }

        if (issuedOn is null && attached.Success && attached.Groups["yy"].Success && TryDate(attached, "yy", out var attachedOn)) issuedOn = attachedOn;
        var issuer = Issuer(flat);
        if (issuer is null && CommitteeIssues().Match(all0) is { Success: true } issues && PlaceAndDate().Match(flat) is { Success: true } placeDate && placeDate.Groups["place"].Success)
        {
            // "… Ủy ban nhân dân tỉnh ban hành Kế hoạch …" with "Quảng Ngãi, ngày …": the committee of that place.
            var level = issues.Groups["level"].Value.ToLowerInvariant();
            var place = VietnameseText.CollapseSpaces(placeDate.Groups["place"].Value.Trim());
            place = Regex.Replace(place, @"^(?:Thành\s+phố|thành\s+phố|Tỉnh|tỉnh|TP\.?)\s+", "");
            issuer = $"Ủy ban nhân dân {(level == "thành phố" && place is "Hồ Chí Minh" or "Hà Nội" ? "Thành phố" : level)} {place}";
        }
        else if (issuer is null && attached.Success && attached.Groups["by"].Success)
            issuer = IssuerOfAttachment(attached.Groups["by"].Value);
        var (title, kind) = Title(preamble, roots);
        DateOnly? from = null, to = null;
        var titleForPeriod = title is null ? "" : Vision().Replace(title, "");
        var period = Period().Match(titleForPeriod);
        var until = Until().Match(titleForPeriod);
        var single = SingleYear().Match(titleForPeriod);
        if (period.Success)
        {
            from = new DateOnly(int.Parse(period.Groups["a"].Value, CultureInfo.InvariantCulture), 1, 1);
            to = new DateOnly(int.Parse(period.Groups["b"].Value, CultureInfo.InvariantCulture), 12, 31);
        }
        else if (until.Success && issuedOn is { } issued)
        {
            (from, to) = (issued, new DateOnly(int.Parse(until.Groups["b"].Value, CultureInfo.InvariantCulture), 12, 31));
        }
        else if (single.Success)
        {
            var y = int.Parse(single.Groups["y"].Value, CultureInfo.InvariantCulture);
            (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        }
        else if (issuedOn is { } issuedDay && GoalsUntil(roots) is { } goalYear && goalYear >= issuedDay.Year)
        {
            // A title with no period, and a heading "MỤC TIÊU ĐẾN NĂM 2030": the plan runs until its goals' year.
            (from, to) = (issuedDay, new DateOnly(goalYear, 12, 31));
        }

        var all = VietnameseText.CollapseSpaces(string.Join(" ", texts));
        var supersedes = Superseded(all, roots);
        var implements = ImplementsPlan().Match(all);
        var jurisdiction = issuer is not null && issuer.StartsWith("Ủy ban nhân dân ", StringComparison.Ordinal) ? issuer["Ủy ban nhân dân ".Length..] : null;
        return new PlanDocument(number, issuer, issuedOn, title, from, to, null, jurisdiction, supersedes)
        {
            Kind = kind,
            Implements = implements.Success && implements.Groups["what"].Value.StartsWith("Kế", StringComparison.Ordinal) || implements.Success && implements.Groups["what"].Value.StartsWith("Chương", StringComparison.Ordinal)
                ? new PlanReference(NumberOf(implements), implements.Groups["yy"].Success && TryDate(implements, "yy", out var on) ? on : null,
                    implements.Groups["by"].Success ? VietnameseText.CollapseSpaces(implements.Groups["by"].Value).Trim() : null)
                : null,
        };
    }

    private static bool IsCitation(string text, int at)
    {
        var before = text[Math.Max(0, at - 60)..at];
        return before.Contains("Căn cứ", StringComparison.Ordinal) || before.Contains("số", StringComparison.Ordinal) && Regex.IsMatch(before, @"\d+/[\p{Lu}]");
    }

    private static string NumberOf(Match m)
    {
        var kind = Regex.Replace(m.Groups["k"].Value, @"\s+", "");
        return m.Groups["y"].Success ? $"{m.Groups["n"].Value}/{m.Groups["y"].Value}/{kind}" : $"{m.Groups["n"].Value}/{kind}";
    }

    [GeneratedRegex(@"\s*Số\s*:?\s*[\p{L}\d/\-.\s]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNumber();

    /// <summary>The capitalised words just before the motto ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ CỘNG HÒA…").</summary>
    private static string? Issuer(string flat)
    {
        var motto = Motto().Match(flat);
        var before = motto.Success ? flat[..motto.Index] : flat[..Math.Min(flat.Length, 200)];
        // "CHÍNH PHỦ Số: 100/NQ-CP CỘNG HÒA…": the number printed under the issuer is not part of its name.
        if (motto.Success) before = TrailingNumber().Replace(before, "");
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('-', '–', '_', '|', '*')).Where(w => w.Length > 0).ToList();
        var caps = new List<string>();
        for (var i = words.Count - 1; i >= 0 && caps.Count < 14; i--)
        {
            if (!VietnameseText.IsAllCaps(words[i]) && !(words[i].Length == 1 && char.IsUpper(words[i][0]))) break;
            caps.Insert(0, words[i]);
        }
        if (!motto.Success)
        {
            // No national motto above it: the authority line that opens the decision names the issuer.
            var authority = AuthorityLine().Match(flat);
            if (authority.Success) return IssuerName(authority.Groups["who"].Value.Trim());
            caps = words.TakeWhile(w => VietnameseText.IsAllCaps(w)).Take(14).ToList();
            // Without the motto the first capitals may run on into the document's kind.
            var stop = caps.FindIndex(w => w is "KẾ" or "QUYẾT" or "CHỈ" or "NGHỊ" or "THÔNG" or "SỐ" or "CỘNG");
            if (stop > 0) caps = caps.Take(stop).ToList();
        }
        if (caps.Count == 0) return null;
        var raw = string.Join(" ", caps);
        return IssuerName(raw);
    }

    [GeneratedRegex(@"^(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN|ĐẶC\s+KHU)\s+(?<place>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Committee();

    /// <summary>An issuer printed in capitals, in its ordinary spelling: the gazetteer's name when it knows it.</summary>
    internal static string IssuerName(string caps)
    {
        var c = Committee().Match(caps);
        if (c.Success)
        {
            var level = VietnameseText.CollapseSpaces(c.Groups["level"].Value).ToLowerInvariant();
            var place = VietnameseText.TitleCase(c.Groups["place"].Value);
            if (level == "thành phố" && place is "Hồ Chí Minh" or "Hà Nội") level = "Thành phố";
            return $"Ủy ban nhân dân {level} {place}";
        }
        var lower = caps.ToLowerInvariant();
        var known = AgencyCatalog.Bodies.FirstOrDefault(b => string.Equals(VietnameseText.Fold(b.Name).ToLowerInvariant(), VietnameseText.Fold(lower), StringComparison.Ordinal));
        if (known is not null) return known.Name;
        var mention = AgencyRecognizer.ReadOne(VietnameseText.UpperFirst(lower), 0);
        if (mention is { Known: true } && mention.End >= lower.Length - 1) return mention.Canonical;
        return VietnameseText.UpperFirst(lower);
    }

    /// <summary>The subject under the plan's own kind line (an attached plan's before the decision's), and the kind.</summary>
    private static (string? Title, string? Kind) Title(IReadOnlyList<Block> preamble, IReadOnlyList<Node> roots)
    {
        var candidates = new List<(string Kind, string Title)>();
        var paras = preamble.OfType<Para>().ToList();
        for (var i = 0; i < paras.Count; i++)
        {
            var t = paras[i].Rendered.Trim();
            var m = KindLine().Match(t);
            if (!m.Success || !VietnameseText.IsAllCaps(m.Groups["kind"].Value)) continue;
            var rest = m.Groups["rest"].Value.Trim();
            if (rest.Length == 0 && i + 1 < paras.Count)
            {
                var next = paras[i + 1].Rendered.Trim();
                if (!next.StartsWith('(') && !next.StartsWith("Căn cứ", StringComparison.Ordinal) && !KindLine().IsMatch(next)) rest = next;
            }
            if (rest.Length > 0) candidates.Add((Normalize(m.Groups["kind"].Value), Clean(rest)));
        }
        foreach (var root in roots)
        {
            if (root.Head is null) continue;
            var m = KindLine().Match(root.Head.Text.Trim());
            if (!m.Success) continue;
            var rest = m.Groups["rest"].Value.Trim();
            // "KẾ HOẠCH" alone, the subject on the next line.
            if (rest.Length == 0 && root.Body.FirstOrDefault() is Para next && !next.Text.StartsWith('(') && !next.Text.StartsWith("Căn cứ", StringComparison.Ordinal))
            {
                rest = next.Text;
                // A title broken by an empty line: "Phòng, chống mại dâm giai đoạn 2021 - 2025" / "trên địa bàn Thành phố…".
                foreach (var more in root.Body.Skip(1).Take(3))
                {
                    if (more is not Para p || p.Text.Length > 200 || !VietnameseText.StartsLower(p.Text)) break;
                    rest += " " + p.Text;
                }
            }
            // "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ" / "thực hiện Chỉ thị … giai đoạn 2026 - 2030": the subject goes on below.
            else if (Regex.IsMatch(rest, @"^(?:CỦA|Của)\s", RegexOptions.CultureInvariant))
                foreach (var more in root.Body.Take(3))
                {
                    if (more is not Para p || p.Text.Length > 320 || !VietnameseText.StartsLower(p.Text)) break;
                    rest += " " + p.Text;
                }
            if (rest.Length > 0) candidates.Add((Normalize(m.Groups["kind"].Value), Clean(rest)));
        }
        foreach (var preferred in new[] { "KẾ HOẠCH", "CHƯƠNG TRÌNH", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "ĐỀ ÁN" })
            foreach (var (kind, title) in candidates)
                if (kind == preferred && title.Length > 0) return (title, kind);
        var first = candidates.FirstOrDefault(c => c.Title.Length > 0);
        return first.Title is null ? (null, null) : (first.Title, first.Kind);
    }

    private static string Normalize(string kind) => VietnameseText.CollapseSpaces(kind);

    private static string Clean(string title)
    {
        title = Attachment().Replace(title, "");
        // Without a blank line the preamble runs on into the title: "… năm 2024 Thực hiện Kế hoạch số 45/KH-UBND …".
        var preamble = Regex.Match(title, @"(?<=\S)\s+(?:Thực\s+hiện|Căn\s+cứ|Theo\s+đề\s+nghị|Nhằm|Để|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|CHỦ\s+TỊCH|ỦY\s+BAN\s+NHÂN\s+DÂN)\s", RegexOptions.CultureInvariant);
        if (preamble.Success && preamble.Index > 10) title = title[..preamble.Index];
        return title.Trim().TrimEnd(':').Trim();
    }

    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var line in s.Split('\n'))
        {
            var t = line.Trim();
            if (t.Length == 0 || t.All(c => c is '-' or '_' or '–' or '=' or '*' or ' ')) continue;
            sb.Append(t).Append('\n');
        }
        return sb.ToString();
    }

    private static bool TryDate(Match m, string yearGroup, out DateOnly date)
    {
        date = default;
        var (y, mo, d) = (int.Parse(m.Groups[yearGroup].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return false;
        date = new DateOnly(y, mo, d);
        return true;
    }
}
