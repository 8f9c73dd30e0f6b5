using Accountability.Plans.Agencies;

namespace Accountability.Agencies;

/// <summary>An agency with a stable id: the slug of its canonical name ("so-y-te", "cong-an-tinh").</summary>
public sealed record Agency(string Id, string Name, string Kind)
{
    public static string IdFor(string canonicalName)
    {
        var ascii = VietnameseText.Ascii(canonicalName);
        var chars = ascii.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "agency" : slug;
    }
}
