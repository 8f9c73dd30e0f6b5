using System.Text.RegularExpressions;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Layout;

/// <summary>
/// A table whose cell separators were lost (the text layer of a gazette PDF): a header of short lines
/// ("TT", "Nhiệm vụ, giải pháp", "Cơ quan", "chủ trì", …, "Thời gian", "thực hiện"), then rows that each open with
/// their number alone on a line ("1.", "1.2", "I.") followed by the fragments of every cell, column after column.
/// Page breaks repeat the header and may cut a row in two; the repeated header is dropped and the row goes on.
/// </summary>
internal sealed class LooseTableBlock(IReadOnlyList<string> header, IReadOnlyList<LooseRow> rows) : Block
{
    /// <summary>The header's words in order, for telling which column comes where.</summary>
    public IReadOnlyList<string> Header { get; } = header;
    public IReadOnlyList<LooseRow> Rows { get; } = rows;
}

/// <summary>One row: its number and the lines of its cells in reading order.</summary>
internal sealed record LooseRow(string Number, bool IsGroup, IReadOnlyList<string> Lines);

internal static partial class LooseTable
{
    [GeneratedRegex(@"^(?:S\.?\s?TT|TT|Số\s+TT|STT)\.?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RowNumberHeader();

    [GeneratedRegex(@"^(?<n>\d{1,3}(?:\.\d{1,3}){0,3})\.?$|^(?<g>[IVXL]{1,6})\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"^(?:TM\.|KT\.|Nơi\s+nhận|THỦ\s+TƯỚNG|PHỤ\s+LỤC|CHỦ\s+TỊCH)", RegexOptions.CultureInvariant)]
    private static partial Regex TableEnd();

    public static (LooseTableBlock Table, int End)? StartsAt(IReadOnlyList<SourceBlock> blocks, int start)
    {
        if (blocks[start] is not SourceLine first || !RowNumberHeader().IsMatch(first.Text.Trim())) return null;
        // The header: short lines up to the first row number; it must name who leads and when.
        var header = new List<string>();
        var i = start + 1;
        while (i < blocks.Count && i - start <= 16 && blocks[i] is SourceLine l && l.Text.Trim().Length <= 45 && !RowNumber().IsMatch(l.Text.Trim()))
        {
            header.Add(l.Text.Trim());
            i++;
        }
        var words = string.Join(" ", header).ToLowerInvariant();
        var namesLead = words.Contains("chủ trì", StringComparison.Ordinal) || words.Contains("thực hiện", StringComparison.Ordinal) && words.Contains("đơn vị", StringComparison.Ordinal)
            || words.Contains("cơ quan", StringComparison.Ordinal);
        var namesTime = words.Contains("thời gian", StringComparison.Ordinal) || words.Contains("thời hạn", StringComparison.Ordinal) || words.Contains("tiến độ", StringComparison.Ordinal);
        if (!namesLead || !namesTime || i >= blocks.Count || blocks[i] is not SourceLine) return null;

        var headerSet = new HashSet<string>(header.Append(first.Text.Trim()), StringComparer.Ordinal);
        var rows = new List<LooseRow>();
        string? number = null;
        var group = false;
        var lines = new List<string>();
        void Flush()
        {
            if (number is not null) rows.Add(new LooseRow(number, group, [.. lines]));
            lines = [];
        }
        for (; i < blocks.Count; i++)
        {
            if (blocks[i] is not SourceLine line) break;
            var t = line.Text.Trim();
            if (TableEnd().IsMatch(t) && line.BlankBefore) break;
            // The header again at the top of a page: skip it (all of its lines).
            if (RowNumberHeader().IsMatch(t) && i + 1 < blocks.Count && blocks[i + 1] is SourceLine next && headerSet.Contains(next.Text.Trim()))
            {
                i++;
                while (i + 1 < blocks.Count && blocks[i + 1] is SourceLine h && headerSet.Contains(h.Text.Trim())) i++;
                continue;
            }
            var m = RowNumber().Match(t);
            if (m.Success)
            {
                Flush();
                number = m.Groups["n"].Success ? m.Groups["n"].Value : m.Groups["g"].Value;
                group = m.Groups["g"].Success;
                continue;
            }
            if (number is null) continue;
            lines.Add(t);
        }
        Flush();
        if (rows.Count == 0) return null;
        return (new LooseTableBlock(header, rows), i);
    }
}
