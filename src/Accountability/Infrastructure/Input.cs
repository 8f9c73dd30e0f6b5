using System.Text;

namespace Accountability.Infrastructure;

/// <summary>A request field that is missing or not acceptable (HTTP 400 naming the field, as JSON names it).</summary>
public sealed class InvalidField(string name, string message) : Exception(message)
{
    public string Field { get; } = name;
}

/// <summary>
/// What free text a request may carry, per field: at most so many characters, Unicode normalised to NFC (Vietnamese
/// typed as base letters and combining marks is stored composed, as everyone else writes it), no control characters
/// but line breaks (CR LF is stored as LF), and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069),
/// which make a notice or an export read differently from what it says. Plain functions, no database.
/// </summary>
public static class FreeText
{
    public const int Task = 4_000;
    public const int Note = 2_000;
    public const int Reason = 2_000;
    public const int Evidence = 1_000;
    /// <summary>A document number, an agency id, a webhook secret: one short line.</summary>
    public const int Reference = 200;
    public const int Url = 2_000;

    /// <summary>The text as stored (normalised), null when absent; throws <see cref="InvalidField"/> when it may not be stored.</summary>
    public static string? Optional(string field, string? value, int max, bool multiline = true)
    {
        if (value is null) return null;
        var text = Normalised(field, value, multiline);
        var length = text.EnumerateRunes().Count();
        if (length > max) throw new InvalidField(field, $"{field} is {length:N0} characters long; at most {max:N0} are kept.");
        return text;
    }

    /// <summary>As <see cref="Optional"/>, and present with something other than spaces.</summary>
    public static string Required(string field, string? value, int max, bool multiline = true) =>
        Optional(field, value, max, multiline) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new InvalidField(field, $"{field} is required.");

    /// <summary>
    /// Text from a document rather than a person (a plan's task): the same rules applied by cleaning instead of refusing,
    /// since a Word file may well hold a stray tab or direction mark. Control characters become spaces (line breaks
    /// stay), overrides are dropped, the text is NFC and cut at <paramref name="max"/> characters with an ellipsis.
    /// </summary>
    public static (string Text, bool Cut) Cleaned(string value, int max)
    {
        var text = new StringBuilder(value.Length);
        foreach (var rune in value.Replace("\r\n", "\n", StringComparison.Ordinal).EnumerateRunes())
        {
            if (rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069) continue;
            text.Append(rune.Value != '\n' && Rune.IsControl(rune) ? " " : rune.ToString());
        }
        var clean = text.ToString().Normalize(NormalizationForm.FormC);
        if (clean.EnumerateRunes().Count() <= max) return (clean, false);
        var kept = string.Concat(clean.EnumerateRunes().Take(max - 1).Select(r => r.ToString()));
        return (kept.TrimEnd() + "…", true);
    }

    private static string Normalised(string field, string value, bool multiline)
    {
        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                throw new InvalidField(field, $"{field} is not valid Unicode text (a lone surrogate at character {i + 1}).");
            }
            if (c == '\n' && multiline) continue;
            if (char.IsControl(c))
                throw new InvalidField(field, $"{field} holds a control character (U+{(int)c:X4}) at character {i + 1}; only line breaks are kept{(multiline ? "" : ", and not in this field")}.");
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                throw new InvalidField(field, $"{field} holds a bidirectional override (U+{(int)c:X4}) at character {i + 1}, which would make it read differently from what it says.");
        }
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }
}

/// <summary>Checks every request shares.</summary>
public static class Input
{
    /// <summary>A JSON body of <c>null</c> (or none) where the command needs an object.</summary>
    public static T Required<T>(T? body) where T : class =>
        body ?? throw new InvalidField("body", "body: the request needs a JSON object; it was empty or null.");

    /// <summary>A required value (a date, a number) that the JSON left out.</summary>
    public static T Present<T>(string field, T? value) where T : struct =>
        value ?? throw new InvalidField(field, $"{field} is required.");
}
