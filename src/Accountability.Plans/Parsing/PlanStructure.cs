using Accountability.Plans.Agencies;

namespace Accountability.Plans.Parsing;

/// <summary>A top-level section of the plan ("V. PHÂN CÔNG NHIỆM VỤ") and its numbered items.</summary>
internal sealed class Section(string label, string title)
{
    public string Label { get; } = label;
    public string Title { get; } = title;
    public List<Paragraph> Body { get; } = [];
    public List<Item> Items { get; } = [];

    public bool IsAssignmentTitle => Upper.Contains("PHÂN CÔNG", StringComparison.Ordinal);
    public bool IsImplementationTitle => Upper.Contains("TỔ CHỨC THỰC HIỆN", StringComparison.Ordinal)
        || Upper.Contains("TRÁCH NHIỆM THỰC HIỆN", StringComparison.Ordinal)
        || Upper.Contains("TRIỂN KHAI THỰC HIỆN", StringComparison.Ordinal);
    private string Upper => VietnameseText.Fold(Title).ToUpperInvariant();
}

/// <summary>A numbered item ("1.", "2.1.") with the paragraphs under it.</summary>
internal sealed class Item(string number, Paragraph head)
{
    public string Number { get; } = number;
    public Paragraph Head { get; } = head;
    public List<Paragraph> Body { get; } = [];
    public List<Item> Children { get; } = [];

    public string HeadText => Head.Text.ToString();
}

internal static class PlanStructure
{
    /// <summary>Splits paragraphs into the preamble and sections; cuts each section at "Nơi nhận" or a signature.</summary>
    public static (List<Paragraph> Preamble, List<Section> Sections) Split(List<Paragraph> paragraphs)
    {
        var preamble = new List<Paragraph>();
        var sections = new List<Section>();
        Section? current = null;
        var ended = false;
        foreach (var p in paragraphs)
        {
            var text = p.Text.ToString();
            if (p.Kind == ParagraphKind.Heading && (p.Marker.Length > 0 || IsKnownSectionTitle(text)))
            {
                current = new Section(p.Marker.Length > 0 ? p.Marker : (sections.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), text);
                sections.Add(current);
                ended = false;
                continue;
            }
            if (current is null)
            {
                preamble.Add(p);
                continue;
            }
            if (IsEndOfBody(text)) ended = true;
            if (!ended) current.Body.Add(p);
        }
        foreach (var s in sections) BuildItems(s);
        return (preamble, sections);
    }

    private static bool IsKnownSectionTitle(string text)
    {
        var upper = VietnameseText.Fold(text).ToUpperInvariant();
        return VietnameseText.IsAllCaps(text) && (upper.Contains("PHÂN CÔNG", StringComparison.Ordinal) || upper.Contains("TỔ CHỨC THỰC HIỆN", StringComparison.Ordinal));
    }

    private static bool IsEndOfBody(string text) =>
        text.StartsWith("Nơi nhận", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Noi nhận", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("TM.", StringComparison.Ordinal) || text.StartsWith("KT.", StringComparison.Ordinal);

    private static void BuildItems(Section section)
    {
        var numbered = section.Body.Any(p => p.Kind == ParagraphKind.Numbered);
        var listed = section.Body.Any(p => p.Kind is ParagraphKind.Bullet or ParagraphKind.Lettered);
        Item? top = null;
        Item? child = null;
        var ordinal = 0;
        foreach (var p in section.Body)
        {
            // Numbered items if any; else bullets or letters; else (a section of prose) each paragraph.
            var opensTop = numbered ? p.Kind == ParagraphKind.Numbered && !p.Marker.Contains('.')
                : listed ? p.Kind is ParagraphKind.Bullet or ParagraphKind.Lettered
                : p.Kind == ParagraphKind.Plain;
            if (opensTop)
            {
                ordinal++;
                top = new Item(numbered ? p.Marker : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), p);
                child = null;
                section.Items.Add(top);
            }
            else if (numbered && p.Kind == ParagraphKind.Numbered && top is not null)
            {
                child = new Item(p.Marker, p);
                top.Children.Add(child);
            }
            else if (child is not null) child.Body.Add(p);
            else top?.Body.Add(p);
        }
    }
}
