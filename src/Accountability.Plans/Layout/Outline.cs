using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Layout;

/// <summary>What a part of the plan is for, from its heading; a child inherits its parent's unless its own says otherwise.</summary>
internal enum Region
{
    /// <summary>Tasks and solutions, contents: duties may sit here as labelled tasks, tables or "giao" sentences.</summary>
    Content,
    /// <summary>"Phân công nhiệm vụ", "Tổ chức thực hiện", "Trách nhiệm của …", "Điều 3. … thi hành".</summary>
    Assignment,
    /// <summary>"Chế độ báo cáo", "Thông tin, báo cáo".</summary>
    Reporting,
    /// <summary>Purposes, goals, viewpoints, the situation, definitions: no duties here.</summary>
    Background,
}

/// <summary>A heading or item with what sits under it.</summary>
internal sealed class Node
{
    public Node(Para? head, int rank, Node? parent)
    {
        Head = head;
        Rank = rank;
        Parent = parent;
    }

    public Para? Head { get; }
    public int Rank { get; }
    public Node? Parent { get; }
    public List<Node> Children { get; } = [];
    /// <summary>Unnumbered paragraphs and tables directly under the heading, before and between its children.</summary>
    public List<Block> Body { get; } = [];
    public Region Region { get; set; }
    public string Label { get; set; } = "";
    /// <summary>The part of the document (0 the decision itself, then each attached plan, regulation or appendix).</summary>
    public int Part { get; set; }

    public string Title => Head?.Text ?? "";

    /// <summary>Every block in document order: the head, the body and the children's blocks.</summary>
    public IEnumerable<Block> AllBlocks()
    {
        if (Head is not null) yield return Head;
        var items = new List<(int Index, object Item)>();
        items.AddRange(Body.Select(b => (b.Index, (object)b)));
        items.AddRange(Children.Select(c => (c.Head?.Index ?? int.MaxValue, (object)c)));
        foreach (var (_, item) in items.OrderBy(i => i.Index))
        {
            if (item is Block b) yield return b;
            else foreach (var x in ((Node)item).AllBlocks()) yield return x;
        }
    }

    public IEnumerable<Node> Descendants()
    {
        foreach (var c in Children)
        {
            yield return c;
            foreach (var d in c.Descendants()) yield return d;
        }
    }

    public override string ToString() => $"{Label} [{Region}] {Title}";
}

/// <summary>
/// Builds the outline: parts (the decision, the plan it issues, each appendix), then headings by rank
/// (Phần › Chương › Điều › I. › 1. › 1.1. › a) › - › +), the place of every paragraph and table, and each
/// heading's region. Numbering that repeats ("two sections IV") or skips is taken as it stands.
/// </summary>
internal static partial class Outline
{
    [GeneratedRegex(@"^(?:KẾ\s+HOẠCH|QUY\s+CHẾ|QUY\s+ĐỊNH|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|PHỤ\s+LỤC|DANH\s+MỤC|BẢNG\s+TỔNG\s+HỢP|BIỂU|QUY\s+TRÌNH)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex PartTitle();

    [GeneratedRegex(@"^(?:Nơi\s+nhận|Noi\s+nhận|TM\.|T/M\.|KT\.|K/T\.|Q\.\s|TL\.|TUQ\.)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignatureStart();

    public static List<Node> Build(List<Block> blocks, out List<Block> preamble)
    {
        preamble = [];
        var roots = new List<Node>();
        Node? root = null;
        var stack = new List<Node>();
        var skipping = false;
        var part = 0;
        var sawHeading = false;

        foreach (var block in blocks)
        {
            if (block is TableBlock table && IsSignatureTable(table))
            {
                skipping = true;
                continue;
            }
            if (block is Para p && p.Kind == MarkerKind.None && (sawHeading || skipping) && IsPartTitle(p))
            {
                // An attached plan, regulation or appendix: a new outline.
                part++;
                root = new Node(p, 0, null) { Part = part, Label = PartLabel(p, part) };
                roots.Add(root);
                stack.Clear();
                stack.Add(root);
                skipping = false;
                sawHeading = true;
                continue;
            }
            if (block is Para sig && sig.Kind == MarkerKind.None && SignatureStart().IsMatch(sig.Text))
            {
                skipping = true;
                continue;
            }
            // An appendix table after the signature, without a title of its own, starts the appendix.
            if (skipping && block is TableBlock appendix && IsDutyTable(appendix))
            {
                part++;
                root = new Node(null, 0, null) { Part = part, Label = "PL" };
                roots.Add(root);
                stack.Clear();
                stack.Add(root);
                skipping = false;
                sawHeading = true;
                root.Body.Add(block);
                continue;
            }
            if (skipping) continue;

            if (block is Para item && RankOf(item) is var rank and > 0)
            {
                if (root is null)
                {
                    root = new Node(null, 0, null) { Part = part, Label = "" };
                    roots.Add(root);
                    stack.Add(root);
                }
                while (stack.Count > 1 && stack[^1].Rank >= rank) stack.RemoveAt(stack.Count - 1);
                var parent = stack[^1];
                var node = new Node(item, rank, parent) { Part = part };
                parent.Children.Add(node);
                stack.Add(node);
                sawHeading = true;
                continue;
            }
            if (!sawHeading)
            {
                preamble.Add(block);
                continue;
            }
            if (root is null)
            {
                root = new Node(null, 0, null) { Part = part, Label = "" };
                roots.Add(root);
                stack.Add(root);
            }
            stack[^1].Body.Add(block);
        }

        foreach (var r in roots) Assign(r, Region.Content, r.Label);
        return roots;
    }

    private static bool IsDutyTable(TableBlock table)
    {
        foreach (var row in table.Rows.Take(3))
        {
            var words = string.Join(" ", row).ToLowerInvariant();
            if ((words.Contains("chủ trì") || words.Contains("thực hiện") || words.Contains("trách nhiệm") || words.Contains("đơn vị")) && (words.Contains("thời gian") || words.Contains("thời hạn") || words.Contains("tiến độ")))
                return true;
        }
        return false;
    }

    private static bool IsSignatureTable(TableBlock table) =>
        table.Rows.Any(r => r.Any(c => c.StartsWith("Nơi nhận", StringComparison.OrdinalIgnoreCase) || c.TrimStart().StartsWith("TM.", StringComparison.Ordinal) || c.TrimStart().StartsWith("KT.", StringComparison.Ordinal)));

    private static bool IsPartTitle(Para p) =>
        p.Text.Length < 400 && PartTitle().IsMatch(p.Text) && (VietnameseText.IsAllCaps(p.Text.Split(' ').Take(3).Aggregate("", (a, w) => a + w)) || p.Bold);

    /// <summary>An attached plan or regulation numbers its sections on its own ("V.2"); appendices are "PL1", "PL2"…</summary>
    private static string PartLabel(Para p, int part)
    {
        if (!Regex.IsMatch(p.Text, @"^(?:PHỤ\s+LỤC|DANH\s+MỤC|BIỂU|BẢNG)", RegexOptions.CultureInvariant)) return "";
        var number = Regex.Match(p.Text, @"^PHỤ\s+LỤC\s+(?<n>[IVX]+|\d+)", RegexOptions.CultureInvariant);
        return number.Success ? "PL" + number.Groups["n"].Value : "PL";
    }

    /// <summary>Higher is deeper; 0 is not a heading.</summary>
    public static int RankOf(Para p) => p.Kind switch
    {
        MarkerKind.Part => 1,
        MarkerKind.Chapter => 2,
        MarkerKind.Article => 3,
        MarkerKind.Roman => 4,
        MarkerKind.Arabic => 4 + Math.Min(p.Depth, 4),
        MarkerKind.Step => 9,
        MarkerKind.Letter => 10,
        MarkerKind.Dash => 11,
        MarkerKind.Plus => 12,
        _ => 0,
    };

    private static void Assign(Node node, Region inherited, string prefix)
    {
        var own = node.Head is null ? (Region?)null : RegionOf(node.Head.Text, node.Head.Kind);
        node.Region = own ?? inherited;
        if (node.Head is not null && node.Rank > 0)
            node.Label = prefix.Length == 0 ? Marker(node.Head) : $"{prefix}.{Marker(node.Head)}";
        var dashes = 0;
        foreach (var child in node.Children)
        {
            if (child.Head is { Kind: MarkerKind.Dash or MarkerKind.Plus })
            {
                // Bullets have no numbers of their own: "-1", "-2" in order.
                dashes++;
                child.Label = "";
                Assign(child, node.Region, node.Label);
                child.Label = $"{node.Label}.{(child.Head.Kind == MarkerKind.Dash ? "-" : "+")}{dashes}";
                RelabelChildren(child);
                continue;
            }
            // "1.1" under "1": the child's number already holds its parent's.
            var within = child.Head is { Kind: MarkerKind.Arabic } && node.Head is { Kind: MarkerKind.Arabic } && child.Head.Marker.StartsWith(node.Head.Marker + ".", StringComparison.Ordinal)
                ? node.Parent?.Label ?? "" : node.Label;
            Assign(child, node.Region, within);
        }
    }

    private static void RelabelChildren(Node node)
    {
        foreach (var c in node.Children)
        {
            if (c.Head is not null && c.Head.Kind is not (MarkerKind.Dash or MarkerKind.Plus)) c.Label = $"{node.Label}.{Marker(c.Head)}";
            RelabelChildren(c);
        }
    }

    private static string Marker(Para p) => p.Kind switch
    {
        MarkerKind.Article => $"Đ{p.Marker}",
        MarkerKind.Step => $"B{p.Marker}",
        MarkerKind.Part => $"P{p.Marker}",
        MarkerKind.Chapter => $"C{p.Marker}",
        _ => p.Marker,
    };

    [GeneratedRegex(@"phân\s+công|tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm|triển\s+khai\s+thực\s+hiện|giao\s+nhiệm\s+vụ|nhiệm\s+vụ\s+cụ\s+thể|nhiệm\s+vụ\s+của|thi\s+hành|hiệu\s+lực\s+và\s+trách|điều\s+khoản\s+thi\s+hành|phối\s+hợp\s+thực\s+hiện|quan\s+hệ\s+phối\s+hợp", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AssignmentTitle();

    [GeneratedRegex(@"chịu\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?thi\s+hành|trách\s+nhiệm\s+thi\s+hành|chịu\s+trách\s+nhiệm\s+thực\s+hiện\s+(?:Quyết|Chỉ|Kế)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExecutionClause();

    [GeneratedRegex(@"báo\s+cáo|chế\s+độ\s+thông\s+tin|kiểm\s+tra,\s*giám\s+sát|theo\s+dõi,\s*(?:đôn\s+đốc|kiểm\s+tra)|sơ\s+kết|tổng\s+kết", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReportingTitle();

    [GeneratedRegex(@"^(?:mục\s+đích|yêu\s+cầu|mục\s+tiêu|quan\s+điểm|căn\s+cứ|sự\s+cần\s+thiết|tình\s+hình|thực\s+trạng|kết\s+quả\s+(?:đạt\s+được|thực\s+hiện)|đánh\s+giá|phạm\s+vi|đối\s+tượng|giải\s+thích\s+từ\s+ngữ|nguyên\s+tắc|bối\s+cảnh|định\s+hướng|tầm\s+nhìn|chỉ\s+tiêu|những\s+tồn\s+tại|tồn\s+tại|hạn\s+chế|nguyên\s+nhân|bài\s+học)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BackgroundTitle();

    /// <summary>The region a heading's own words name, or null when it names none.</summary>
    private static Region? RegionOf(string title, MarkerKind kind)
    {
        // An article that makes people responsible for carrying out the decision is the assignment part.
        if (kind == MarkerKind.Article && ExecutionClause().IsMatch(title)) return Region.Assignment;
        // Only headings decide; a long item is a duty, not a heading, and keeps its parent's region.
        var head = title.Length > 160 ? title[..160] : title;
        var colon = head.IndexOf(':');
        if (colon > 0) head = head[..colon];
        if (kind is MarkerKind.Dash or MarkerKind.Plus) return null;
        var structural = kind is MarkerKind.Article or MarkerKind.Roman or MarkerKind.Part or MarkerKind.Chapter or MarkerKind.None;
        if (!structural && head.Length > 100) return null;
        if (BackgroundTitle().IsMatch(head.TrimStart('*', ' ')) && head.Length <= 100) return Region.Background;
        if (head.Length > 120 && kind is not (MarkerKind.Article or MarkerKind.Roman or MarkerKind.Part or MarkerKind.Chapter)) return null;
        if (AssignmentTitle().IsMatch(head)) return Region.Assignment;
        if (ReportingTitle().IsMatch(head) && head.Length < 90) return Region.Reporting;
        if (kind is MarkerKind.Roman or MarkerKind.Part or MarkerKind.Chapter) return Region.Content;
        return null;
    }
}
