using System.Globalization;
using Accountability.Infrastructure;

namespace Accountability.Plans.Drafts;

/// <summary>
/// What free text the service takes from a person: bounded lengths (a task 4,000 characters, a note or reason
/// 2,000, a name 300), no control characters (line breaks allowed where text runs over lines) and no
/// bidirectional overrides, which can make a text read differently from what it is. Dates are yyyy-MM-dd
/// between 1900 and 2100.
/// </summary>
public static class TextRules
{
    public const int TaskMax = FreeText.Task;
    public const int NoteMax = FreeText.Note;
    public const int NameMax = 300;
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static string Required(string field, string? value, int max, bool multiline = false) =>
        Optional(field, value, max, multiline) ?? throw new InvalidField(field, $"{field} is required.");

    /// <summary>The text trimmed and held to <see cref="FreeText"/>'s rules, or null when absent or blank.</summary>
    public static string? Optional(string field, string? value, int max, bool multiline = false) =>
        string.IsNullOrWhiteSpace(value) ? null : FreeText.Optional(field, value.Trim(), max, multiline);

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
