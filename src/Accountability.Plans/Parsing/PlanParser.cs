using Accountability.Plans.Reading;

namespace Accountability.Plans.Parsing;

/// <summary>
/// Reads a plan into its assignments. The steps, each in its own place: the bytes into a source document
/// (<see cref="PlanSource"/>), paragraphs and tables (Layout), the outline and its regions, the header
/// (<see cref="HeaderReader"/>), the duties (<see cref="DutyFinder"/>) and the rows (<see cref="PlanReader"/>).
/// </summary>
public static class PlanParser
{
    public static ParsedPlan Parse(byte[] bytes, string? fileName = null) => Parse(PlanSource.ReadDocument(bytes, fileName));

    public static ParsedPlan Parse(SourceDocument document) => new PlanReader(document).Read();

    public static ParsedPlan ParseText(string text)
    {
        var normalized = PlanSource.Normalize(text);
        if (normalized.Trim().Length == 0) throw new PlanReadException("The document is empty.");
        return Parse(TextSource.Read(normalized, "text"));
    }
}
