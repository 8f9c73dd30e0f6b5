namespace Accountability.Plans.Reading;

/// <summary>
/// Recognises Vietnamese typed in the pre-Unicode 8-bit font encodings (TCVN3/ABC, VNI) that older
/// offices still produce. Such text is either invalid UTF-8 or, once re-saved, Latin-1 look-alikes
/// ("Uû ban nh©n d©n", "Uûy ban nhaân daân") with none of Unicode's Vietnamese letters.
/// </summary>
internal static class LegacyEncoding
{
    // Characters TCVN3 puts where Unicode has â, đ, ơ, ư, ê, ô and tone marks, as seen through Windows-1252.
    private const string Tcvn3Marks = "©®¬¸µ¶·¹¨ª«¾½ÆÇËÌÏÑÒÓÔÕÖ×ØÝÞãäåæçèéêëìíîïñóôõöøùúûüþ";

    public static bool LooksLikeLegacyVietnamese(byte[] bytes)
    {
        var high = 0;
        var letters = 0;
        foreach (var b in bytes)
        {
            if (b >= 0x80) high++;
            else if (char.IsAsciiLetter((char)b)) letters++;
        }
        // Vietnamese in an 8-bit encoding: plenty of ASCII letters with many high bytes between them.
        return letters > 20 && high > letters / 20;
    }

    public static bool LooksLikeLegacyVietnameseText(string text)
    {
        var vietnamese = 0;
        var marks = 0;
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c)) letters++;
            else if (c is >= '\u0100' and <= '\u024F' or >= '\u1EA0' and <= '\u1EFF' or '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323')
                vietnamese++;
            else if (Tcvn3Marks.Contains(c))
                marks++;
        }
        // Real Vietnamese has đ, ơ, ư or a dotted/hooked vowel in nearly every sentence.
        return letters > 40 && vietnamese == 0 && marks > letters / 50;
    }
}
