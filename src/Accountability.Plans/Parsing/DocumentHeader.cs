using System.Globalization;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Parsing;

/// <summary>Reads the plan's number, issuer, date, title and period from the part before its first section.</summary>
internal static partial class DocumentHeader
{
    [GeneratedRegex(@"Số\s*:?\s*(?<n>\d{1,5})\s*/\s*(?<k>[\p{Lu}Đ][\p{Lu}Đ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLine();

    [GeneratedRegex(@"kèm\s+theo\s+(?:Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị|Công\s+văn)\s+số\s*(?<n>\d{1,5})\s*/\s*(?<k>[\p{Lu}Đ][\p{Lu}Đ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9]+)*)(?:\s+ngày\s+(?:(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})|(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})\s*/\s*(?<y>\d{4})))?(?:\s+của\s+(?<by>[^)]+))?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AttachedTo();

    [GeneratedRegex(@"(?<place>[\p{L}][\p{L} ]{1,40}),\s*ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceAndDate();

    [GeneratedRegex(@"(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG)\s+(?<place>\p{Lu}+(?:\s+\p{Lu}+)*)(?!\p{Ll})", RegexOptions.CultureInvariant)]
    private static partial Regex CommitteeHeader();

    [GeneratedRegex(@"(?<![\p{L}])BỘ\s+(?<name>\p{Lu}+(?:\s*[-,]?\s*\p{Lu}+)*)(?!\p{Ll})", RegexOptions.CultureInvariant)]
    private static partial Regex MinistryHeader();

    [GeneratedRegex(@"(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+(?<level>tỉnh|thành\s+phố|Thành\s+phố|huyện|quận|thị\s+xã)\s+ban\s+hành", RegexOptions.CultureInvariant)]
    private static partial Regex CommitteeIssues();

    [GeneratedRegex(@"giai\s+đoạn\s+(?<a>\d{4})\s*[-–]\s*(?<b>\d{4})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Period();

    [GeneratedRegex(@"(?<![\p{L}])(?:năm|NĂM)\s+(?<y>\d{4})(?!\s*[-–/])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SingleYear();

    [GeneratedRegex(@"thay\s+thế\s+(?:Quyết\s+định|Kế\s+hoạch)\s+số\s*(?<n>\d{1,5})\s*/\s*(?<k>[\p{Lu}Đ][\p{Lu}Đ0-9]*(?:\s*-\s*[\p{Lu}Đ0-9]+)*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Replaces();

    private static readonly string[] HeaderStops = ["CỘNG HÒA", "CỘNG HOÀ", "SỐ", "ĐỘC LẬP", "QUYẾT ĐỊNH", "KẾ HOẠCH", "TM", "KT", "CHƯƠNG TRÌNH"];

    public static PlanDocument Read(IReadOnlyList<Paragraph> preamble)
    {
        var texts = preamble.Select(p => p.Text.ToString()).ToList();
        var all = string.Join("\n", texts);
        var folded = VietnameseText.Fold(all);

        string? number = null;
        DateOnly? issuedOn = null;
        string? issuer = null;

        var attached = AttachedTo().Match(folded);
        var numberLine = NumberLine().Match(folded);
        if (numberLine.Success) number = $"{numberLine.Groups["n"].Value}/{Compact(numberLine.Groups["k"].Value)}";
        else if (attached.Success) number = $"{attached.Groups["n"].Value}/{Compact(attached.Groups["k"].Value)}";

        var placeDate = PlaceAndDate().Match(folded);
        if (placeDate.Success && TryDate(placeDate, out var d)) issuedOn = d;
        else if (attached.Success && attached.Groups["y"].Success && TryDate(attached, out var d2)) issuedOn = d2;

        var headerText = VietnameseText.CollapseSpaces(folded.Replace('\n', ' '));
        var committee = CommitteeHeader().Match(headerText);
        var ministry = MinistryHeader().Match(headerText);
        if (committee.Success && (!ministry.Success || committee.Index < ministry.Index))
            issuer = Committee(committee.Groups["level"].Value, CutAtStops(committee.Groups["place"].Value));
        else if (ministry.Success)
            issuer = AgencyRecognizer.Canonicalize("Bộ " + CutAtStops(ministry.Groups["name"].Value));
        else
        {
            var issues = CommitteeIssues().Match(folded);
            if (issues.Success && placeDate.Success)
                issuer = Committee(issues.Groups["level"].Value, LastPlaceWords(placeDate.Groups["place"].Value));
            else if (attached.Groups["by"].Success)
                issuer = AgencyRecognizer.Canonicalize(Regex.Replace(attached.Groups["by"].Value.Trim(), @"^(Bộ\s+trưởng|Chủ\s+tịch|Thủ\s+trưởng)\s+", ""));
        }

        var title = Title(texts);
        DateOnly? from = null, to = null;
        // The title decides ("… giai đoạn 2021-2025", "… năm 2025"); the preamble only when the title is silent.
        var period = title is null ? Match.Empty : Period().Match(title);
        var single = title is null ? Match.Empty : SingleYear().Match(title);
        if (!period.Success && !single.Success) period = Period().Match(folded);
        if (period.Success)
        {
            from = new DateOnly(int.Parse(period.Groups["a"].Value, CultureInfo.InvariantCulture), 1, 1);
            to = new DateOnly(int.Parse(period.Groups["b"].Value, CultureInfo.InvariantCulture), 12, 31);
        }
        else if (single.Success)
        {
            var y = int.Parse(single.Groups["y"].Value, CultureInfo.InvariantCulture);
            (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        }

        var replaces = Replaces().Match(folded);
        var supersedes = replaces.Success ? $"{replaces.Groups["n"].Value}/{Compact(replaces.Groups["k"].Value)}" : null;
        var jurisdiction = issuer is not null && issuer.StartsWith("Ủy ban nhân dân ", StringComparison.Ordinal) ? issuer["Ủy ban nhân dân ".Length..] : null;
        return new PlanDocument(number, issuer, issuedOn, title, from, to, null, jurisdiction, supersedes);
    }

    /// <summary>The subject line under "KẾ HOẠCH" (or the decision's, when no plan heading is found).</summary>
    private static string? Title(List<string> texts)
    {
        foreach (var kind in new[] { "KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH" })
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var t = texts[i].Trim();
                if (!t.StartsWith(kind, StringComparison.Ordinal) || !VietnameseText.IsAllCaps(t)) continue;
                var rest = t[kind.Length..].Trim(' ', ':');
                if (rest.Length > 0) return CutAttachment(rest);
                if (i + 1 < texts.Count)
                {
                    var next = texts[i + 1].Trim();
                    if (next.Length > 0 && !next.StartsWith('(') && !next.StartsWith("Căn cứ", StringComparison.Ordinal))
                        return CutAttachment(next);
                }
            }
        }
        return null;
    }

    /// <summary>"… (Ban hành kèm theo Quyết định số …)" is not part of the title.</summary>
    private static string CutAttachment(string title)
    {
        var at = Regex.Match(title, @"\(\s*(?:Ban\s+hành\s+)?kèm\s+theo", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (at.Success) title = title[..at.Index];
        // Without a blank line the preamble runs on into the title: "… năm 2024 Thực hiện Kế hoạch số 45/KH-UBND …".
        var preamble = Regex.Match(title, @"(?<=\S)\s+(?:Thực\s+hiện|Căn\s+cứ|Theo\s+đề\s+nghị|Nhằm|Để)\s", RegexOptions.CultureInvariant);
        if (preamble.Success && preamble.Index > 10) title = title[..preamble.Index];
        return title.Trim();
    }

    private static string Committee(string level, string place)
    {
        var l = VietnameseText.CollapseSpaces(level).ToLowerInvariant();
        var levelText = l == "thành phố" ? "Thành phố" : l;
        return $"Ủy ban nhân dân {levelText} {VietnameseText.TitleCase(place)}";
    }

    private static string CutAtStops(string place)
    {
        var cut = place.Length;
        foreach (var stop in HeaderStops)
        {
            var at = Regex.Match(place, @"(?<![\p{L}])" + stop + @"(?![\p{L}])");
            if (at.Success && at.Index < cut) cut = at.Index;
        }
        return place[..cut].Trim(' ', '-', ',');
    }

    /// <summary>"Thành phố Hồ Chí Minh" → "Hồ Chí Minh"; "Quảng Ngãi" stays.</summary>
    private static string LastPlaceWords(string place)
    {
        var p = place.Trim();
        foreach (var prefix in new[] { "Thành phố ", "thành phố ", "Tỉnh ", "tỉnh ", "TP. ", "TP " })
            if (p.StartsWith(prefix, StringComparison.Ordinal)) return p[prefix.Length..];
        return p;
    }

    private static string Compact(string kind) => Regex.Replace(kind, @"\s+", "");

    private static bool TryDate(Match m, out DateOnly date)
    {
        date = default;
        var (y, mo, d) = (int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture));
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo)) return false;
        date = new DateOnly(y, mo, d);
        return true;
    }
}
