using Accountability.Plans.Reading;

namespace Accountability.Plans.Layout;

/// <summary>How a paragraph opens: the numbering that places it in the document's outline.</summary>
internal enum MarkerKind
{
    None,
    /// <summary>"PHẦN I", "Phần thứ hai".</summary>
    Part,
    /// <summary>"Chương I".</summary>
    Chapter,
    /// <summary>"Điều 2." (articles of a decision or a regulation).</summary>
    Article,
    /// <summary>"I.", "II-", "IV/".</summary>
    Roman,
    /// <summary>"1.", "2)", "1.2.", "3.1.4" (depth = number of parts).</summary>
    Arabic,
    /// <summary>"a)", "đ)", "b/".</summary>
    Letter,
    /// <summary>"- ", "– ", "• ".</summary>
    Dash,
    /// <summary>"+ ".</summary>
    Plus,
    /// <summary>"Bước 1:" (a procedure's steps).</summary>
    Step,
}

internal abstract class Block
{
    /// <summary>Position in the document, for ordering and for naming where a sentence was found.</summary>
    public int Index { get; set; }
}

/// <summary>One logical paragraph: wrapped lines joined again, its numbering split off.</summary>
internal sealed class Para : Block
{
    public Para(MarkerKind kind, string marker, string text, LineStyle style)
    {
        Kind = kind;
        Marker = marker;
        Text = text;
        Style = style;
    }

    public MarkerKind Kind { get; set; }
    /// <summary>"V" for a roman heading, "2.1" for a numbered item, "a" for a lettered one, "-" for a bullet, "3" for Điều 3.</summary>
    public string Marker { get; set; }
    /// <summary>The text after the marker.</summary>
    public string Text { get; set; }
    public LineStyle Style { get; set; }

    public bool Bold => (Style & LineStyle.Bold) != 0;
    public bool Italic => (Style & LineStyle.Italic) != 0;

    /// <summary>Arabic depth: "1" is 1, "1.2" is 2.</summary>
    public int Depth => Kind == MarkerKind.Arabic ? Marker.Count(c => c == '.') + 1 : 0;

    public string Rendered => Kind switch
    {
        MarkerKind.None => Text,
        MarkerKind.Dash => "- " + Text,
        MarkerKind.Plus => "+ " + Text,
        MarkerKind.Letter => $"{Marker}) {Text}",
        MarkerKind.Article => $"Điều {Marker}. {Text}",
        MarkerKind.Step => $"Bước {Marker}. {Text}",
        MarkerKind.Part => $"Phần {Marker}. {Text}",
        MarkerKind.Chapter => $"Chương {Marker}. {Text}",
        _ => $"{Marker}. {Text}",
    };

    public override string ToString() => $"{Kind} {Marker} | {Text}";
}

/// <summary>A table of the document: its rows of cells as the source gave them.</summary>
internal sealed class TableBlock(IReadOnlyList<IReadOnlyList<string>> rows) : Block
{
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; } = rows;

    public string AllText => string.Join(" ", Rows.SelectMany(r => r));
}
