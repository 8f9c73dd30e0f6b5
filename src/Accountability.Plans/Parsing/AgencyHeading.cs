using Accountability.Plans.Agencies;

namespace Accountability.Plans.Parsing;

/// <summary>The opening of an agency block: "Giao Sở Y tế…", "Đề nghị Tòa án…", or the agency itself.</summary>
internal static class AgencyHeading
{
    private static readonly string[] Openers =
    [
        "Trách nhiệm của", "Nhiệm vụ của", "Đối với", "Giao", "Đề nghị", "Yêu cầu", "giao", "đề nghị", "yêu cầu",
    ];

    /// <summary>The word that introduces the block, if any ("Giao", "Đề nghị", "Yêu cầu").</summary>
    public static string? Opener(string text)
    {
        foreach (var o in Openers)
            if (text.StartsWith(o + " ", StringComparison.Ordinal)) return o;
        return null;
    }

    public static int SkipOpener(string text)
    {
        var o = Opener(text);
        return o is null ? 0 : o.Length + 1;
    }

    public static bool IsAgencyHeading(string text) => AgencyRecognizer.IsWholeAgencyList(text[SkipOpener(text)..]);
}
