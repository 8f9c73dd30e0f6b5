using System.Text;

namespace Accountability.Plans.Reading;

/// <summary>
/// A paragraph's text gathered run by run with each run's emphasis. Formats mark emphasis on runs, not on
/// paragraphs, so a paragraph counts as bold (or italic) when at least four fifths of its letters are: a bold
/// heading with a plain "1." before it is still bold, a sentence with one bold name in it is not. The same rule
/// as markdown emphasis in <see cref="TextSource"/>.
/// </summary>
internal sealed class StyledText
{
    private readonly StringBuilder _text = new();
    private int _letters;
    private int _bold;
    private int _italic;

    public bool HasText { get; private set; }

    public void Append(string text, bool bold, bool italic)
    {
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c)) continue;
            _letters++;
            if (bold) _bold++;
            if (italic) _italic++;
        }
        HasText |= !string.IsNullOrWhiteSpace(text);
        _text.Append(text);
    }

    /// <summary>The text with its whitespace collapsed (NFC, no invisible characters) and the style most of it has.</summary>
    public (string Text, LineStyle Style) Take()
    {
        var text = Collapse(PlanSource.Normalize(_text.ToString()));
        var style = LineStyle.None;
        if (_letters > 0 && _bold * 5 >= _letters * 4) style |= LineStyle.Bold;
        if (_letters > 0 && _italic * 5 >= _letters * 4) style |= LineStyle.Italic;
        _text.Clear();
        (_letters, _bold, _italic) = (0, 0, 0);
        HasText = false;
        return (text, style);
    }

    /// <summary>Every run of whitespace (line ends and non-breaking spaces too) as one space, none at the ends.</summary>
    public static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
