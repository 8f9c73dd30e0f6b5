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

    private string? _text;
    private System.Text.StringBuilder? _builder;
    private bool _allCaps;

    /// <summary>The text after the marker.</summary>
    public string Text
    {
        get => _text ??= _builder!.ToString();
        set
        {
            _text = value;
            _builder = null;
            _allCaps = Agencies.VietnameseText.IsAllCaps(value);
        }
    }

    public LineStyle Style { get; set; }

    /// <summary>The length of the text so far, without building it.</summary>
    public int Length => _builder?.Length ?? _text!.Length;

    /// <summary>True when every letter so far is a capital (a title block), kept as lines are added.</summary>
    public bool AllCaps => _allCaps;

    /// <summary>The last characters of the text: what the joining rules look at, in constant time however long the paragraph.</summary>
    public string Tail
    {
        get
        {
            if (_builder is null) return _text!.Length <= 200 ? _text : _text[^200..];
            var n = Math.Min(200, _builder.Length);
            return _builder.ToString(_builder.Length - n, n);
        }
    }

    /// <summary>Adds a wrapped line: joined with a space, in time proportional to the line.</summary>
    public void Append(string line)
    {
        if (_builder is null)
        {
            _builder = new System.Text.StringBuilder(_text);
            _text = null;
        }
        if (_builder.Length > 0) _builder.Append(' ');
        _builder.Append(line);
        _text = null;
        _allCaps = _allCaps && Agencies.VietnameseText.IsAllCaps(line) || _builder.Length == line.Length && Agencies.VietnameseText.IsAllCaps(line);
    }

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
