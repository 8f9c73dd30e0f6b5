using System.Globalization;
using System.Net;
using System.Text;

namespace Accountability.Benchmarks.Load;

/// <summary>The markdown table and the SVG chart (throughput against size, one panel per scenario with sizes).</summary>
public static class Report
{
    public static string Table(IReadOnlyList<Result> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Scenario | Size | Throughput | p50 | p99 | Peak memory | Baseline (same run) | Ratio | Target | Met | Note |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---|---:|---|---|---|");
        foreach (var r in results)
            sb.AppendLine($"| {r.Scenario} | {r.Size} | {Number(r.Throughput)} {r.Unit} | {Ms(r.P50Ms)} | {Ms(r.P99Ms)} | {r.PeakMemoryMb:N0} MB | " +
                          $"{Number(r.BaselineThroughput)} {r.Unit} ({r.BaselineName}) | {r.Ratio:P1} | {r.Target} | {(r.TargetMet switch { true => "yes", false => "**no**", _ => "–" })} | {r.Note} |");
        return sb.ToString().TrimEnd();
    }

    private static string Number(double v) => v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("N1", CultureInfo.InvariantCulture);

    private static string Ms(double? ms) => ms is { } v ? (v < 10 ? $"{v:N2} ms" : $"{v:N1} ms") : "–";

    /// <summary>One panel per scenario: measured and baseline throughput against size, both axes logarithmic.</summary>
    public static string Chart(IReadOnlyList<Result> results)
    {
        var panels = results.Where(r => !r.Scenario.Contains("comparison") && !r.Scenario.StartsWith("1.") && !r.Scenario.StartsWith("3.") && !r.Scenario.StartsWith("6."))
            .GroupBy(r => r.Scenario).ToList();
        const int w = 330, h = 260, left = 70, top = 40, plotW = 230, plotH = 170;
        var svg = new StringBuilder();
        var width = Math.Max(1, panels.Count) * w;
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h + 30}" font-family="sans-serif" font-size="11">""");
        svg.AppendLine($"""<rect width="{width}" height="{h + 30}" fill="white"/>""");
        for (var i = 0; i < panels.Count; i++)
        {
            var rows = panels[i].OrderBy(r => r.SizeValue).ToList();
            var x0 = i * w + left;
            var values = rows.SelectMany(r => new[] { r.Throughput, r.BaselineThroughput }).Where(v => v > 0).ToList();
            var yMin = Math.Pow(10, Math.Floor(Math.Log10(values.Min())));
            var yMax = Math.Pow(10, Math.Ceiling(Math.Log10(values.Max())));
            var xMin = Math.Pow(10, Math.Floor(Math.Log10(rows.Min(r => r.SizeValue))));
            var xMax = Math.Pow(10, Math.Ceiling(Math.Log10(rows.Max(r => r.SizeValue) * 1.0001)));
            if (xMax <= xMin) xMax = xMin * 10;
            double X(double v) => x0 + (Math.Log10(v) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) * plotW;
            double Y(double v) => top + plotH - (Math.Log10(v) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) * plotH;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x0 + plotW / 2}" y="20" text-anchor="middle" font-weight="bold">{WebUtility.HtmlEncode(panels[i].Key)}</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{x0}" y="{top}" width="{plotW}" height="{plotH}" fill="none" stroke="#999"/>""");
            for (var v = yMin; v <= yMax * 1.0001; v *= 10)
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{x0 - 4}" x2="{x0 + plotW}" y1="{Y(v):F1}" y2="{Y(v):F1}" stroke="#eee"/><text x="{x0 - 6}" y="{Y(v) + 4:F1}" text-anchor="end">{Short(v)}</text>""");
            for (var v = xMin; v <= xMax * 1.0001; v *= 10)
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(v):F1}" y="{top + plotH + 16}" text-anchor="middle">{Short(v)}</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{x0 + plotW / 2}" y="{top + plotH + 34}" text-anchor="middle">size ({WebUtility.HtmlEncode(rows[0].Size.Split(' ').Last())})</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text transform="translate({x0 - 52},{top + plotH / 2}) rotate(-90)" text-anchor="middle">{WebUtility.HtmlEncode(rows[0].Unit)}</text>""");
            Series(rows.Select(r => (X(r.SizeValue), Y(r.BaselineThroughput))).ToList(), "#999", "4 3");
            Series(rows.Select(r => (X(r.SizeValue), Y(r.Throughput))).ToList(), "#c0392b", null);
        }
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{left + 24}" y1="{h + 14}" y2="{h + 14}" stroke="#c0392b" stroke-width="2"/><text x="{left + 30}" y="{h + 18}">measured</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{left + 110}" x2="{left + 134}" y1="{h + 14}" y2="{h + 14}" stroke="#999" stroke-width="2" stroke-dasharray="4 3"/><text x="{left + 140}" y="{h + 18}">baseline, same run</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();

        void Series(List<(double X, double Y)> points, string color, string? dash)
        {
            if (points.Count > 1)
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{color}" stroke-width="2"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")} points="{string.Join(' ', points.Select(p => $"{p.X:F1},{p.Y:F1}"))}"/>""");
            foreach (var (x, y) in points)
                svg.AppendLine(CultureInfo.InvariantCulture, $"""<circle cx="{x:F1}" cy="{y:F1}" r="3.5" fill="{color}"/>""");
        }
    }

    private static string Short(double v) => v switch
    {
        >= 1e6 => $"{v / 1e6:0.#}M",
        >= 1e3 => $"{v / 1e3:0.#}k",
        _ => v.ToString("0.#", CultureInfo.InvariantCulture),
    };
}
