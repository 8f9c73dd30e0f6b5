namespace Accountability.Plans.Reading;

/// <summary>
/// Puts a table's cells in their grid columns, so a merged cell is written once (its value is not repeated in the
/// rows or columns it covers) and the cells after it stay in their own columns: a row gets an empty string for a
/// covered or missing column only when a later cell of that row needs the place. HTML gives spans
/// (<see cref="AddSpannedRow"/>); Word gives each cell's grid column and marks covered cells itself
/// (<see cref="AddPlacedRow"/>).
/// </summary>
internal sealed class TableGrid
{
    /// <summary>Spans past this are hostile or broken; real plan tables have a dozen columns at most.</summary>
    public const int MaxSpan = 64;

    private const int MaxRowSpan = 65534; // HTML's own limit

    private readonly List<SortedList<int, string>> _rows = [];
    private readonly Dictionary<int, int> _coveredRows = new(); // column → rows below still covered by a rowspan

    /// <summary>An HTML row: each cell with its colspan and rowspan, placed after the columns that rowspans above still cover.</summary>
    public void AddSpannedRow(IEnumerable<(string Text, int ColSpan, int RowSpan)> cells)
    {
        var coveredNow = _coveredRows.Where(c => c.Value > 0).Select(c => c.Key).ToHashSet();
        foreach (var column in coveredNow)
            if (--_coveredRows[column] == 0) _coveredRows.Remove(column);

        var row = new SortedList<int, string>();
        var position = 0;
        foreach (var (text, colSpan, rowSpan) in cells)
        {
            while (coveredNow.Contains(position)) position++;
            row[position] = text;
            var width = Math.Clamp(colSpan, 1, MaxSpan);
            // rowspan="0" runs to the end of the table.
            var height = rowSpan <= 0 ? MaxRowSpan : Math.Min(rowSpan, MaxRowSpan);
            if (height > 1)
                for (var c = position; c < position + width; c++)
                    _coveredRows[c] = Math.Max(_coveredRows.GetValueOrDefault(c), height - 1);
            position += width;
        }
        _rows.Add(row);
    }

    /// <summary>A row whose cells already know their grid column (covered cells are left out by the caller).</summary>
    public void AddPlacedRow(IEnumerable<(int Column, string Text)> cells)
    {
        var row = new SortedList<int, string>();
        foreach (var (column, text) in cells) row.TryAdd(column, text);
        _rows.Add(row);
    }

    public SourceTable? ToTable()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in _rows)
        {
            if (row.Count == 0 || row.Values.All(string.IsNullOrEmpty)) continue;
            var cells = new List<string>(row.Keys[^1] + 1);
            // Columns are in order; a gap before a cell becomes empty strings, nothing after the last cell.
            foreach (var (column, text) in row)
            {
                while (cells.Count < column) cells.Add("");
                cells.Add(text);
            }
            rows.Add(cells);
        }
        return rows.Count > 0 ? new SourceTable(rows) : null;
    }
}
