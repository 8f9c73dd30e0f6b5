using System.Globalization;
using System.Text;

namespace Accountability.Plans.Agencies;

/// <summary>Small text helpers for Vietnamese: spelling variants that mean the same word.</summary>
public static class VietnameseText
{
    /// <summary>
    /// Same-length fold for matching: old-style tone placement ("hoá", "Uỷ") becomes the modern one
    /// ("hóa", "Ủy") and dashes become hyphens. Same length, so positions map back to the original.
    /// </summary>
    public static string Fold(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            var (a, b) = (chars[i], chars[i + 1]);
            var endOfSyllable = i + 2 >= chars.Length || !char.IsLetter(chars[i + 2]);
            // "quý": after q the u is part of the consonant, and the mark already sits right.
            if (!endOfSyllable || (i > 0 && chars[i - 1] is 'q' or 'Q')) continue;
            var lowerA = char.ToLowerInvariant(a);
            if ((lowerA == 'o' && "aăe".Contains(BaseVowel(b))) || (lowerA == 'u' && BaseVowel(b) == 'y'))
            {
                var tone = ToneOf(b);
                if (tone == 0) continue;
                chars[i] = WithTone(a, tone);
                chars[i + 1] = WithTone(b, 0);
            }
        }
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is '–' or '—' or '‑' or '−') chars[i] = '-';
            else if (chars[i] == 'Ð') chars[i] = 'Đ';
        }
        return new string(chars);
    }

    public static bool StartsUpper(string s)
    {
        foreach (var c in s)
            if (char.IsLetter(c)) return char.IsUpper(c);
            else if (!char.IsWhiteSpace(c) && c is not ('"' or '“' or '(' or '*')) return false;
        return false;
    }

    public static bool StartsLower(string s)
    {
        foreach (var c in s)
            if (char.IsLetter(c)) return char.IsLower(c);
            else if (!char.IsWhiteSpace(c)) return false;
        return false;
    }

    /// <summary>True when every letter is upper case (headings), with at least two letters.</summary>
    public static bool IsAllCaps(string s)
    {
        var letters = 0;
        foreach (var c in s)
        {
            if (!char.IsLetter(c)) continue;
            if (char.IsLower(c)) return false;
            letters++;
        }
        return letters >= 2;
    }

    public static string CollapseSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Capitalises the first letter of the text, past a list marker ("a) …", "- …", "1. …") that stays as it is.</summary>
    public static string UpperFirstOfText(string s)
    {
        var m = System.Text.RegularExpressions.Regex.Match(s, @"^\s*(?:[a-zđ]\)|[-–+•]|\d+(?:\.\d+)*[.)])\s+");
        return m.Success ? s[..m.Length] + UpperFirst(s[m.Length..]) : UpperFirst(s);
    }

    public static string UpperFirst(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (char.IsLetter(s[i]))
                return s[..i] + char.ToUpper(s[i], CultureInfo.InvariantCulture) + s[(i + 1)..];
        return s;
    }

    /// <summary>"QUẢNG NINH" → "Quảng Ninh".</summary>
    public static string TitleCase(string s) =>
        string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length == 0 ? w : char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..].ToLower(CultureInfo.InvariantCulture)));

    /// <summary>Strips diacritics and case: "Sở Tư pháp" → "so tu phap". For slugs and loose comparison.</summary>
    public static string Ascii(string s)
    {
        var decomposed = s.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static char BaseVowel(char c)
    {
        var s = c.ToString().Normalize(NormalizationForm.FormD);
        var baseChar = char.ToLowerInvariant(s[0]);
        // keep ă/â/ê distinct from a/e by re-composing the non-tone mark
        var composed = new StringBuilder().Append(baseChar);
        foreach (var m in s.Skip(1))
            if (m is '\u0306' or '\u0302' or '\u031B') composed.Append(m);
        return composed.ToString().Normalize(NormalizationForm.FormC)[0];
    }

    private static readonly char[] ToneMarks = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

    private static int ToneOf(char c)
    {
        var s = c.ToString().Normalize(NormalizationForm.FormD);
        for (var t = 0; t < ToneMarks.Length; t++)
            if (s.Contains(ToneMarks[t])) return t + 1;
        return 0;
    }

    private static char WithTone(char c, int tone)
    {
        var s = c.ToString().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in s)
            if (Array.IndexOf(ToneMarks, ch) < 0) sb.Append(ch);
        if (tone > 0) sb.Append(ToneMarks[tone - 1]);
        var composed = sb.ToString().Normalize(NormalizationForm.FormC);
        return composed.Length == 1 ? composed[0] : c;
    }
}
