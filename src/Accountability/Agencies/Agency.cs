using Accountability.Plans.Agencies;

namespace Accountability.Agencies;

/// <summary>
/// An agency with a stable id: the slug of its canonical name ("so-y-te", "cong-an-tinh"). The directory's
/// fields (Agencies/Directory) are kept by the office; an import adds agencies it meets and changes none.
/// </summary>
public sealed record Agency(string Id, string Name, string Kind)
{
    /// <summary>The body this one belongs to (a department's ministry or committee), by id.</summary>
    public string? ParentId { get; init; }

    public string? Province { get; init; }

    /// <summary>The province the id carries ("so-y-te--quang-ninh"), or the central level (Security/Jurisdictions); stored for the index.</summary>
    public string Jurisdiction => Security.Jurisdictions.OfAgencyId(Id);

    /// <summary>Where notices may be e-mailed (the e-mail channel).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>
    /// The agency takes one e-mail a working day listing its overdue work and what falls due soon, instead of an e-mail
    /// per reminder and overdue notice (Notifications/Digest).
    /// </summary>
    public bool DailyDigest { get; init; }

    /// <summary>Other spellings that name this agency: those of the duplicates merged into it.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Set when this entry was a duplicate spelling, folded into that agency; its duties moved there.</summary>
    public string? MergedInto { get; init; }

    public static string IdFor(string canonicalName)
    {
        var ascii = VietnameseText.Ascii(canonicalName);
        var chars = ascii.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "agency" : slug;
    }
}
