using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Accountability.Plans.Reading;

/// <summary>
/// Ruled tables on a PDF page: the drawn horizontal and vertical lines (stroked lines, rectangle edges, or the thin
/// filled rectangles Word draws borders with) that touch each other form a grid; a grid cell whose ruling to a
/// neighbour is missing is merged with it, so a merged cell is one cell. All y values here run down the page.
/// </summary>
internal static class PdfRulings
{
    /// <summary>A page drawn with more segments than this is a picture, not a table; it is not searched.</summary>
    private const int MaxSegments = 4000;

    private const int MaxCells = 20000;

    /// <summary>How far apart two rulings may be and still be one (points).</summary>
    private const double Tolerance = 2;

    /// <summary>A filled rectangle thinner than this is a ruling.</summary>
    private const double Thin = 3;

    internal sealed record Segment(bool Horizontal, double At, double From, double To);

    public static List<RuledGrid> FindTables(Page page)
    {
        var segments = Segments(page);
        if (segments is null) return [];
        var horizontal = Merge(segments.Where(s => s.Horizontal));
        var vertical = Merge(segments.Where(s => !s.Horizontal));
        if (horizontal.Count < 2 || vertical.Count < 2) return [];

        // Rulings that cross or touch belong to one table.
        var all = horizontal.Concat(vertical).ToList();
        var parent = Enumerable.Range(0, all.Count).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (var h = 0; h < horizontal.Count; h++)
            for (var v = 0; v < vertical.Count; v++)
                if (Touch(horizontal[h], vertical[v]))
                    parent[Find(h)] = Find(horizontal.Count + v);

        var grids = new List<RuledGrid>();
        foreach (var component in Enumerable.Range(0, all.Count).GroupBy(Find))
        {
            var members = component.Select(i => all[i]).ToList();
            var grid = RuledGrid.From(members.Where(s => s.Horizontal).ToList(), members.Where(s => !s.Horizontal).ToList());
            if (grid is not null) grids.Add(grid);
        }
        return grids;
    }

    private static bool Touch(Segment h, Segment v) =>
        v.At >= h.From - Tolerance && v.At <= h.To + Tolerance && h.At >= v.From - Tolerance && h.At <= v.To + Tolerance;

    private static List<Segment>? Segments(Page page)
    {
        var result = new List<Segment>();
        var height = page.Height;
        void Add(PdfPoint a, PdfPoint b)
        {
            var (ax, ay, bx, by) = (a.X, height - a.Y, b.X, height - b.Y);
            if (Math.Abs(ay - by) <= 1 && Math.Abs(ax - bx) >= Thin)
                result.Add(new Segment(true, (ay + by) / 2, Math.Min(ax, bx), Math.Max(ax, bx)));
            else if (Math.Abs(ax - bx) <= 1 && Math.Abs(ay - by) >= Thin)
                result.Add(new Segment(false, (ax + bx) / 2, Math.Min(ay, by), Math.Max(ay, by)));
        }

        foreach (var path in page.Paths)
        {
            if (path.IsClipping || !path.IsStroked && !path.IsFilled) continue;
            foreach (var subpath in path)
            {
                if (subpath.GetBoundingRectangle() is not { } box) continue;
                if (path.IsFilled && (box.Height <= Thin || box.Width <= Thin))
                {
                    // A thin filled rectangle: one ruling along its length.
                    if (box.Width > box.Height) Add(new PdfPoint(box.Left, box.Centroid.Y), new PdfPoint(box.Right, box.Centroid.Y));
                    else Add(new PdfPoint(box.Centroid.X, box.Bottom), new PdfPoint(box.Centroid.X, box.Top));
                    continue;
                }
                if (!path.IsStroked) continue; // a shaded cell background, not a ruling
                PdfPoint? start = null, current = null;
                foreach (var command in subpath.Commands)
                {
                    switch (command)
                    {
                        case PdfSubpath.Move move:
                            start = current = move.Location;
                            break;
                        case PdfSubpath.Line line:
                            Add(line.From, line.To);
                            current = line.To;
                            break;
                        case PdfSubpath.Close when start is { } s && current is { } c:
                            Add(c, s);
                            current = s;
                            break;
                    }
                }
                if (result.Count > MaxSegments) return null;
            }
        }
        return result;
    }

    /// <summary>Collinear pieces that overlap or nearly touch become one ruling.</summary>
    private static List<Segment> Merge(IEnumerable<Segment> segments)
    {
        var merged = new List<Segment>();
        foreach (var s in segments.OrderBy(s => s.At).ThenBy(s => s.From))
        {
            // Sorted by position: only the last few rulings can be on this one's line.
            var i = merged.Count == 0 ? -1
                : merged.FindLastIndex(merged.Count - 1, Math.Min(8, merged.Count), m => Math.Abs(m.At - s.At) <= Tolerance && s.From <= m.To + Tolerance);
            if (i >= 0)
                merged[i] = merged[i] with { To = Math.Max(merged[i].To, s.To) };
            else
                merged.Add(s);
        }
        return merged;
    }

    /// <summary>One ruled table: its row and column rulings and which grid cells are merged.</summary>
    internal sealed class RuledGrid
    {
        private readonly double[] _rows;
        private readonly double[] _columns;
        private readonly (int Row, int Column)[,] _origin;

        private RuledGrid(double[] rows, double[] columns, (int, int)[,] origin) =>
            (_rows, _columns, _origin) = (rows, columns, origin);

        public static RuledGrid? From(List<Segment> horizontal, List<Segment> vertical)
        {
            var rows = Lines(horizontal);
            var columns = Lines(vertical);
            if (rows.Length < 2 || columns.Length < 3) return null; // a table has two columns at least
            var (rowCount, columnCount) = (rows.Length - 1, columns.Length - 1);
            if (rowCount * columnCount > MaxCells) return null;

            var cell = new int[rowCount * columnCount];
            for (var i = 0; i < cell.Length; i++) cell[i] = i;
            int Find(int i) { while (cell[i] != i) i = cell[i] = cell[cell[i]]; return i; }
            void Union(int a, int b)
            {
                var (ra, rb) = (Find(a), Find(b));
                // The smaller index (top-left) stays the merged cell's representative.
                if (ra != rb) cell[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
            var atColumn = columns.Select(x => vertical.Where(v => Math.Abs(v.At - x) <= Tolerance).ToList()).ToArray();
            var atRow = rows.Select(y => horizontal.Where(h => Math.Abs(h.At - y) <= Tolerance).ToList()).ToArray();
            static bool Covers(List<Segment> rulings, double point) =>
                rulings.Exists(s => s.From - Tolerance <= point && point <= s.To + Tolerance);
            // No ruling between two neighbouring grid cells: they are one merged cell.
            for (var r = 0; r < rowCount; r++)
                for (var c = 0; c + 1 < columnCount; c++)
                    if (!Covers(atColumn[c + 1], (rows[r] + rows[r + 1]) / 2))
                        Union(r * columnCount + c, r * columnCount + c + 1);
            for (var c = 0; c < columnCount; c++)
                for (var r = 0; r + 1 < rowCount; r++)
                    if (!Covers(atRow[r + 1], (columns[c] + columns[c + 1]) / 2))
                        Union(r * columnCount + c, (r + 1) * columnCount + c);
            var origin = new (int, int)[rowCount, columnCount];
            for (var r = 0; r < rowCount; r++)
                for (var c = 0; c < columnCount; c++)
                {
                    var root = Find(r * columnCount + c);
                    origin[r, c] = (root / columnCount, root % columnCount);
                }
            return new RuledGrid(rows, columns, origin);
        }

        /// <summary>The distinct positions of a set of rulings, in order.</summary>
        private static double[] Lines(List<Segment> segments)
        {
            var positions = new List<double>();
            foreach (var at in segments.Select(s => s.At).Order())
                if (positions.Count == 0 || at - positions[^1] > Tolerance) positions.Add(at);
            return [.. positions];
        }

        public double Top => _rows[0];
        public double Bottom => _rows[^1];

        public bool Contains(double x, double y) =>
            x >= _columns[0] && x <= _columns[^1] && y >= _rows[0] && y <= _rows[^1];

        /// <summary>The merged cell (by its top-left grid cell) at a point, or null outside the grid.</summary>
        public (int Row, int Column)? CellAt(double x, double y)
        {
            var r = Index(_rows, y);
            var c = Index(_columns, x);
            return r < 0 || c < 0 ? null : _origin[r, c];
        }

        private static int Index(double[] lines, double value)
        {
            var at = Array.BinarySearch(lines, value);
            if (at < 0) at = ~at - 1;
            return at >= 0 && at < lines.Length - 1 ? at : -1;
        }

        public PageTable? ToTable(IReadOnlyDictionary<(int Row, int Column), string> texts)
        {
            var grid = new TableGrid();
            for (var r = 0; r < _origin.GetLength(0); r++)
            {
                var cells = new List<(int, string)>();
                for (var c = 0; c < _origin.GetLength(1); c++)
                    if (_origin[r, c] == (r, c)) cells.Add((c, texts.GetValueOrDefault((r, c), "")));
                grid.AddPlacedRow(cells);
            }
            return grid.ToTable() is { } table ? new PageTable(table.Rows, _columns, Top, Bottom) : null;
        }
    }
}
