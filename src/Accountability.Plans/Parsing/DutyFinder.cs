using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;
using Accountability.Plans.Deadlines;
using Accountability.Plans.Layout;

namespace Accountability.Plans.Parsing;

/// <summary>
/// Finds every duty in the outline, wherever the plan put it: an agency's block (a heading that names it, its
/// items below), a labelled task ("Cơ quan chủ trì: …", "Thời gian hoàn thành: …"), a table row, or a sentence
/// whose subject is an agency ("Sở Tài chính chủ trì…", "Giao Công an tỉnh…"). Background parts (purposes,
/// goals, the situation) hold no duties. Each block and paragraph is visited a bounded number of times.
/// </summary>
internal sealed partial class DutyFinder(string? issuer)
{
    private readonly List<Duty> _duties = [];
    private readonly HashSet<Node> _claimed = [];

    public IReadOnlyList<Duty> Duties => _duties;

    public void Visit(IReadOnlyList<Node> roots)
    {
        foreach (var root in roots) VisitNode(root, inBlock: null);
    }

    private void VisitNode(Node node, Node? inBlock)
    {
        if (node.Region == Region.Background && node.Head is not null)
        {
            // Tables and labelled tasks may still sit under a background heading ("Mục tiêu" with an annex of tasks): look at tables only.
            foreach (var t in node.Body.OfType<TableBlock>()) TableWithNote(node, t);
            foreach (var t in node.Body.OfType<LooseTableBlock>()) LooseTableRows(node, t);
            return;
        }
        if (!_claimed.Contains(node))
        {
            if (node.Head is not null && LabelledTask(node)) return;
            if (node.Head is not null && AgencyBlock(node, inBlock)) return;
        }
        foreach (var b in node.Body)
        {
            if (b is TableBlock t) TableWithNote(node, t);
            else if (b is LooseTableBlock l) LooseTableRows(node, l);
        }
        if (!_claimed.Contains(node) && inBlock is null) Sentences(node);
        foreach (var child in node.Children) VisitNode(child, inBlock);
    }

    // ---------- agency blocks ----------

    /// <summary>A heading that names agencies: "1. Sở Y tế", "a) Giao Công an tỉnh:", "Điều 5. Trách nhiệm của Sở Tài chính".</summary>
    private bool AgencyBlock(Node node, Node? inBlock)
    {
        var head = node.Head!;
        if (head.Kind is MarkerKind.Part or MarkerKind.Chapter) return false;
        var addressed = Addressees.Read(head.Text, issuer);
        if (addressed is null) return false;
        var rest = addressed.Rest;
        var headingOnly = rest.Length == 0 || addressed.EndsWithColon && rest.Length < 400;
        // In the assignment part an item that opens with agencies is their duty whatever its verb ("… đưa tin kịp thời").
        var assigning = node.Region is Region.Assignment or Region.Reporting && rest.Length > 0 && char.IsLower(rest[0]);
        if (!headingOnly && !assigning && !Addressees.OpensDuty(rest) && addressed.Opener is null) return false;
        if (Addressees.IsPast(rest)) return false;
        var leads = addressed.Agencies.Where(a => !a.IsGeneric).ToList();
        // "8. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành" over its lettered duties: heads addressed by their titles are a class with duties.
        var titledClass = addressed.Agencies.All(a => a.IsGroup) && headingOnly && node.Children.Count > 0 && !Related().IsMatch(head.Text) && Addressees.WithoutTitles(head.Text) != head.Text;
        if (leads.Count == 0)
        {
            // "Các cơ quan, đơn vị, địa phương báo cáo … trước ngày 30/11": nobody in particular, but a dated duty of everyone.
            if (!headingOnly && DeadlineReader.Find(head.Text).Count > 0) leads = addressed.Agencies.ToList();
            // "1. Các đơn vị, địa phương, doanh nghiệp theo chức năng nhiệm vụ:" over items that report by dated days: the
            // class's own block (a vague "có liên quan" stays out).
            else if ((headingOnly || rest.TrimEnd().EndsWith(':') && rest.Length < 80) && node.Region is Region.Assignment or Region.Reporting && !Related().IsMatch(head.Text)
                && node.AllBlocks().OfType<Para>().Skip(1).Any(p => DeadlineReader.Find(p.Rendered).Any(d => d.Shape is not RelativeDeadline and not PeriodicDeadline)))
                leads = addressed.Agencies.Select(a => a with { IsGeneric = false }).ToList();
            else if (titledClass)
                leads = addressed.Agencies.Select(a => a with { IsGeneric = false }).ToList();
            else return false;
        }

        // "Đối với Ủy ban nhân dân các cấp:" then "a) Ủy ban nhân dân Thành phố": the named blocks below stand, not the group.
        var nested = node.Children.Where(c => c.Head is not null && IsBlockHead(c.Head, leads)).ToList();
        if (headingOnly && !titledClass && nested.Count > 0 && nested.Count * 2 >= node.Children.Count(c => c.Head?.Kind is not MarkerKind.Dash and not MarkerKind.Plus))
        {
            _claimed.Add(node);
            foreach (var child in node.Children) VisitNode(child, inBlock: null);
            return true;
        }

        _claimed.Add(node);
        var parts = new List<DutyPart>();
        var consumed = new HashSet<Block> { head };
        var headRest = VietnameseText.UpperFirstOfText(headingOnly ? rest.TrimStart(':').Trim() : addressed.RestWithClause);
        if (headRest.Length > 0) parts.Add(PartWithOwnSubjects(headRest, node, leads, addressed.Requested));
        var later = new List<Node>();
        var numbered = new List<Node>();
        foreach (var item in node.Body.Cast<object>().Concat(node.Children).OrderBy(Order))
        {
            switch (item)
            {
                case Para p when NamedPlaces(p.Text) is { Count: > 0 } places:
                    // "… cho 8 huyện, thị xã, thành phố gồm: Hạ Long, Cẩm Phả, …": those committees' own duty.
                    var subset = new Duty
                    {
                        Source = DutySource.AgencyBlock,
                        Section = node.Label,
                        Leads = places,
                        Task = Cap(VietnameseText.UpperFirst(p.Rendered)),
                        Parts = [Part(p.Rendered)],
                        Requested = addressed.Requested,
                    };
                    subset.Consumed.Add(p);
                    consumed.Add(p);
                    _subsets.Add(subset);
                    break;
                case Para p:
                    parts.Add(PartWithOwnSubjects(p.Rendered, node, leads, addressed.Requested));
                    consumed.Add(p);
                    break;
                case TableBlock t:
                    TableWithNote(node, t);
                    break;
                case LooseTableBlock l:
                    LooseTableRows(node, l);
                    break;
                case Node child when child.Head is not null && IsBlockHead(child.Head, leads) && !OpensWithLead(child.Head.Text, leads):
                    later.Add(child); // its own block: "b) Giao Thanh tra thành phố…"
                    break;
                case Node child when child.Head is { Kind: MarkerKind.Arabic } && NamedPlaces(child.Head.Text) is { Count: 0 }:
                    numbered.Add(child); // "1.1", "1.2": each its own duty, under the block's (or its delegate's) name
                    break;
                case Node child:
                    Claim(child);
                    var named = child.Head is null ? [] : NamedPlaces(child.Head.Text);
                    var text = Render(child, consumed);
                    if (named.Count > 0)
                    {
                        _subsets.Add(new Duty
                        {
                            Source = DutySource.AgencyBlock,
                            Section = node.Label,
                            Leads = named,
                            Task = Cap(VietnameseText.UpperFirst(child.Head!.Text)),
                            Parts = [Part(child.Head.Text)],
                            Requested = addressed.Requested,
                        });
                        break;
                    }
                    // "- Tòa án nhân dân tỉnh đưa vụ án ra xét xử…" under a block of several: that agency's alone.
                    var only = leads.Count > 1 && child.Head is not null ? OpeningLead(child.Head.Text, leads) : null;
                    if (text.Length > 0) parts.Add(Part(text) with { OnlyFor = only });
                    break;
            }
        }
        var task = Cap(string.Join("\n", parts.Select(p => p.Text)));
        var duty = new Duty
        {
            Source = DutySource.AgencyBlock,
            Section = node.Label,
            Leads = leads,
            Supports = Supporters(task, leads),
            Task = task.Length > 0 ? task : VietnameseText.UpperFirst(head.Text),
            Parts = parts,
            Requested = addressed.Requested,
        };
        foreach (var b in consumed) duty.Consumed.Add(b);
        AddChecks(duty);
        // A heading that only introduces its numbered duties ("… triển khai thực hiện:") is not a duty of its own.
        if (numbered.Count == 0 || parts.Count > 1 || parts.Count == 1 && !(parts[0].Text.TrimEnd().EndsWith(':') && parts[0].Text.Length < 80)) _duties.Add(duty);
        _duties.AddRange(_subsets);
        _subsets.Clear();
        // "… và giao Cục X triển khai thực hiện:" then "1.1. …": the numbered duties are the delegate's.
        var delegateTo = numbered.Count > 0 ? Delegate(headRest) : null;
        foreach (var child in numbered)
        {
            Claim(child);
            var childConsumed = new HashSet<Block>();
            var text = Render(child, childConsumed);
            var sub = new Duty
            {
                Source = DutySource.AgencyBlock,
                Section = child.Label,
                Leads = delegateTo is not null ? [delegateTo] : leads,
                Supports = Supporters(text, leads),
                Task = Cap(VietnameseText.UpperFirstOfText(text)),
                Parts = [Part(text)],
                Requested = addressed.Requested,
            };
            foreach (var b in childConsumed) sub.Consumed.Add(b);
            AddChecks(sub);
            _duties.Add(sub);
        }
        foreach (var child in later) VisitNode(child, inBlock: null);
        return true;
    }

    private readonly List<Duty> _subsets = [];

    [GeneratedRegex(@"(?:có\s+)?liên\s+quan", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Related();

    /// <summary>Rows of tables without cell borders that gave a dated duty.</summary>
    public HashSet<LooseRow> ReadRows { get; } = [];

    [GeneratedRegex(@"(?:cho|tại|đối\s+với)\s+(?<count>\d+)\s+(?:huyện|quận|xã|phường|thị\s+xã|thành\s+phố|địa\s+phương|đơn\s+vị)[^:]{0,60}?gồm\s*:?\s*(?<list>.+?)(?=\s+phải\s|;|\.\s|\.$|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedSubset();

    /// <summary>The committees a sentence names one by one ("cho 8 huyện … gồm: Hạ Long, Cẩm Phả, …").</summary>
    private List<AgencyMention> NamedPlaces(string text)
    {
        var m = NamedSubset().Match(text);
        if (!m.Success) return [];
        var names = Regex.Split(m.Groups["list"].Value, @"\s*,\s*|\s+và\s+")
            .Select(n => n.Trim().TrimEnd('.', ';', ':')).Where(n => n.Length > 0 && char.IsUpper(n[0]) && n.Length < 40).ToList();
        if (int.TryParse(m.Groups["count"].Value, out var count) && count != names.Count && names.Count > 0)
            _warnings.Add($"the text says {count} but names {names.Count} ({string.Join(", ", names)})");
        return names.Select(n => new AgencyMention(n, $"Ủy ban nhân dân {n}", AgencyKind.LocalGovernment, false, false, 0, 0)).ToList();
    }

    private readonly List<string> _warnings = [];

    /// <summary>What the finder noticed that a clerk should know (a count that does not match the names given).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    [GeneratedRegex(@"\bgiao\s+", RegexOptions.CultureInvariant)]
    private static partial Regex GivesTo();

    private static AgencyMention? Delegate(string rest)
    {
        var giao = GivesTo().Match(rest);
        return giao.Success ? AgencyRecognizer.ReadOne(rest, giao.Index + giao.Length) is { IsGeneric: false } d ? d : null : null;
    }

    /// <summary>The block's lead that an item opens with, when the block has several.</summary>
    private static string? OpeningLead(string text, List<AgencyMention> leads)
    {
        var m = AgencyRecognizer.ReadOne(Addressees.WithoutTitles(text.TrimStart('-', '+', ' ')), 0);
        return m is not null && leads.Any(l => l.Canonical == m.Canonical) ? m.Canonical : null;
    }

    private static bool OpensWithLead(string text, List<AgencyMention> leads) => OpeningLead(text, leads) is not null;

    private bool IsBlockHead(Para head, List<AgencyMention> parentLeads)
    {
        var a = Addressees.Read(head.Text, issuer);
        if (a is null || a.Agencies.All(m => m.IsGeneric)) return false;
        var rest = a.Rest;
        // "c) Chỉ đạo các đơn vị chuyên môn trực thuộc phối hợp…" under an agency's block: the duty is that agency's, which
        // directs the class (as a department delegating keeps the duty).
        if (a.Opener is "Chỉ đạo" && a.Agencies[0].IsGroup) return false;
        if (a.Opener is not null) return true;
        if (rest.Length == 0 || a.EndsWithColon) return true;
        // "a) Sở Y tế chủ trì…" under another agency's block is that agency's own duty.
        return Addressees.OpensDuty(rest) && !Addressees.IsPast(rest) && a.Agencies.All(m => parentLeads.All(l => l.Canonical != m.Canonical));
    }

    private static int Order(object item) => item switch
    {
        Block b => b.Index,
        Node n => n.Head?.Index ?? int.MaxValue,
        _ => int.MaxValue,
    };

    private void Claim(Node node)
    {
        _claimed.Add(node);
        foreach (var c in node.Children) Claim(c);
    }

    private static string Render(Node node, HashSet<Block> consumed)
    {
        var sb = new StringBuilder();
        foreach (var b in node.AllBlocks())
        {
            if (b is not Para p) continue;
            consumed.Add(p);
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(p.Rendered);
            if (sb.Length > MaxTask) break;
        }
        return sb.ToString();
    }

    private const int MaxTask = 4000;

    private static string Cap(string text) => text.Length <= MaxTask ? text : text[..MaxTask].TrimEnd() + "…";

    private static DutyPart Part(string text) => new(Cap(text), DeadlineReader.Find(text));

    /// <summary>
    /// "… gửi báo cáo Bộ X trước ngày 15 tháng 12. Bộ X tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 01 …":
    /// a later sentence of a block whose subject is another named body, with a deadline of its own, is that body's duty,
    /// and its deadline is not the block's.
    /// </summary>
    private DutyPart PartWithOwnSubjects(string text, Node node, List<AgencyMention> leads, bool requested)
    {
        var all = DeadlineReader.Find(text);
        if (all.Count == 0) return new DutyPart(Cap(text), all);
        var own = new List<string>();
        foreach (var (sentence, start) in SplitSentences(text))
        {
            if (start == 0 || text[start - 1] == ';') continue;
            var found = DeadlineReader.Find(sentence);
            if (found.Count == 0) continue;
            var a = Addressees.Read(TrimItem(sentence), issuer);
            if (a is null || a.Opener is not null || a.LeadingClause is not null || a.Rest.Length == 0 || !char.IsLower(a.Rest[0]) || !Addressees.OpensDuty(a.Rest)
                || a.Agencies.Any(m => m.IsGeneric || m.IsGroup || Addressees.IsIssuer(m, issuer) || leads.Any(l => l.Canonical == m.Canonical)))
                continue;
            own.Add(sentence);
            _subsets.Add(new Duty
            {
                Source = DutySource.AgencyBlock,
                Section = node.Label,
                Leads = a.Agencies.ToList(),
                Supports = Supporters(sentence, a.Agencies.ToList()),
                Task = Cap(VietnameseText.UpperFirst(sentence.Trim())),
                Parts = [new DutyPart(Cap(sentence.Trim()), found)],
                Requested = requested,
            });
        }
        return new DutyPart(Cap(text), own.Count == 0 ? all : all.Where(d => !own.Any(o => o.Contains(d.Text, StringComparison.Ordinal))).ToList());
    }

    // ---------- supporting agencies ----------

    [GeneratedRegex(@"^Phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OpensWithPartners();

    [GeneratedRegex(@"(?:chủ\s+trì\s*(?:,|và)?\s*)?(?:phối\s+hợp|cùng)(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LeadsWith();

    /// <summary>"Sở X chủ trì, phối hợp với Sở Y, Sở Z…", "… phối hợp với Bộ Y tế kiểm tra…": Y and Z support that duty.</summary>
    private static List<AgencyMention> Supporters(string task, List<AgencyMention> leads)
    {
        var list = new List<AgencyMention>();
        foreach (Match m in LeadsWith().Matches(task))
        {
            var text = Addressees.WithoutTitles(task[(m.Index + m.Length)..Math.Min(task.Length, m.Index + m.Length + 400)]);
            foreach (var mention in AgencyRecognizer.ReadList(text).Mentions)
                // A partner "at every level" ("phối hợp với … Ủy ban nhân dân các cấp") is everyone concerned, not a supporting body.
                if (!mention.IsGeneric && (!mention.IsGroup || mention.Kind == AgencyKind.LocalGovernment && !mention.Canonical.EndsWith(" các cấp", StringComparison.Ordinal)) && leads.All(l => l.Canonical != mention.Canonical) && list.All(s => s.Canonical != mention.Canonical))
                    list.Add(mention);
        }
        return list;
    }

    // ---------- labelled tasks ----------

    [GeneratedRegex(@"(?:^|(?<=[\.;]\s)|(?<=\n))(?:[a-zđ]\)\s*|[-–+•]\s*)?(?<label>(?:Cơ\s+quan|Đơn\s+vị|Cơ\s+quan,\s*đơn\s+vị)\s+(?:chủ\s+trì|thực\s+hiện|chịu\s+trách\s+nhiệm)(?:\s+(?:thực\s+hiện|tham\s+mưu|tham\s+mưu\s+thực\s+hiện))?(?:\s*,\s*tham\s+mưu\s+thực\s+hiện)?|Chủ\s+trì(?:\s+thực\s+hiện)?|(?:Cơ\s+quan|Đơn\s+vị)\s+phối\s+hợp(?:\s+thực\s+hiện)?|Phối\s+hợp(?:\s+thực\s+hiện)?|Thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))?|Thời\s+hạn(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|Tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|Sản\s+phẩm(?:\s+đầu\s+ra)?|Kết\s+quả(?:\s+(?:thực\s+hiện|dự\s+kiến|đầu\s+ra))?|Nội\s+dung(?:\s+thực\s+hiện)?)\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^(?:Cơ\s+quan|Đơn\s+vị|Cơ\s+quan,\s*đơn\s+vị)\s+(?:thực\s+hiện|chủ\s+trì(?:\s+và|,)\s+phối\s+hợp)\s*:?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExecutorsLabel();

    private enum Field { Lead, Support, Time, Product, Content }

    private static Field FieldOf(string label)
    {
        var l = label.ToLowerInvariant();
        if (l.Contains("phối hợp", StringComparison.Ordinal)) return Field.Support;
        if (l.Contains("chủ trì", StringComparison.Ordinal) || l.Contains("thực hiện", StringComparison.Ordinal) && (l.StartsWith("cơ quan", StringComparison.Ordinal) || l.StartsWith("đơn vị", StringComparison.Ordinal))
            || l.Contains("chịu trách nhiệm", StringComparison.Ordinal)) return Field.Lead;
        if (l.StartsWith("thời", StringComparison.Ordinal) || l.StartsWith("tiến", StringComparison.Ordinal)) return Field.Time;
        if (l.StartsWith("sản", StringComparison.Ordinal) || l.StartsWith("kết", StringComparison.Ordinal)) return Field.Product;
        return Field.Content;
    }

    /// <summary>
    /// "1.1. Tham mưu…" then "a) Đơn vị chủ trì: Tổng cục…", "b) Đơn vị phối hợp: …", "c) Thời gian thực hiện: Quý
    /// III/2025": the heading is the task, the labels say who and when. Labels may also run inline in one paragraph.
    /// </summary>
    private bool LabelledTask(Node node)
    {
        var pieces = new List<(Block? Block, string Text)> { (node.Head, node.Head!.Text) };
        foreach (var item in node.Body.Cast<object>().Concat(node.Children).OrderBy(Order))
        {
            if (item is Para p) pieces.Add((p, p.Rendered));
            else if (item is Node { Head: not null } c && c.Children.Count == 0 && c.Body.All(b => b is Para)) pieces.Add((c.Head, c.Head.Rendered + (c.Body.Count > 0 ? " " + string.Join(" ", c.Body.OfType<Para>().Select(x => x.Rendered)) : "")));
            // "b) Cơ quan thực hiện:" over "- Đơn vị chủ trì: …" / "- Đơn vị phối hợp: …": labels one level down.
            else if (item is Node { Head: not null } g && ExecutorsLabel().IsMatch(g.Head.Text.Trim()) && g.Children.Count > 0 && g.Children.All(x => x.Children.Count == 0 && x.Head is not null && x.Body.All(b => b is Para))
                && g.Children.Any(x => Label().IsMatch(x.Head!.Rendered)))
            {
                pieces.Add((g.Head, g.Head.Rendered));
                foreach (var x in g.Children) pieces.Add((x.Head, x.Head!.Rendered + (x.Body.Count > 0 ? " " + string.Join(" ", x.Body.OfType<Para>().Select(b => b.Rendered)) : "")));
            }
            else if (item is Node n) pieces.Add((null, "")); // a deeper structure: not a flat labelled task
        }
        var fields = new Dictionary<Field, string>();
        // Each time label's value apart: a deadline quotes the value it was read from, never two joined.
        var times = new List<string>();
        var taskText = new StringBuilder();
        var consumed = new HashSet<Block>();
        var any = false;
        if (!pieces.Any(p => p.Text.Contains(':'))) return false;
        foreach (var (block, text) in pieces)
        {
            var labels = Label().Matches(text);
            if (labels.Count == 0)
            {
                if (block is not null && !any) { taskText.Append(taskText.Length > 0 ? "\n" : "").Append(text); consumed.Add(block); }
                continue;
            }
            if (block is not null) consumed.Add(block);
            var before = text[..labels[0].Index].Trim();
            if (before.Length > 0 && !any) taskText.Append(taskText.Length > 0 ? "\n" : "").Append(before);
            for (var i = 0; i < labels.Count; i++)
            {
                var valueStart = labels[i].Index + labels[i].Length;
                var valueEnd = i + 1 < labels.Count ? labels[i + 1].Index : text.Length;
                var field = FieldOf(labels[i].Groups["label"].Value);
                var value = text[valueStart..valueEnd].Trim().TrimEnd(';', '.').Trim();
                if (field == Field.Content) { taskText.Append(taskText.Length > 0 ? "\n" : "").Append(value); continue; }
                fields[field] = fields.TryGetValue(field, out var old) ? old + "; " + value : value;
                if (field == Field.Time) times.Add(value);
                if (field == Field.Lead) any = true;
            }
        }
        if (!any || !fields.TryGetValue(Field.Lead, out var leadText)) return false;
        // "Sở Nội vụ chủ trì …; Sở Tư pháp và các sở, ban, ngành … chủ động …": each clause opens with its own agencies.
        var leads = Addressees.WithoutTitles(leadText).Split(';', StringSplitOptions.TrimEntries)
            .SelectMany(clause => AgencyRecognizer.ReadList(clause).Mentions.Where(m => !m.IsGeneric))
            .DistinctBy(m => m.Canonical).ToList();
        if (leads.Count == 0)
            leads = AllMentions(leadText).Where(m => !m.IsGeneric).ToList();
        if (leads.Count == 0) return false;
        Claim(node);
        var supports = fields.TryGetValue(Field.Support, out var supportText)
            ? AllMentions(supportText).Where(m => !m.IsGeneric && (!m.IsGroup || m.Kind == AgencyKind.LocalGovernment) && leads.All(l => l.Canonical != m.Canonical)).ToList()
            : [];
        var task = Cap(taskText.ToString().Trim());
        // The time label says when; without one, a deadline written in the task itself still counts.
        var time = fields.GetValueOrDefault(Field.Time);
        var deadlines = times.SelectMany(t => Rebase(DeadlineReader.FindInCell(t), t)).ToList();
        if (deadlines.Count == 0 && time is null) deadlines = [.. DeadlineReader.Find(task)];
        var duty = new Duty
        {
            Source = DutySource.LabelledTask,
            Section = node.Label,
            Leads = leads,
            Supports = supports,
            Task = task.Length > 0 ? VietnameseText.UpperFirst(task) : VietnameseText.UpperFirst(node.Head.Text),
            Parts = [new DutyPart(task, deadlines)],
            Product = fields.GetValueOrDefault(Field.Product),
        };
        foreach (var b in consumed) duty.Consumed.Add(b);
        if (time is not null && deadlines.Count == 0) duty.Checks.Add($"time not understood: '{Short(time)}'");
        AddChecks(duty);
        _duties.Add(duty);
        return true;
    }

    /// <summary>Deadline phrases found in a cell keep their own text; the row's task is the cell next to it.</summary>
    private static IReadOnlyList<DeadlinePhrase> Rebase(IReadOnlyList<DeadlinePhrase> phrases, string cell) =>
        phrases.Select(p => p with { Text = cell.Trim().Length <= 120 ? cell.Trim() : p.Text }).ToList();

    private static string Short(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>Every agency named anywhere in a cell or label value (lists separated by anything).</summary>
    private static List<AgencyMention> AllMentions(string text)
    {
        var cleaned = Addressees.WithoutTitles(text);
        var list = new List<AgencyMention>();
        var pos = 0;
        var guard = 0;
        while (pos < cleaned.Length && guard++ < 2000)
        {
            // "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công)": the unit in brackets is part of the body before it.
            if (cleaned[pos] == '(' && list.Count > 0)
            {
                var close = cleaned.IndexOf(')', pos);
                if (close > pos && close - pos < 200) { pos = close + 1; continue; }
            }
            var (mentions, end) = AgencyRecognizer.ReadList(cleaned, pos);
            if (mentions.Count > 0)
            {
                foreach (var m in mentions)
                    if (list.All(x => x.Canonical != m.Canonical)) list.Add(m);
                pos = Math.Max(end, pos + 1);
                continue;
            }
            // Next word.
            var next = cleaned.IndexOfAny([' ', '\n', ',', ';', '(', '-'], pos);
            if (next < 0) break;
            pos = cleaned[next] == '(' && next > pos ? next : next + 1;
        }
        return list;
    }

    // ---------- tables ----------

    private enum Column { Other, Number, Task, Lead, Support, Time, Product }

    private static Column ColumnOf(string header)
    {
        var h = VietnameseText.CollapseSpaces(header).ToLowerInvariant();
        if (h is "stt" or "tt" or "số tt" or "s tt") return Column.Number;
        // "Văn bản giao nhiệm vụ", "Căn cứ": the act that gave the task, whose issuer is no assignee.
        if (h.StartsWith("văn bản", StringComparison.Ordinal) || h.StartsWith("căn cứ", StringComparison.Ordinal)) return Column.Other;
        // "Danh mục công trình/ Đơn vị thực hiện": the works, their executors in the group rows above them.
        var slash = h.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && ColumnOf(h[..slash]) == Column.Task && ColumnOf(h[(slash + 1)..]) == Column.Lead) return Column.Task;
        if (h.Contains("phối hợp", StringComparison.Ordinal)) return Column.Support;
        if (h.Contains("chủ trì", StringComparison.Ordinal) || h.Contains("đơn vị thực hiện", StringComparison.Ordinal) || h.Contains("cơ quan thực hiện", StringComparison.Ordinal)
            || h.Contains("chịu trách nhiệm", StringComparison.Ordinal) || h.Contains("trách nhiệm", StringComparison.Ordinal)
            || h is "cơ quan" or "đơn vị" or "cơ quan, đơn vị" or "đơn vị thực hiện" or "cơ quan thực hiện" || h.StartsWith("đơn vị chủ", StringComparison.Ordinal))
            return Column.Lead;
        if (h.StartsWith("thời gian", StringComparison.Ordinal) || h.StartsWith("thời hạn", StringComparison.Ordinal) || h.StartsWith("tiến độ", StringComparison.Ordinal)
            || h.Contains("thời gian", StringComparison.Ordinal) && !h.Contains("nhiệm vụ", StringComparison.Ordinal) || h.StartsWith("hoàn thành", StringComparison.Ordinal))
            return Column.Time;
        if (h.StartsWith("sản phẩm", StringComparison.Ordinal) || h.StartsWith("kết quả", StringComparison.Ordinal)) return Column.Product;
        if (h.Contains("nhiệm vụ", StringComparison.Ordinal) || h.Contains("nội dung", StringComparison.Ordinal) || h.Contains("giải pháp", StringComparison.Ordinal)
            || h.Contains("công việc", StringComparison.Ordinal) || h.Contains("hoạt động", StringComparison.Ordinal) || h.StartsWith("tên", StringComparison.Ordinal)
            || h.Contains("dự án", StringComparison.Ordinal) || h.Contains("đề án", StringComparison.Ordinal) || h.Contains("công trình", StringComparison.Ordinal)
            || h.StartsWith("danh mục", StringComparison.Ordinal))
            return Column.Task;
        return Column.Other;
    }

    [GeneratedRegex(@"^(?:[IVXL]{1,6}|[A-Z]|\d{1,3}(?:\.\d{1,3}){0,3})\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"^[IVXL]{1,6}\.?$|^[A-Z]\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupNumber();

    private void TableWithNote(Node node, TableBlock table)
    {
        var first = _duties.Count;
        Table(node, table);
        NoteAfterTable(node, table, first);
    }

    private void Table(Node node, TableBlock table)
    {
        if (table.Rows.Count < 2) return;
        // The header row: the first of the first three rows that names who leads.
        var headerAt = -1;
        Column[] columns = [];
        for (var r = 0; r < Math.Min(3, table.Rows.Count); r++)
        {
            var cols = table.Rows[r].Select(ColumnOf).ToArray();
            if (cols.Contains(Column.Lead) && (cols.Contains(Column.Time) || cols.Contains(Column.Task)))
            {
                headerAt = r;
                columns = cols;
                break;
            }
            // A table whose agency sits in group rows above its tasks (no lead column): "Nhiệm vụ, giải pháp" | "Thời gian thực hiện".
            // …or an allocation list whose one column names both the works and who carries them out ("Danh mục dự án/ Cơ
            // quan, đơn vị, địa phương thực hiện"): the executors are its group rows.
            if (cols.Contains(Column.Task) && (cols.Contains(Column.Time) || table.Rows[r].Any(NamesExecutor)))
            {
                headerAt = r;
                columns = cols;
                break;
            }
        }
        if (headerAt < 0) return;
        // A header repeated after a page break without its "STT" cell ("Nội dung | Đơn vị thực hiện | …") over rows
        // that still open with their number: the rows' first cell is that number.
        if (columns[0] != Column.Number)
        {
            var rows = table.Rows.Skip(headerAt + 1).Where(r => r.Count > 1).Take(20).ToList();
            if (rows.Count > 0 && rows.Count(r => r.Count == columns.Length + 1 && RowNumber().IsMatch(r[0].Trim())) * 2 > rows.Count)
                columns = [Column.Number, .. columns];
        }
        var width = columns.Length;
        var group = "";
        AgencyMention? groupAgency = null;
        string[]? previous = null;
        var rowIndex = 0;
        for (var r = headerAt + 1; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            if (row.All(c => c.Trim().Length == 0)) continue;
            // A repeated header row (a page break in the source) or the "(1) (2) (3)" numbering row.
            if (row.Select(ColumnOf).SequenceEqual(columns) || row.All(c => Regex.IsMatch(c.Trim(), @"^\(?\*?[\dA-Z]{1,2}\*?\)?$"))) continue;
            var first = row[0].Trim();
            var cells = Align(row, columns, previous);
            var lead = Cell(cells, columns, Column.Lead);
            var task = Cell(cells, columns, Column.Task);
            var time = Cell(cells, columns, Column.Time);

            // A group row: a roman number or a heading in capitals, a row with only its number and one text, or a
            // number the next rows extend ("1" then "1.1", "1.2").
            var nextFirst = r + 1 < table.Rows.Count && table.Rows[r + 1].Count > 0 ? table.Rows[r + 1][0].Trim() : "";
            var extended = RowNumber().IsMatch(first) && nextFirst.StartsWith(first.TrimEnd('.') + ".", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(time);
            var isGroup = row.Count <= 2 && (GroupNumber().IsMatch(first) || row.Count == 1 || RowNumber().IsMatch(first) && string.IsNullOrWhiteSpace(lead) && string.IsNullOrWhiteSpace(time))
                || GroupNumber().IsMatch(first) && string.IsNullOrWhiteSpace(lead) && string.IsNullOrWhiteSpace(time)
                || extended && string.IsNullOrWhiteSpace(lead);
            if (isGroup)
            {
                // Its words, not the amounts beside them ("II | THỊ XÃ AN NHƠN | 3.000").
                var title = row.Count > 1 ? string.Join(" ", row.Skip(1).Where(c => c.Any(char.IsLetter))).Trim() : first;
                // A group row in capitals ("BAN AN TOÀN GIAO THÔNG TỈNH"): read it in ordinary case.
                // A place in capitals ("HUYỆN TUY PHƯỚC", "THỊ XÃ AN NHƠN") stands for its People's Committee.
                if (VietnameseText.IsAllCaps(title) && title.Length < 120)
                    title = HeaderReader.IssuerName((PlaceRow().IsMatch(title.Trim()) ? "ỦY BAN NHÂN DÂN " : "") + VietnameseText.CollapseSpaces(title.Trim()));
                group = GroupNumber().IsMatch(first) ? first.TrimEnd('.') : group;
                // Tables that list each agency's tasks under a group row naming it (no lead column).
                var named = Addressees.Read(title, issuer);
                groupAgency = named is not null && (named.Rest.Length == 0 || named.EndsWithColon) && !named.Agencies[0].IsGeneric ? named.Agencies[0] : columns.Contains(Column.Lead) ? null : groupAgency;
                if (named is not null && named.Agencies.Count > 1 && named.Rest.Length == 0 && !columns.Contains(Column.Lead))
                    _groupAgencies = named.Agencies.Where(a => !a.IsGeneric).ToList();
                else _groupAgencies = groupAgency is null ? [] : [groupAgency];
                previous = null;
                continue;
            }
            rowIndex++;
            previous = cells;
            var number = RowNumber().IsMatch(first) ? first.TrimEnd('.') : rowIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var section = $"{node.Label}{(node.Label.Length > 0 ? "." : "")}{(group.Length > 0 ? group + "." : "")}{number}";
            List<AgencyMention> leads;
            if (!string.IsNullOrWhiteSpace(lead))
                leads = AllMentions(lead);
            else leads = [.. _groupAgencies];
            var specific = leads.Where(m => !m.IsGeneric).ToList();
            if (specific.Count == 0) continue;
            var supportCell = Cell(cells, columns, Column.Support);
            var supports = string.IsNullOrWhiteSpace(supportCell) ? [] : AllMentions(supportCell).Where(m => !m.IsGeneric && (!m.IsGroup || m.Kind == AgencyKind.LocalGovernment) && specific.All(l => l.Canonical != m.Canonical)).ToList();
            var deadlines = string.IsNullOrWhiteSpace(time) ? [] : DeadlineReader.FindInCell(time);
            var taskText = VietnameseText.CollapseSpaces((task ?? "").Replace('\n', ' ')).Trim();
            if (taskText.Length == 0) taskText = VietnameseText.CollapseSpaces(string.Join(" ", row.Skip(1).Take(1)));
            // No partner column, and the task opens "Phối hợp với Sở A, Phòng B …": those are the lead's partners in it.
            if (supports.Count == 0 && !columns.Contains(Column.Support) && OpensWithPartners().IsMatch(taskText)) supports = Supporters(taskText, specific);
            var duty = new Duty
            {
                Source = DutySource.TableRow,
                Section = section,
                Leads = specific,
                Supports = supports,
                Task = Cap(VietnameseText.UpperFirst(taskText)),
                Parts = [new DutyPart(Cap(taskText), Rebase(deadlines, time ?? ""))],
                Product = NullIfEmpty(Cell(cells, columns, Column.Product)),
            };
            if (!string.IsNullOrWhiteSpace(time) && deadlines.Count == 0 && !IsOngoing(time)) duty.Checks.Add($"time not understood: '{Short(time!)}'");
            if (row.Count < width) duty.Checks.Add("the row has fewer cells than the header; cells were placed by their content");
            AddChecks(duty);
            _duties.Add(duty);
        }
        _groupAgencies = [];
    }

    private List<AgencyMention> _groupAgencies = [];

    [GeneratedRegex(@"^(?:THÀNH\s+PHỐ|THỊ\s+XÃ|HUYỆN|QUẬN|XÃ|PHƯỜNG|THỊ\s+TRẤN|ĐẶC\s+KHU)\s+\p{Lu}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceRow();

    [GeneratedRegex(@"(?:cơ\s+quan|đơn\s+vị|địa\s+phương)[\p{L}\s,]*thực\s+hiện", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExecutorWords();

    private static bool NamesExecutor(string header) => ColumnOf(header) == Column.Task && ExecutorWords().IsMatch(header);

    [GeneratedRegex(@"^[*_\s]*(?:Ghi\s+chú|Lưu\s+ý)[*_\s]*:", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NoteOpening();

    /// <summary>
    /// "Ghi chú: Các cơ quan, đơn vị, địa phương được giao … trình hồ sơ … trong tháng 3 năm 2023" under a table: a
    /// dated note that names no agency of its own is owed by the agencies of the table above it.
    /// </summary>
    private void NoteAfterTable(Node node, TableBlock table, int firstDuty)
    {
        var leads = _duties.Skip(firstDuty).SelectMany(d => d.Leads).Where(a => !a.IsGeneric).DistinctBy(a => a.Canonical).ToList();
        if (leads.Count == 0) return;
        var at = node.Body.IndexOf(table);
        for (var i = at + 1; i > 0 && i < node.Body.Count && i <= at + 2; i++)
        {
            if (node.Body[i] is not Para p) break;
            var opening = NoteOpening().Match(p.Rendered);
            if (!opening.Success) continue;
            var text = p.Rendered[opening.Length..].Trim();
            var deadlines = DeadlineReader.Find(text);
            // Only a note addressed to the table's executors as a class ("Các cơ quan, đơn vị, địa phương được giao …").
            if (deadlines.Count == 0 || Addressees.Read(text, issuer) is not { } own || own.Agencies.Any(a => !a.IsGeneric)) continue;
            var duty = new Duty
            {
                Source = DutySource.TableRow,
                Section = node.Label,
                Leads = leads,
                Task = Cap(VietnameseText.UpperFirst(text)),
                Parts = [new DutyPart(Cap(text), deadlines)],
            };
            duty.Checks.Add("a note under a table: its deadline is given to each agency of the table");
            duty.Consumed.Add(p);
            _duties.Add(duty);
            return;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : VietnameseText.CollapseSpaces(s.Replace('\n', ' ')).Trim();

    [GeneratedRegex(@"^(?:nhiệm\s+vụ\s+)?(?:thực\s+hiện\s+)?thường\s+xuyên|^liên\s+tục|^hằng\s+ngày|^hàng\s+ngày", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Ongoing();

    private static bool IsOngoing(string? time) => time is not null && Ongoing().IsMatch(time.Trim());

    private static string? Cell(string[] cells, Column[] columns, Column which)
    {
        var i = Array.IndexOf(columns, which);
        return i >= 0 && i < cells.Length ? cells[i] : null;
    }

    /// <summary>
    /// A row with as many cells as the header is read by position. A shorter row lost cells to merged ones: its
    /// leading cells keep their places and the merged ones are carried from the row above (a "rowspan").
    /// </summary>
    private static string[] Align(IReadOnlyList<string> row, Column[] columns, string[]? previous)
    {
        var cells = new string[columns.Length];
        if (row.Count >= columns.Length)
        {
            for (var i = 0; i < columns.Length; i++) cells[i] = row[i];
            // Extra cells (a split cell) join the last column.
            for (var i = columns.Length; i < row.Count; i++) cells[^1] += " " + row[i];
            return cells;
        }
        for (var i = 0; i < columns.Length; i++)
            cells[i] = i < row.Count ? row[i] : previous is not null && i < previous.Length && columns[i] is Column.Lead or Column.Time or Column.Support ? previous[i] : "";
        return cells;
    }

    private void LooseTableRows(Node node, LooseTableBlock table)
    {
        var header = VietnameseText.CollapseSpaces(string.Join(" ", table.Header)).ToLowerInvariant();
        var group = "";
        foreach (var row in table.Rows)
        {
            if (row.Lines.Count == 0) continue;
            // Where the task ends: the first short line that opens with an agency's name, after the task's first line.
            var maxLength = row.Lines.Max(l => l.Length);
            var cut = -1;
            for (var i = 1; i < row.Lines.Count; i++)
            {
                var line = row.Lines[i];
                if (line.Length > maxLength * 0.7 && !Paragraphs.EndsSentence(row.Lines[i - 1])) continue;
                var m = AgencyRecognizer.ReadOne(Addressees.WithoutTitles(line), 0);
                if (m is null || m.IsGeneric && !m.Known) continue;
                cut = i;
                break;
            }
            // Text extracted one word a line ("Bộ Ngoại" / "giao" / "Các" / "bộ,"): the lines are words of running names, not cells.
            var cellLines = cut < 0 ? [] : row.Lines.Skip(cut).ToList();
            var wordPerLine = cellLines.Count >= 4 && cellLines.Count(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2) * 3 >= cellLines.Count * 2;
            var cells = wordPerLine ? JoinWordLines(cellLines) : string.Join("\n", cellLines);
            var task = string.Join(" ", cut < 0 ? row.Lines : row.Lines.Take(cut));
            var deadlines = cut < 0 ? [] : DeadlineReader.FindInCell(TimePart(cells.Replace('\n', ' ')));
            if (cut < 0 || row.IsGroup && deadlines.Count == 0)
            {
                group = row.IsGroup ? row.Number : group;
                continue;
            }
            var mentions = AllMentions(cells);
            var specific = mentions.Where(m => !m.IsGeneric).ToList();
            if (specific.Count == 0) continue;
            // The lead cell comes first: the agencies named on the lines before the first one that starts a new cell.
            var leadMention = AgencyRecognizer.ReadList(Addressees.WithoutTitles(cells)).Mentions.Where(m => !m.IsGeneric).ToList();
            var leads = leadMention.Count > 0 ? leadMention : [specific[0]];
            var supports = header.Contains("phối hợp", StringComparison.Ordinal)
                ? specific.Where(m => (!m.IsGroup || m.Kind == AgencyKind.LocalGovernment) && leads.All(l => l.Canonical != m.Canonical)).ToList()
                : [];
            var duty = new Duty
            {
                Source = DutySource.TableRow,
                Section = $"{node.Label}{(node.Label.Length > 0 ? "." : "")}{(group.Length > 0 && !row.Number.StartsWith(group, StringComparison.Ordinal) ? group + "." : "")}{row.Number}",
                Leads = leads,
                Supports = supports,
                Task = Cap(VietnameseText.UpperFirst(task)),
                Parts = [new DutyPart(Cap(task), deadlines)],
            };
            duty.Checks.Add("read from a table whose cell borders were lost (a PDF's text): check the agencies and the time");
            if (deadlines.Count > 0) ReadRows.Add(row);
            AddChecks(duty);
            _duties.Add(duty);
        }
    }

    /// <summary>
    /// Lines of one or two words rejoined into the cells they came from: a line goes on the one before when it starts in
    /// lower case ("Bộ Ngoại" / "giao") or the one before ends inside a name ("Bộ" / "Tài chính", "Bộ Công an," / "Bộ Tư
    /// pháp"); a capital after a complete name opens the next cell ("… PCPNN" / "Chương trình").
    /// </summary>
    private static string JoinWordLines(IReadOnlyList<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            if (sb.Length == 0) { sb.Append(line); continue; }
            var last = sb.ToString().TrimEnd();
            var lastWord = last[(last.LastIndexOf(' ') + 1)..];
            var goesOn = !char.IsUpper(line[0]) || last.EndsWith(',') || last.EndsWith('-') || last.EndsWith('–')
                || lastWord is "và" or "các" or "Bộ" or "Sở" or "Ủy" or "Uỷ" or "ban" or "Ban" or "Cục" or "Đài" or "Báo" or "Viện" or "Văn" or "Trung" or "Ngân" or "Tổng" or "Chi" or "Hội" or "Thanh" or "Thông";
            sb.Append(goesOn ? ' ' : '\n').Append(line);
        }
        return sb.ToString();
    }

    /// <summary>The time cell is the last in these rows: the text after the last agency or product words.</summary>
    private static string TimePart(string cells)
    {
        var m = Regex.Match(cells, @"(?:Quý|Quí|Năm|năm|Tháng|tháng|Hằng|Hàng|Định\s+kỳ|Trước|trước|Nhiệm\s+vụ\s+thường|Thực\s+hiện|Thường\s+xuyên|\d{4}).*$", RegexOptions.CultureInvariant);
        return m.Success ? m.Value : cells;
    }

    // ---------- sentences ----------

    /// <summary>
    /// Paragraphs not in any block: each sentence whose subject is an agency and whose verb opens a duty ("Sở Tài
    /// chính chủ trì…", "Giao Công an tỉnh…", "Các sở, ngành, Ủy ban nhân dân các xã báo cáo… trước ngày 15/12").
    /// </summary>
    private void Sentences(Node node)
    {
        var paragraphs = new List<Para>();
        if (node.Head is not null) paragraphs.Add(node.Head);
        paragraphs.AddRange(node.Body.OfType<Para>());
        foreach (var p in paragraphs)
        {
            var text = p == node.Head ? p.Text : p.Rendered;
            Duty? current = null;
            foreach (var (sentence, start) in SplitSentences(text))
            {
                var a = Addressees.Read(TrimItem(sentence), issuer);
                // "Các bộ … phải …; gửi văn bản cam kết …; hoàn thành trước ngày 25/11/2025": a clause after ";" that names
                // nobody goes on with the same subject, and its deadline is theirs.
                if (a is null && current is not null && start > 0 && text[start - 1] == ';')
                {
                    if (DeadlineReader.Find(sentence) is { Count: > 0 } more) current.Parts.Add(new DutyPart(Cap(sentence.Trim()), more));
                    continue;
                }
                current = null;
                if (a is null) continue;
                var rest = a.Rest;
                var assigning = node.Region is Region.Assignment or Region.Reporting && char.IsLower(rest.FirstOrDefault(' '));
                if (rest.Length == 0 || Addressees.IsPast(rest) || !assigning && !Addressees.OpensDuty(rest) && a.Opener is null) continue;
                var deadlines = DeadlineReader.Find(sentence);
                // In a part about contents (not the assignment part), only explicit words of assignment, or a deadline, make a duty.
                if (node.Region == Region.Content && a.Opener is null && deadlines.Count == 0
                    && !Regex.IsMatch(rest, @"^(?:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|đồng\s+chủ\s+trì|là\s+cơ\s+quan)", RegexOptions.IgnoreCase)) continue;
                var leads = a.Agencies.Where(m => !m.IsGeneric).ToList();
                if (leads.Count == 0 && deadlines.Count > 0) leads = a.Agencies.ToList(); // everyone's dated duty: reaches each agency
                if (leads.Count == 0) continue;
                var task = Cap(VietnameseText.UpperFirst(sentence.Trim()));
                var duty = new Duty
                {
                    Source = node.Region == Region.Reporting ? DutySource.Reporting : DutySource.Sentence,
                    Section = node.Label,
                    Leads = leads,
                    Supports = Supporters(sentence, leads),
                    Task = task,
                    Parts = [new DutyPart(task, deadlines)],
                    Requested = a.Requested,
                };
                duty.Consumed.Add(p);
                AddChecks(duty);
                _duties.Add(duty);
                current = duty;
            }
        }
    }

    private static string TrimItem(string s) => s.TrimStart('-', '–', '+', '•', ' ');

    /// <summary>
    /// Sentences end at ". " before a capital, at line ends, and at ";" unless what comes before it is only a list
    /// of names ("Chánh Văn phòng…; Giám đốc các sở…; Chủ tịch… chịu trách nhiệm thi hành").
    /// </summary>
    public static IEnumerable<(string Sentence, int Start)> SplitSentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var end = c == '\n' || c == '.' && i + 2 < text.Length && text[i + 1] == ' ' && char.IsUpper(text[i + 2])
                || c == ';' && !OnlyNames(text[start..i].Trim().TrimStart('-', '+', ' '));
            if (!end) continue;
            var s = text[start..(c == '.' ? i + 1 : i)].Trim();
            if (s.Length > 0) yield return (s, start);
            start = i + 1;
        }
        var last = text[start..].Trim();
        if (last.Length > 0) yield return (last, start);
    }

    /// <summary>Names and nothing else, "Giám đốc các sở: Tài chính, Nội vụ" (departments named after a colon) included.</summary>
    private static bool OnlyNames(string text) =>
        AgencyRecognizer.IsWholeAgencyList(Addressees.WithoutTitles(text)) || Addressees.Read(text, null) is { Rest.Length: 0 };

    // ---------- checks ----------

    private static void AddChecks(Duty duty)
    {
        foreach (var a in duty.Leads.Concat(duty.Supports))
        {
            if (!a.Known && !a.IsGroup) duty.Checks.Add($"agency not in the gazetteer: '{a.Canonical}'");
            if (a.AsWritten.EndsWith(" và", StringComparison.Ordinal) || a.AsWritten.EndsWith('-')) duty.Checks.Add($"name possibly cut: '{a.AsWritten}'");
        }
    }
}
