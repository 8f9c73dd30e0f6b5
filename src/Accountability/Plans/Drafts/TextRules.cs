using System.Globalization;

namespace Accountability.Plans.Drafts;

/// <summary>A value the caller sent that cannot be taken; the message names the field (HTTP 400).</summary>
public sealed class InvalidField(string field, string message) : ArgumentException(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// What free text the service takes from a person: bounded lengths (a task 4,000 characters, a note or reason
/// 2,000, a name 300), no control characters (line breaks and tabs allowed where text runs over lines) and no
/// bidirectional overrides, which can make a text read differently from what it is. Dates are yyyy-MM-dd
/// between 1900 and 2100.
/// </summary>
public static class TextRules
{
    public const int TaskMax = 4_000;
    public const int NoteMax = 2_000;
    public const int NameMax = 300;
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static string Required(string field, string? value, int max, bool multiline = false) =>
        Optional(field, value, max, multiline) ?? throw new InvalidField(field, $"{field} is required.");

    /// <summary>The text trimmed, or null when absent or blank.</summary>
    public static string? Optional(string field, string? value, int max, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.Length > max) throw new InvalidField(field, $"{field} is {text.Length:N0} characters long; at most {max:N0} are taken.");
        foreach (var c in text)
        {
            var allowed = multiline && c is '\n' or '\r' or '\t';
            if ((char.IsControl(c) && !allowed) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                throw new InvalidField(field, $"{field} holds a control character (U+{(int)c:X4}); send plain text.");
        }
        return text;
    }

    /// <summary>A date as yyyy-MM-dd, or null when absent or blank; an impossible date (2026-02-30) is refused.</summary>
    public static DateOnly? Date(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new InvalidField(field, $"{field}: '{Clip(value)}' is not a date (yyyy-MM-dd, a day that exists).");
        if (date < Earliest || date > Latest)
            throw new InvalidField(field, $"{field}: {date:yyyy-MM-dd} is outside {Earliest:yyyy} to {Latest:yyyy}.");
        return date;
    }

    /// <summary>One of the allowed values; the refusal lists them.</summary>
    public static string OneOf(string field, string? value, IReadOnlyList<string> allowed, string? otherwise = null)
    {
        if (string.IsNullOrWhiteSpace(value) && otherwise is not null) return otherwise;
        return allowed.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidField(field, $"{field}: '{Clip(value ?? "")}' is not one of {string.Join(", ", allowed)}.");
    }

    public static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "…";
}
