using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;
using Accountability.Plans.Deadlines;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Parsing;

/// <summary>
/// Turns a plan into its assignments. Steps: clean text → paragraphs → sections → the assignment section
/// ("Phân công…", else "Tổ chức thực hiện") → one block per numbered item naming agencies → rows per
/// agency and dated obligation. General paragraphs of "Tổ chức thực hiện" that address groups of agencies
/// ("các sở, ngành…") hand their deadlines to every agency of the assignment section they address.
/// </summary>
public static partial class PlanParser
{
    public static ParsedPlan Parse(byte[] bytes, string? fileName = null) => ParseText(PlanSource.ReadText(bytes, fileName));

    public static ParsedPlan ParseText(string text) => new Run(PlanSource.Normalize(text)).Execute();

    [GeneratedRegex(@"cho\s+(?<count>\d+)\s+(?:huyện|quận|xã|thị\s+xã|thành\s+phố|địa\s+phương|đơn\s+vị)[^:]{0,60}?gồm\s*:?\s*(?<list>.+?)(?=\s+phải\s|;|\.\s|\.$|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedSubset();

    [GeneratedRegex(@"phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CoordinatesWith();

    [GeneratedRegex(@"chủ\s+trì\s*,?\s*phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LeadsWith();

    [GeneratedRegex(@"(?:gửi(?:\s+về)?|\(qua|\bqua)\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SentTo();

    [GeneratedRegex(@"^\s*(?:yêu\s+cầu|giao|đề\s+nghị)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerVerb();

    [GeneratedRegex(@"\G\s*,?\s*(?:và\s+)?(?:đề\s+nghị|yêu\s+cầu|giao)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex MoreAddressees();

    private enum BlockKind { None, Agency, General }

    private sealed record Block(BlockKind Kind, IReadOnlyList<AgencyMention> Leads, string Rest, bool Requested);

    private sealed class Run(string text)
    {
        private readonly List<string> _warnings = [];
        private readonly List<PlanAssignment> _rows = [];
        private readonly Dictionary<string, int> _keyCounts = [];
        private PlanDocument _document = null!;
        private PlanCalendar _calendar = null!;

        public ParsedPlan Execute()
        {
            if (text.Trim().Length == 0) throw new PlanReadException("The document is empty.");
            var (preamble, sections) = PlanStructure.Split(PlanLayout.Build(text));
            _document = DocumentHeader.Read(preamble);
            _calendar = new PlanCalendar(_document.IssuedOn, _document.PeriodFrom, _document.PeriodTo);

            var assignment = sections.FirstOrDefault(s => s.IsAssignmentTitle && s.Items.Any(i => BlockOf(i, false).Kind == BlockKind.Agency));
            var general = new List<Section>();
            if (assignment is not null)
                general.AddRange(sections.Where(s => s != assignment && s.IsImplementationTitle));
            else
                assignment = sections.LastOrDefault(s => s.IsImplementationTitle && s.Items.Any(i => BlockOf(i, false).Kind == BlockKind.Agency));
            if (assignment is null && !LooksVietnamese(text))
                throw new PlanReadException("The text does not look like a Vietnamese plan (it has almost no Vietnamese letters); send the plan's Vietnamese text.");
            if (assignment is null)
                throw new PlanReadException(sections.Any(s => s.IsAssignmentTitle || s.IsImplementationTitle)
                    ? "The plan's 'Phân công'/'Tổ chức thực hiện' section names no agency blocks, so no assignment can be read from it."
                    : "No assignment section found: the plan has no 'Phân công nhiệm vụ', 'Phân công thực hiện' or 'Tổ chức thực hiện' section.");

            if (_document.Number is null) _warnings.Add("No document number (Số: …/…) was found in the header.");
            if (_document.IssuedOn is null) _warnings.Add("No issue date (…, ngày … tháng … năm …) was found in the header.");
            if (_document.PeriodTo is null) _warnings.Add("The plan states no period (giai đoạn … or năm …).");

            var generalItems = new List<(Section Section, Item Item, Block Block)>();
            var blockAgencies = new List<(AgencyMention Agency, bool Requested)>();
            var agencyItems = new List<(Section Section, Item Item, Block Block)>();
            foreach (var item in assignment.Items)
            {
                var block = BlockOf(item, false);
                if (block.Kind == BlockKind.Agency)
                {
                    agencyItems.Add((assignment, item, block));
                    continue;
                }
                // "1. Trách nhiệm của các sở, ngành" / "a) Sở Y tế: …": the agency blocks sit one level down.
                var nested = NestedBlocks(item);
                if (nested.Count > 0) agencyItems.AddRange(nested.Select(n => (assignment, n.Item, n.Block)));
                else if (block.Kind == BlockKind.General) generalItems.Add((assignment, item, block));
            }
            foreach (var section in general)
                foreach (var item in section.Items)
                {
                    var block = BlockOf(item, true);
                    if (block.Kind == BlockKind.Agency) agencyItems.Add((section, item, block));
                    else generalItems.Add((section, item, block));
                }

            foreach (var (_, _, block) in agencyItems.Where(a => a.Section == assignment))
                foreach (var lead in block.Leads)
                    if (blockAgencies.All(b => b.Agency.Canonical != lead.Canonical))
                        blockAgencies.Add((lead, block.Requested));

            var reportsTo = ReportsTo(generalItems, agencyItems);
            _document = _document with { ReportsTo = reportsTo };

            foreach (var (section, item, block) in agencyItems.Where(a => a.Section == assignment))
                EmitBlock(section, item, block);
            foreach (var (section, item, block) in generalItems)
                EmitGeneral(section, item, block, blockAgencies, reportsTo);
            foreach (var (section, item, block) in agencyItems.Where(a => a.Section != assignment))
                EmitBlock(section, item, block);

            if (_rows.Count == 0)
                throw new PlanReadException("The assignment section was found but no agency could be read from it.");
            return new ParsedPlan(_document, _rows, _warnings);
        }

        private static bool LooksVietnamese(string text)
        {
            var letters = text.Count(char.IsLetter);
            var vietnamese = text.Count(c => c is 'đ' or 'Đ' or >= '\u1EA0' and <= '\u1EF9' or 'ư' or 'ơ' or 'Ư' or 'Ơ' or 'ă' or 'Ă');
            return letters < 200 || vietnamese * 100 >= letters;
        }

        // ---------- classification ----------

        private readonly Dictionary<(Item, bool), Block> _blocks = [];

        /// <summary>Classify once per item: choosing the section and reading its blocks ask about the same items.</summary>
        private Block BlockOf(Item item, bool inGeneralSection)
        {
            if (!_blocks.TryGetValue((item, inGeneralSection), out var block))
                _blocks[(item, inGeneralSection)] = block = Classify(item, inGeneralSection);
            return block;
        }

        private static Block Classify(Item item, bool inGeneralSection)
        {
            var text = item.HeadText;
            var pos = 0;
            var colon = text.IndexOf(':');
            if (colon is > 0 and < 80 && AgencyRecognizer.ReadList(text, AgencyHeading.SkipOpener(text)).Mentions.Count == 0)
                pos = colon + 1; // "Chế độ thông tin, báo cáo: Các cơ quan…"
            pos = SkipSpaces(text, pos);
            var opener = AgencyHeading.Opener(text[pos..]);
            if (opener is not null) pos = SkipSpaces(text, pos + opener.Length);
            if (text.AsSpan(pos).StartsWith("Căn cứ", StringComparison.Ordinal))
            {
                var comma = text.IndexOf(", ", pos, StringComparison.Ordinal);
                if (comma > 0)
                {
                    pos = SkipSpaces(text, comma + 1);
                    opener = AgencyHeading.Opener(text[pos..]) ?? opener;
                    if (AgencyHeading.Opener(text[pos..]) is { } o) pos = SkipSpaces(text, pos + o.Length);
                }
            }
            var (mentions, end) = AgencyRecognizer.ReadList(text, pos);
            // Only the issuing committee or ministry speaks this way; "Sở Y tế giao Trung tâm…" stays Sở Y tế's duty.
            if (mentions.Count == 1 && mentions[0] is { IsGroup: false, Kind: AgencyKind.LocalGovernment or AgencyKind.Ministry }
                && SpeakerVerb().Match(text[end..]) is { Success: true } speaker)
            {
                // "Ủy ban nhân dân tỉnh yêu cầu các sở, ngành…": the issuer speaks; the addressees follow the verb.
                opener = speaker.Value.Trim();
                (mentions, end) = AgencyRecognizer.ReadList(text, end + speaker.Length);
            }
            if (mentions.Count == 0) return new Block(BlockKind.None, [], text, false);
            // "… các sở, ngành, Ủy ban nhân dân các huyện và đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức hội…"
            while (MoreAddressees().Match(text, end) is { Success: true } more && more.Index == end)
            {
                var (further, furtherEnd) = AgencyRecognizer.ReadList(text, more.Index + more.Length);
                if (further.Count == 0) break;
                mentions = [.. mentions, .. further];
                end = furtherEnd;
            }

            var requested = opener is not null && opener.StartsWith("đề", StringComparison.OrdinalIgnoreCase);
            var rest = text[end..].TrimStart(' ', ',', ':', ';', '.', '-');
            var specific = mentions.Where(m => !m.IsGeneric).ToList();
            if (inGeneralSection)
                return mentions.All(m => !m.IsGroup) ? new Block(BlockKind.Agency, mentions, rest, requested) : new Block(BlockKind.General, mentions, rest, requested);
            // "3. Các sở, ban, ngành, đoàn thể tỉnh: chủ động triển khai…" is a duty of that group; with a
            // deadline ("Các cơ quan, đơn vị, địa phương báo cáo … trước ngày 30/11", "Các sở, ngành, UBND các
            // huyện báo cáo … trước ngày 15/6") it reaches each agency those words address instead.
            var generic = mentions.Any(m => m.IsGeneric);
            if (generic)
            {
                var full = string.Join(" ", new[] { text }.Concat(item.Body.Select(p => p.Text.ToString())));
                if (DeadlineReader.Find(full).Count > 0) return new Block(BlockKind.General, mentions, rest, requested);
            }
            return new Block(BlockKind.Agency, specific.Count > 0 ? specific : mentions, rest, requested);
        }

        private static List<(Item Item, Block Block)> NestedBlocks(Item item)
        {
            var result = new List<(Item, Block)>();
            Item? current = null;
            var ordinal = 0;
            foreach (var p in item.Body)
            {
                if (p.Kind is ParagraphKind.Lettered or ParagraphKind.Bullet)
                {
                    ordinal++;
                    var marker = p.Kind == ParagraphKind.Lettered ? p.Marker : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var candidate = new Item($"{item.Number}.{marker}", p);
                    var block = Classify(candidate, false);
                    if (block.Kind == BlockKind.Agency)
                    {
                        result.Add((candidate, block));
                        current = candidate;
                        continue;
                    }
                }
                current?.Body.Add(p);
            }
            foreach (var child in item.Children)
            {
                var block = Classify(child, false);
                if (block.Kind == BlockKind.Agency) result.Add((child, block));
            }
            return result;
        }

        // ---------- agency blocks ----------

        private void EmitBlock(Section section, Item item, Block block)
        {
            var label = $"{section.Label}.{item.Number}";
            AgencyMention? delegateAgency = null;
            if (item.Children.Count > 0)
            {
                var giao = Regex.Match(block.Rest, @"\bgiao\s+", RegexOptions.CultureInvariant);
                if (giao.Success && AgencyRecognizer.ReadOne(block.Rest, giao.Index + giao.Length) is { } d) delegateAgency = d;
            }

            var subsets = new List<(Paragraph Paragraph, List<string> Names)>();
            var lines = new List<(Paragraph Paragraph, IReadOnlyList<string>? Only)>();
            foreach (var p in item.Body)
            {
                var t = p.Text.ToString();
                var subset = NamedSubset().Match(t);
                if (subset.Success)
                {
                    var names = Regex.Split(subset.Groups["list"].Value, @"\s*,\s*|\s+và\s+")
                        .Select(n => n.Trim().TrimEnd('.', ';', ':')).Where(n => n.Length > 0 && char.IsUpper(n[0])).ToList();
                    if (names.Count > 0)
                    {
                        if (int.TryParse(subset.Groups["count"].Value, out var count) && count != names.Count)
                            _warnings.Add($"{label}: the text says {count} but names {names.Count} ({string.Join(", ", names)}).");
                        subsets.Add((p, names));
                        continue;
                    }
                }
                // A bullet that opens with some of the block's agencies is theirs alone ("- Tòa án nhân dân tỉnh chỉ đạo…").
                var (own, _) = AgencyRecognizer.ReadList(t);
                var only = own.Count > 0 && block.Leads.Count > 1 && own.All(o => block.Leads.Any(l => l.Canonical == o.Canonical))
                    ? own.Select(o => o.Canonical).ToList() : null;
                lines.Add((p, only));
            }

            var supportDone = new HashSet<string>();
            foreach (var lead in block.Leads)
            {
                var body = lines.Where(l => l.Only is null || l.Only.Contains(lead.Canonical)).Select(l => Render(l.Paragraph));
                var task = JoinTask(block.Rest, body);
                if (task.Length > 0 || item.Children.Count == 0)
                {
                    var joint = block.Leads.Where(l => l.Canonical != lead.Canonical).Select(l => l.Canonical).ToList();
                    Emit(lead.Canonical, lead.AsWritten, lead.Kind, AssignmentRole.Lead, Coordinating(task, lead.Canonical), joint, task, label, block.Requested);
                    foreach (var support in Supporters(task, lead.Canonical))
                        if (supportDone.Add(support.Canonical) && block.Leads.All(l => l.Canonical != support.Canonical))
                            Emit(support.Canonical, support.AsWritten, support.Kind, AssignmentRole.Support, [lead.Canonical], [], task, label, false, dated: false);
                }
            }

            foreach (var (paragraph, names) in subsets)
            {
                var task = paragraph.Text.ToString();
                foreach (var name in names)
                    Emit($"Ủy ban nhân dân {name}", name, AgencyKind.LocalGovernment, AssignmentRole.Lead, Coordinating(task, name), [], VietnameseText.UpperFirst(task), label, block.Requested);
            }

            foreach (var child in item.Children)
            {
                var childLabel = $"{section.Label}.{child.Number}";
                var task = JoinTask(child.HeadText, child.Body.Select(Render));
                var agencies = delegateAgency is not null ? [delegateAgency] : block.Leads;
                foreach (var a in agencies)
                    Emit(a.Canonical, a.AsWritten, a.Kind, AssignmentRole.Lead, Coordinating(task, a.Canonical), [], task, childLabel, block.Requested);
            }
        }

        private static IEnumerable<AgencyMention> Supporters(string task, string self)
        {
            foreach (Match m in LeadsWith().Matches(task))
                foreach (var mention in AgencyRecognizer.ReadList(task, m.Index + m.Length).Mentions)
                    if (!mention.IsGeneric && mention.Canonical != self) yield return mention;
        }

        private static List<string> Coordinating(string task, string self)
        {
            var list = new List<string>();
            foreach (Match m in CoordinatesWith().Matches(task))
                foreach (var mention in AgencyRecognizer.ReadList(task, m.Index + m.Length).Mentions)
                    if (!mention.IsGeneric && mention.Canonical != self && !list.Contains(mention.Canonical))
                        list.Add(mention.Canonical);
            return list;
        }

        // ---------- general paragraphs ----------

        private void EmitGeneral(Section section, Item item, Block block, List<(AgencyMention Agency, bool Requested)> agencies, string? reportsTo)
        {
            var label = $"{section.Label}.{item.Number}";
            var full = JoinTask(item.HeadText, item.Body.Select(Render));
            var phrases = DeadlineReader.Find(full, _warnings);
            if (phrases.Count == 0)
            {
                if (DeadlineReader.MentionsPeriodicReportWithoutCycle(full))
                    _warnings.Add($"{label}: a periodic report is asked for without a cycle or day; no date was set.");
                return;
            }
            // Who is addressed is read from the addressees' own words, not from the duty ("… tại cơ quan, đơn vị").
            var head = item.HeadText;
            var addressees = block.Leads.Count > 0 && head.EndsWith(block.Rest, StringComparison.Ordinal)
                ? head[..(head.Length - block.Rest.Length)] : FirstSentence(full);
            var kinds = AddresseeKinds(addressees);
            if (kinds.Count == 0)
            {
                _warnings.Add($"{label}: deadline '{phrases[0].Text}' addresses no agency this reader recognises; not assigned.");
                return;
            }
            var addressed = agencies.Where(a => kinds.Contains(a.Agency.Kind) && a.Agency.Canonical != reportsTo).ToList();
            foreach (var (phrase, occurrence) in Occurrences(phrases, label))
            {
                var sentence = SentenceAround(full, phrase);
                foreach (var (agency, requested) in addressed)
                    AddRow(agency.Canonical, agency.AsWritten, agency.Kind, AssignmentRole.Lead, [], [], sentence, label, occurrence, Clean(phrase.Text), requested);
            }
        }

        private static HashSet<AgencyKind> AddresseeKinds(string sentence)
        {
            var s = VietnameseText.Fold(sentence).ToLowerInvariant();
            var kinds = new HashSet<AgencyKind>();
            if (Regex.IsMatch(s, @"cơ\s+quan,\s*đơn\s+vị|các\s+cơ\s+quan|các\s+đơn\s+vị"))
                kinds.UnionWith(Enum.GetValues<AgencyKind>());
            if (Regex.IsMatch(s, @"sở,\s*(?:ban,\s*)?ngành|các\s+sở|các\s+ngành|bộ,\s*ngành|phòng,\s*(?:ban,\s*)?ngành|các\s+phòng|các\s+ban"))
                kinds.UnionWith([AgencyKind.Department, AgencyKind.Ministry, AgencyKind.Press, AgencyKind.Other]);
            if (Regex.IsMatch(s, @"(?:ủy\s+ban\s+nhân\s+dân|ubnd)[^;.]{0,40}?các\s+(?:huyện|quận|thị|xã|phường|tỉnh)|địa\s+phương|các\s+(?:huyện|quận)"))
                kinds.Add(AgencyKind.LocalGovernment);
            if (s.Contains("mặt trận", StringComparison.Ordinal) || s.Contains("mttq", StringComparison.Ordinal))
                kinds.Add(AgencyKind.Front);
            if (Regex.IsMatch(s, @"đoàn\s+thể|tổ\s+chức\s+chính\s+trị|tổ\s+chức\s+hội|hội,\s*đoàn"))
                kinds.Add(AgencyKind.MassOrganisation);
            return kinds;
        }

        // ---------- the coordinating office ----------

        private string? ReportsTo(List<(Section Section, Item Item, Block Block)> generalItems, List<(Section Section, Item Item, Block Block)> agencyItems)
        {
            foreach (var (_, item, _) in generalItems)
            {
                var full = JoinTask(item.HeadText, item.Body.Select(Render));
                foreach (Match m in SentTo().Matches(full))
                    if (AgencyRecognizer.ReadOne(full, m.Index + m.Length) is { IsGeneric: false, IsGroup: false } a && a.Kind == AgencyKind.Department)
                        return a.Canonical;
            }
            foreach (var (_, item, block) in agencyItems.Concat(generalItems))
            {
                var full = item.HeadText;
                foreach (Match m in Regex.Matches(full, @"(?:^|giao\s+|Giao\s+)"))
                {
                    var a = AgencyRecognizer.ReadOne(full, m.Index + m.Length);
                    if (a is null || a.IsGroup) continue;
                    var after = full[a.End..Math.Min(full.Length, a.End + 40)];
                    if (Regex.IsMatch(after, @"đôn\s+đốc|theo\s+dõi")) return a.Canonical;
                }
            }
            var first = agencyItems.FirstOrDefault(a => a.Block.Leads.Count == 1 && !a.Block.Leads[0].IsGroup);
            if (first.Item is not null)
            {
                var task = JoinTask(first.Block.Rest, first.Item.Body.Select(Render));
                if (Regex.IsMatch(task, @"chủ\s+trì", RegexOptions.IgnoreCase) && Regex.IsMatch(task, @"Kế\s+hoạch|báo\s+cáo", RegexOptions.IgnoreCase))
                {
                    _warnings.Add($"The plan does not say where reports go; took {first.Block.Leads[0].Canonical}, which leads the first block, as the coordinating office.");
                    return first.Block.Leads[0].Canonical;
                }
            }
            _warnings.Add("The plan does not say which office collects reports.");
            return null;
        }

        // ---------- rows ----------

        private void Emit(string agency, string asWritten, AgencyKind kind, AssignmentRole role, List<string> coordinating, List<string> joint,
            string task, string section, bool requested, bool dated = true)
        {
            var phrases = dated ? DeadlineReader.Find(task, _warnings) : [];
            if (dated && phrases.Count == 0 && DeadlineReader.MentionsPeriodicReportWithoutCycle(task) && role == AssignmentRole.Lead)
                _warnings.Add($"{section} ({agency}): a periodic report is asked for without a cycle or day; no date was set.");
            var any = false;
            foreach (var (phrase, occurrence) in Occurrences(phrases, $"{section} ({agency})"))
            {
                AddRow(agency, asWritten, kind, role, coordinating, joint, task, section, occurrence, Clean(phrase.Text), requested);
                any = true;
            }
            if (!any) AddRow(agency, asWritten, kind, role, coordinating, joint, task, section, null, null, requested);
        }

        /// <summary>
        /// Every occurrence of every phrase; where two recurring reports fall on one day (the Q4 report and the
        /// year report on 15/12) the longer report stands for the shorter, as offices send one report then.
        /// </summary>
        private List<(DeadlinePhrase Phrase, Occurrence Occurrence)> Occurrences(IReadOnlyList<DeadlinePhrase> phrases, string where)
        {
            var all = phrases.SelectMany(p => ReportingCalendar.Expand(p.Shape, _calendar, _warnings, where).Select(o => (Phrase: p, Occurrence: o))).ToList();
            return all.Where(x => x.Occurrence.Recurrence == Recurrence.None
                    || !all.Any(y => y.Occurrence.Due == x.Occurrence.Due && y.Occurrence.Recurrence != Recurrence.None
                        && ReportingCalendar.Rank(y.Occurrence.Recurrence) > ReportingCalendar.Rank(x.Occurrence.Recurrence)))
                .ToList();
        }

        private void AddRow(string agency, string asWritten, AgencyKind kind, AssignmentRole role, IReadOnlyList<string> coordinating,
            IReadOnlyList<string> joint, string task, string section, Occurrence? occurrence, string? deadlineText, bool requested)
        {
            var identity = _document.Number is not null ? $"{_document.Number}|{_document.Issuer}" : $"{_document.Title}|{_document.IssuedOn:yyyy-MM-dd}|{_document.Issuer}";
            var baseKey = $"{identity}\n{section}\n{agency}\n{role}\n{occurrence?.Label ?? occurrence?.Due.ToString("yyyy-MM-dd") ?? ""}";
            var n = _keyCounts.GetValueOrDefault(baseKey);
            _keyCounts[baseKey] = n + 1;
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{baseKey}\n{n}")))[..16];
            _rows.Add(new PlanAssignment(key, agency, VietnameseText.CollapseSpaces(asWritten), kind, role, coordinating, joint, task, section,
                occurrence?.Due, deadlineText, occurrence?.Recurrence ?? Recurrence.None, occurrence?.Label, occurrence?.Tentative ?? false, requested));
        }

        // ---------- text helpers ----------

        private static string Render(Paragraph p) => p.Kind switch
        {
            ParagraphKind.Bullet => "- " + p.Text,
            ParagraphKind.Lettered => $"{p.Marker}) {p.Text}",
            ParagraphKind.Numbered => $"{p.Marker}. {p.Text}",
            _ => p.Text.ToString(),
        };

        private static string JoinTask(string head, IEnumerable<string> body)
        {
            var parts = new List<string>();
            if (head.Trim().Length > 0) parts.Add(VietnameseText.UpperFirst(head.Trim()));
            parts.AddRange(body.Where(b => b.Trim().Length > 0));
            return string.Join("\n", parts);
        }

        private static string Clean(string s) => VietnameseText.CollapseSpaces(s).Trim();

        private static string FirstSentence(string text)
        {
            var end = text.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? text : text[..end];
        }

        private static string SentenceAround(string text, DeadlinePhrase phrase)
        {
            var start = 0;
            foreach (var sep in new[] { ". ", "; ", "\n" })
            {
                var at = text.LastIndexOf(sep, Math.Max(0, phrase.Start - 1), StringComparison.Ordinal);
                if (at >= 0 && at + sep.Length > start && at < phrase.Start) start = at + sep.Length;
            }
            var end = text.Length;
            foreach (var sep in new[] { ". ", "; ", "\n" })
            {
                var at = text.IndexOf(sep, phrase.End, StringComparison.Ordinal);
                if (at >= 0 && at < end) end = at + (sep == ". " ? 1 : 0);
            }
            return VietnameseText.UpperFirst(text[start..end].Trim().TrimEnd(';'));
        }

        private static int SkipSpaces(string s, int pos)
        {
            while (pos < s.Length && s[pos] == ' ') pos++;
            return pos;
        }
    }
}
