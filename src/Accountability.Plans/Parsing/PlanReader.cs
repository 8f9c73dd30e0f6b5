using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Accountability.Plans.Agencies;
using Accountability.Plans.Deadlines;
using Accountability.Plans.Layout;
using Accountability.Plans.Reading;

namespace Accountability.Plans.Parsing;

/// <summary>
/// Reads a plan: source document → paragraphs and tables → outline → header → duties → rows, with what could not
/// be read listed for a clerk. Each duty gives one row per lead agency and dated obligation (a recurring deadline
/// one row per occurrence inside the plan's period), and one undated row per supporting agency.
/// </summary>
internal sealed partial class PlanReader(SourceDocument source)
{
    private readonly List<string> _warnings = [];
    private readonly List<PlanAssignment> _rows = [];
    private readonly List<UnreadText> _unread = [];
    private readonly Dictionary<string, int> _keyCounts = [];
    private PlanDocument _document = null!;
    private PlanCalendar _calendar = null!;

    public ParsedPlan Read()
    {
        var blocks = Paragraphs.Build(source);
        if (blocks.Count == 0) throw new PlanReadException("The document is empty.");
        var roots = Outline.Build(blocks, out var preamble);
        _document = HeaderReader.Read(preamble, roots);
        _calendar = new PlanCalendar(_document.IssuedOn, _document.PeriodFrom, _document.PeriodTo);

        var finder = new DutyFinder(_document.Issuer);
        finder.Visit(roots);
        IReadOnlyList<Duty> duties = finder.Duties;
        _warnings.AddRange(finder.Warnings);
        if (duties.Count == 0)
        {
            var text = string.Join(" ", blocks.OfType<Para>().Select(p => p.Text));
            if (!LooksVietnamese(text))
                throw new PlanReadException("The text does not look like a Vietnamese plan (it has almost no Vietnamese letters); send the plan's Vietnamese text.");
            throw new PlanReadException("No assignment could be read: the document names no agency with a duty (no 'Phân công'/'Tổ chức thực hiện' section, agency heading, task table or 'Cơ quan chủ trì' label was found).");
        }

        if (_document.Number is null) _warnings.Add("No document number (Số: …/…) was found in the header.");
        if (_document.IssuedOn is null) _warnings.Add("No issue date (…, ngày … tháng … năm …) was found in the header.");
        if (_document.PeriodTo is null) _warnings.Add("The plan states no period (giai đoạn … or năm …); recurring deadlines were dated for the year of issue only.");
        _document = _document with { ReportsTo = ReportsTo(duties) };

        duties = ArticleDeadlines(roots, duties);
        duties = ReachEachAddressee(duties);
        NameEachBodyOnce(duties);
        foreach (var duty in duties)
        {
            Emit(duty);
            if (_rows.Count > PlanLimits.MaxAssignments)
                throw new PlanReadException($"The plan yields more than {PlanLimits.MaxAssignments} assignments; split it into smaller plans or check that it is one plan.");
        }
        if (_rows.Count == 0)
            throw new PlanReadException("No assignment could be read: the document names no agency with a duty (no 'Phân công'/'Tổ chức thực hiện' section, agency heading, task table or 'Cơ quan chủ trì' label was found).");
        CollectUnread(roots, duties, finder.ReadRows);
        if (source.Notes.FirstOrDefault(n => n.StartsWith("ocr:", StringComparison.Ordinal)) is { } ocr)
            _warnings.Insert(0, $"The text was read from a scan by OCR ({ocr["ocr:".Length..]}); check names and dates against the paper.");
        return new ParsedPlan(_document, _rows, _warnings) { Unread = _unread };
    }

    private static bool LooksVietnamese(string text)
    {
        var letters = text.Count(char.IsLetter);
        var vietnamese = text.Count(c => c is 'đ' or 'Đ' or >= '\u1EA0' and <= '\u1EF9' or 'ư' or 'ơ' or 'Ư' or 'Ơ' or 'ă' or 'Ă');
        return letters < 200 || vietnamese * 100 >= letters;
    }

    // ---------- general duties ----------

    /// <summary>
    /// "Các sở, ban, ngành, địa phương báo cáo kết quả … trước ngày 15/12 hằng năm": a dated duty of a class reaches
    /// every agency of that class the plan assigns duties to (the class keeps its own row too). Who a class is, is read
    /// from its words: "sở, ngành" are departments, "địa phương"/"Ủy ban nhân dân các xã" local government, "đoàn thể"
    /// the mass organisations, "cơ quan, đơn vị" everyone.
    /// </summary>
    private IReadOnlyList<Duty> ReachEachAddressee(IReadOnlyList<Duty> duties)
    {
        var specific = duties.Where(d => d.Source is DutySource.AgencyBlock or DutySource.LabelledTask or DutySource.TableRow)
            .SelectMany(d => d.Leads).Where(a => !a.IsGeneric)
            .DistinctBy(a => a.Canonical).ToList();
        var result = new List<Duty>(duties.Count);
        foreach (var duty in duties)
        {
            result.Add(duty);
            var groups = duty.Leads.Where(l => l.IsGroup || l.IsGeneric).ToList();
            if (groups.Count == 0 || !duty.Parts.Any(p => p.Deadlines.Any(d => d.Shape is not RelativeDeadline))) continue;
            var kinds = AddresseeKinds(string.Join(", ", groups.Select(l => l.AsWritten)));
            var reached = specific.Where(a => kinds.Contains(a.Kind) && a.Canonical != _document.ReportsTo && duty.Leads.All(l => l.Canonical != a.Canonical)
                && !(a.IsGroup && groups.Any(g => g.Canonical == a.Canonical))).ToList();
            if (reached.Count == 0) continue;
            var each = new Duty
            {
                Source = duty.Source,
                Section = duty.Section,
                Leads = reached,
                Task = duty.Task,
                Parts = duty.Parts.Select(p => p with { Deadlines = p.Deadlines.Where(d => d.Shape is not RelativeDeadline).ToList() }).ToList(),
                Requested = duty.Requested,
                Product = duty.Product,
            };
            each.Checks.Add($"addressed to a class ('{Short(string.Join(", ", groups.Select(l => l.AsWritten)))}'): given to each of its agencies in this plan");
            result.Add(each);
        }
        return result;
    }

    /// <summary>
    /// "Điều 1. Ban hành Kế hoạch … : kết thúc trước ngày 18/01/2025 …" then "Điều 2. Giao Sở Giáo dục và Đào tạo … tổ
    /// chức thực hiện … quy định tại Điều 1": the dated items of the article a block refers to, which no agency took,
    /// are that block's agencies' deadlines.
    /// </summary>
    private static IReadOnlyList<Duty> ArticleDeadlines(IReadOnlyList<Node> roots, IReadOnlyList<Duty> duties)
    {
        var consumed = duties.SelectMany(d => d.Consumed).ToHashSet();
        var articles = roots.SelectMany(r => r.Descendants().Prepend(r)).Where(n => n.Head is { Kind: MarkerKind.Article }).ToList();
        var result = duties.ToList();
        var taken = new HashSet<Node>();
        foreach (var duty in duties.Where(d => d.Source == DutySource.AgencyBlock && d.Section.StartsWith('Đ') && d.Leads.Any(l => !l.IsGeneric)))
            foreach (Match m in ArticleReference().Matches(duty.Task))
            {
                var article = articles.FirstOrDefault(a => a.Label == "Đ" + m.Groups["n"].Value && a.Label != duty.Section && !duty.Section.StartsWith(a.Label + ".", StringComparison.Ordinal));
                if (article is null || !taken.Add(article)) continue;
                var parts = article.AllBlocks().OfType<Para>().Where(p => !consumed.Contains(p))
                    .Select(p => new DutyPart(p.Rendered, DeadlineReader.Find(p.Rendered).Where(d => d.Shape is not RelativeDeadline).ToList()))
                    .Where(p => p.Deadlines.Count > 0).ToList();
                if (parts.Count == 0) continue;
                var dated = new Duty { Source = DutySource.AgencyBlock, Section = article.Label, Leads = duty.Leads.Where(l => !l.IsGeneric).ToList(), Task = duty.Task, Parts = parts };
                dated.Checks.Add($"deadlines of {article.Label} given to the agency {duty.Section} charges with carrying it out");
                foreach (var p in article.AllBlocks().OfType<Para>().Where(p => !consumed.Contains(p))) dated.Consumed.Add(p);
                result.Add(dated);
            }
        return result;
    }

    [GeneratedRegex(@"(?<![\p{L}])(?:trong|vào)\s+(?:[\p{Ll}]+\s+){0,3}?(?:tháng\s+\d{1,2}\s+)?năm\s+(?<y>20\d{2})(?!\s*[-–]\s*\d)|\(\s*năm\s+(?<y>20\d{2})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex UngovernedTime();

    [GeneratedRegex(@"(?:quy\s+định|nêu|ban\s+hành)\s+tại\s+Điều\s+(?<n>\d{1,2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ArticleReference();

    private static HashSet<AgencyKind> AddresseeKinds(string words)
    {
        var s = VietnameseText.Fold(words).ToLowerInvariant();
        var kinds = new HashSet<AgencyKind>();
        if (Regex.IsMatch(s, @"cơ\s+quan,\s*đơn\s+vị|các\s+cơ\s+quan|các\s+đơn\s+vị"))
            kinds.UnionWith(Enum.GetValues<AgencyKind>());
        if (Regex.IsMatch(s, @"sở,\s*(?:ban,\s*)?ngành|các\s+sở|các\s+ngành|bộ,\s*ngành|các\s+bộ|phòng,\s*(?:ban,\s*)?ngành|các\s+phòng|các\s+ban"))
            kinds.UnionWith([AgencyKind.Department, AgencyKind.Ministry, AgencyKind.Press, AgencyKind.Other]);
        if (Regex.IsMatch(s, @"ủy\s+ban\s+nhân\s+dân|địa\s+phương|các\s+(?:huyện|quận|xã|phường|tỉnh)"))
            kinds.Add(AgencyKind.LocalGovernment);
        if (s.Contains("mặt trận", StringComparison.Ordinal))
            kinds.Add(AgencyKind.Front);
        if (Regex.IsMatch(s, @"đoàn\s+thể|tổ\s+chức\s+chính\s+trị|tổ\s+chức\s+hội|hội,\s*đoàn"))
            kinds.Add(AgencyKind.MassOrganisation);
        return kinds;
    }

    // ---------- rows ----------

    private readonly Dictionary<string, string> _display = new(StringComparer.Ordinal);

    /// <summary>
    /// One body, one name in a plan: where the plan writes a known body several ways ("Ủy ban nhân dân cấp xã",
    /// "Ủy ban nhân dân các xã, phường"), every row takes the wording the plan uses most.
    /// </summary>
    private void NameEachBodyOnce(IReadOnlyList<Duty> duties)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var m in duties.SelectMany(d => d.Leads.Concat(d.Supports)))
        {
            if (m.Body is null) continue;
            // A class of a body ("Ban An toàn giao thông các địa phương") is not the one body ("… tỉnh").
            var body = m.IsGroup ? m.Body + "\u0001" : m.Body;
            if (!counts.TryGetValue(body, out var names)) counts[body] = names = new Dictionary<string, int>(StringComparer.Ordinal);
            names[m.Canonical] = names.GetValueOrDefault(m.Canonical) + 1;
        }
        foreach (var (body, names) in counts)
        {
            var best = names.OrderByDescending(n => n.Value).First().Key;
            foreach (var name in names.Keys) _display[name] = best;
        }
        // "Các địa phương" addressed by a plan are the People's Committees one level below its issuer, in the plan's own wording of them.
        if (LocalCommittees() is { } local)
            foreach (var m in duties.SelectMany(d => d.Leads.Concat(d.Supports)).Where(m => LocalitiesWords().IsMatch(m.Canonical)))
                _assignee[m.Canonical] = counts.TryGetValue(local.Body + "\u0001", out var names) || counts.TryGetValue(local.Body, out names)
                    ? _display[names.Keys.First()] : local.Name;
    }

    /// <summary>The committees one level below the issuer: the provinces' for a central body, the communes' (before 1/7/2025 the districts') for a province.</summary>
    private (string Body, string Name)? LocalCommittees()
    {
        var issuer = _document.Issuer ?? "";
        if (CentralIssuer().IsMatch(issuer)) return ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương");
        if (!ProvincialIssuer().IsMatch(issuer)) return null;
        return _document.IssuedOn is { } on && on < new DateOnly(2025, 7, 1)
            ? ("Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp huyện")
            : ("Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp xã");
    }

    [GeneratedRegex(@"^(?:Các|Ủy ban nhân dân các) địa phương$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LocalitiesWords();

    [GeneratedRegex(@"^(?:Thủ tướng Chính phủ|Chính phủ|Văn phòng Chính phủ|Bộ |Thanh tra Chính phủ|Ngân hàng Nhà nước Việt Nam)", RegexOptions.CultureInvariant)]
    private static partial Regex CentralIssuer();

    [GeneratedRegex(@"^(?:Ủy ban nhân dân|Chủ tịch Ủy ban nhân dân) (?:tỉnh|thành phố|Thành phố) ", RegexOptions.CultureInvariant)]
    private static partial Regex ProvincialIssuer();

    private string Display(AgencyMention m) => _display.GetValueOrDefault(m.Canonical, m.Canonical);

    /// <summary>Names that stand for other bodies: "Các địa phương" when it leads a duty (as a partner it keeps its words), "Ủy ban nhân dân các địa phương" always.</summary>
    private readonly Dictionary<string, string> _assignee = new(StringComparer.Ordinal);

    private readonly HashSet<string> _datedCells = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taskCells = new(StringComparer.Ordinal);

    private void Emit(Duty duty)
    {
        var occurrences = new List<(DutyPart Part, DeadlinePhrase Phrase, Occurrence Occurrence)>();
        foreach (var part in duty.Parts)
            foreach (var phrase in part.Deadlines)
                foreach (var o in ReportingCalendar.Expand(phrase.Shape, _calendar, _warnings, duty.Section))
                    occurrences.Add((part, phrase, o));
        // Where two recurring reports fall on one day, the longer stands for the shorter (the year report for Q4).
        occurrences = occurrences.Where(x => x.Occurrence.Recurrence == Recurrence.None
                || !occurrences.Any(y => y.Occurrence.Due == x.Occurrence.Due && y.Occurrence.Recurrence != Recurrence.None
                    && ReportingCalendar.Rank(y.Occurrence.Recurrence) > ReportingCalendar.Rank(x.Occurrence.Recurrence)))
            .DistinctBy(x => (x.Occurrence.Due, x.Occurrence.Label))
            .ToList();
        if (occurrences.Count > PlanLimits.MaxObligationsPerDuty)
            throw new PlanReadException($"One task ({duty.Section}) yields more than {PlanLimits.MaxObligationsPerDuty} dated obligations; check its deadline.");

        var checks = duty.Checks.ToList();
        foreach (var part in duty.Parts)
            foreach (var phrase in part.Deadlines)
            {
                if (phrase.Shape.Note is { } note) checks.Add($"deadline '{Short(phrase.Text)}': {note}");
                if (phrase.Shape is PeriodicDeadline p) checks.Add($"a {string.Join(", ", p.Cycles.Select(Name))} report without a day ('{Short(phrase.Text)}'): set its day");
                if (phrase.Shape is RelativeDeadline) checks.Add($"a time counted from an event ('{Short(phrase.Text)}'): no date set");
            }
        var datedParts = occurrences.Select(o => o.Part).ToHashSet();
        foreach (var (_, phrase, _) in occurrences) _datedCells.Add(phrase.Text);
        if (duty.Source == DutySource.TableRow && occurrences.Count > 0) _taskCells.Add(duty.Task);
        foreach (var lead in duty.Leads.Where(l => !l.IsGeneric))
        {
            var joint = duty.Leads.Where(l => l.Canonical != lead.Canonical).Select(Display).ToList();
            var coordinating = duty.Supports.Select(Display).ToList();
            // Items that open with another of the block's agencies are that agency's alone.
            var mine = duty.Parts.Where(p => p.OnlyFor is null || p.OnlyFor == lead.Canonical).ToList();
            var task = mine.Count == duty.Parts.Count ? duty.Task : Cap(string.Join("\n", mine.Select(p => p.Text)));
            var myOccurrences = occurrences.Where(o => mine.Contains(o.Part)).ToList();
            // One row per dated obligation, each with the whole duty as its task; an undated duty is one row.
            foreach (var (_, phrase, occurrence) in myOccurrences)
                AddRow(lead, AssignmentRole.Lead, coordinating, joint, VietnameseText.UpperFirstOfText(task), duty, occurrence, Clean(phrase.Text), checks);
            if (myOccurrences.Count == 0 && task.Length > 0)
                AddRow(lead, AssignmentRole.Lead, coordinating, joint, VietnameseText.UpperFirstOfText(task), duty, null, null, checks);
        }
        foreach (var support in duty.Supports)
            AddRow(support, AssignmentRole.Support, duty.Leads.Select(Display).ToList(), [], duty.Task, duty, null, null, checks);
    }

    private void AddRow(AgencyMention agency, AssignmentRole role, IReadOnlyList<string> coordinating, IReadOnlyList<string> joint,
        string task, Duty duty, Occurrence? occurrence, string? deadlineText, IReadOnlyList<string> checks)
    {
        var identity = _document.Number is not null ? $"{_document.Number}|{_document.Issuer}" : $"{_document.Title}|{_document.IssuedOn:yyyy-MM-dd}|{_document.Issuer}";
        var name = (role == AssignmentRole.Lead || agency.Canonical.StartsWith("Ủy ban", StringComparison.Ordinal) ? _assignee.GetValueOrDefault(agency.Canonical) : null) ?? Display(agency);
        var baseKey = $"{identity}\n{duty.Section}\n{name}\n{role}\n{occurrence?.Label ?? occurrence?.Due.ToString("yyyy-MM-dd") ?? ""}";
        var n = _keyCounts.GetValueOrDefault(baseKey);
        _keyCounts[baseKey] = n + 1;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{baseKey}\n{n}")))[..16];
        var rowChecks = checks.Where(c => !c.StartsWith("agency not in the gazetteer", StringComparison.Ordinal) && !c.StartsWith("name possibly cut", StringComparison.Ordinal)
                || c.Contains($"'{agency.Canonical}'", StringComparison.Ordinal) || c.Contains($"'{agency.AsWritten}'", StringComparison.Ordinal))
            .Distinct().ToList();
        if (occurrence is { Tentative: true }) rowChecks.Add("the date is tentative (dự kiến)");
        _rows.Add(new PlanAssignment(key, name, VietnameseText.CollapseSpaces(agency.AsWritten), agency.Kind, role, coordinating, joint,
            task, SectionLabel(duty.Section), occurrence?.Due, deadlineText, occurrence?.Recurrence ?? Recurrence.None, occurrence?.Label,
            occurrence?.Tentative ?? false, duty.Requested)
        {
            Checks = rowChecks,
            Product = duty.Product,
        });
    }

    private static string Cap(string text) => text.Length <= 4000 ? text : text[..4000].TrimEnd() + "…";

    private static string SectionLabel(string label) => label.Length == 0 ? "1" : label;

    private static string Name(Recurrence r) => r switch
    {
        Recurrence.Yearly => "yearly",
        Recurrence.Semiannual => "half-yearly",
        Recurrence.Quarterly => "quarterly",
        Recurrence.Monthly => "monthly",
        _ => "one-off",
    };

    private static string Clean(string s) => VietnameseText.CollapseSpaces(s).Trim().TrimEnd('.', ';', ',');

    private static string Short(string s)
    {
        s = VietnameseText.CollapseSpaces(s);
        return s.Length <= 80 ? s : s[..80] + "…";
    }

    // ---------- the coordinating office ----------

    [GeneratedRegex(@"(?:gửi(?:\s+về)?|\(qua|\bqua)\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SentTo();

    [GeneratedRegex(@"(?:là\s+)?(?:cơ\s+quan\s+(?:thường\s+trực|đầu\s+mối)|đầu\s+mối)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StandingOffice();

    /// <summary>
    /// Where reports go: "gửi về Sở X" / "(qua Sở X)" in a duty, else the agency a block names as the one that
    /// "theo dõi, đôn đốc", else the standing office ("cơ quan thường trực"), else the lead of the first block when it
    /// leads the plan's own implementation (said in a warning).
    /// </summary>
    private string? ReportsTo(IReadOnlyList<Duty> duties)
    {
        string? sentTo = null;
        foreach (var duty in duties.OrderBy(d => d.Source is DutySource.Reporting or DutySource.Sentence ? 0 : 1))
            foreach (Match m in SentTo().Matches(duty.Task))
                if (AgencyRecognizer.ReadOne(duty.Task, m.Index + m.Length) is { IsGeneric: false, IsGroup: false } a && a.Kind is AgencyKind.Department or AgencyKind.Ministry
                    && !Addressees.IsIssuer(a, _document.Issuer))
                {
                    // "gửi về Bộ Nội vụ (qua Vụ Cải cách hành chính)": the office named after "qua" collects.
                    if (m.Value.Contains("qua", StringComparison.OrdinalIgnoreCase)) return a.Canonical;
                    sentTo ??= a.Canonical;
                }
        if (sentTo is not null) return sentTo;
        foreach (var duty in duties.Where(d => d.Source == DutySource.AgencyBlock && d.Leads.Count == 1 && !d.Leads[0].IsGroup))
        {
            if (Regex.IsMatch(duty.Task, @"^(?:chủ\s+trì\s*,?\s*)?(?:theo\s+dõi|đôn\s+đốc|tổng\s+hợp|hướng\s+dẫn,\s*theo\s+dõi)", RegexOptions.IgnoreCase) || StandingOffice().Match(duty.Task) is { Success: true, Index: < 200 })
                return duty.Leads[0].Canonical;
        }
        var first = duties.FirstOrDefault(d => d.Source == DutySource.AgencyBlock && d.Leads.Count == 1 && !d.Leads[0].IsGroup);
        if (first is not null && Regex.IsMatch(first.Task, @"chủ\s+trì", RegexOptions.IgnoreCase) && Regex.IsMatch(first.Task, @"Kế\s+hoạch|báo\s+cáo", RegexOptions.IgnoreCase))
        {
            _warnings.Add($"The plan does not say where reports go; took {first.Leads[0].Canonical}, which leads the first block, as the coordinating office.");
            return first.Leads[0].Canonical;
        }
        _warnings.Add("The plan does not say which office collects reports.");
        return null;
    }

    // ---------- unread ----------

    /// <summary>
    /// Every sentence outside background parts that holds a deadline phrase, a date after a deadline word, or an
    /// agency's name, and that no row came from: a clerk checks these by hand. Relative deadlines ("trong 10
    /// ngày kể từ…") and cycles without a day are listed even inside a duty, since no date was set for them.
    /// </summary>
    private void CollectUnread(IReadOnlyList<Node> roots, IReadOnlyList<Duty> duties, HashSet<LooseRow> readRows)
    {
        var consumed = new HashSet<Block>();
        foreach (var d in duties) consumed.UnionWith(d.Consumed);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Inside duties: what has no date of its own.
        var undated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var duty in duties)
        {
            foreach (var part in duty.Parts)
                foreach (var phrase in part.Deadlines)
                {
                    var why = phrase.Shape switch
                    {
                        RelativeDeadline => "a time counted from an event: the plan gives no date",
                        PeriodicDeadline => "a recurring report without its day: no date was set",
                        _ => null,
                    };
                    if (why is not null) { AddUnread(duty.Section, SentenceAround(part.Text, phrase), why, seen); undated.Add(phrase.Text); }
                }
            // "số hóa dữ liệu trong năm 2026", "vào kỳ chi trả tháng 12 năm 2025", "(năm 2030)": a time inside a duty that no
            // deadline word governs is not a deadline, but the clerk sees it.
            foreach (var part in duty.Parts)
                foreach (var (sentence, _) in DutyFinder.SplitSentences(part.Text))
                    if (UngovernedTime().Match(sentence) is { Success: true } t && int.Parse(t.Groups["y"].Value, CultureInfo.InvariantCulture) >= (_document.IssuedOn?.Year ?? 0)
                        && !DeadlineReader.Find(sentence).Any(d => d.Text.Contains(t.Groups["y"].Value, StringComparison.Ordinal)))
                        AddUnread(duty.Section, sentence, "a time in the duty that no deadline word governs: not read as a deadline", seen);
            foreach (var check in duty.Checks.Where(c => c.StartsWith("time not understood", StringComparison.Ordinal)))
                AddUnread(duty.Section, check["time not understood: ".Length..].Trim('\''), "a time cell the reader could not date", seen);
        }

        // Outside duties: every sentence or cell with a deadline (wherever the reader put it), and in the
        // assignment and reporting parts every sentence that names an agency.
        foreach (var root in roots)
            foreach (var node in new[] { root }.Concat(root.Descendants()))
            {
                // A time counted from an event inside a paragraph a duty took, but not among that duty's deadlines
                // (the duty read its time elsewhere): the clerk still sees it.
                foreach (var p in node.Body.OfType<Para>().Prepend(node.Head).Where(p => p is not null && consumed.Contains(p)))
                    foreach (var (sentence, _) in DutyFinder.SplitSentences(p!.Text))
                        foreach (var d in DeadlineReader.Find(sentence).Where(d => d.Shape is RelativeDeadline && !undated.Contains(d.Text)))
                        {
                            AddUnread(node.Label, sentence, "a time counted from an event: the plan gives no date", seen);
                            undated.Add(d.Text);
                        }
                var paras = new List<Para>();
                if (node.Head is not null && !consumed.Contains(node.Head)) paras.Add(node.Head);
                paras.AddRange(node.Body.OfType<Para>().Where(p => !consumed.Contains(p)));
                foreach (var p in paras)
                    foreach (var (sentence, _) in DutyFinder.SplitSentences(p.Text))
                    {
                        if (sentence.Length < 12) continue;
                        var deadlines = DeadlineReader.Find(sentence);
                        if (deadlines.Count > 0)
                        {
                            AddUnread(node.Label, sentence, deadlines.All(d => d.Shape is RelativeDeadline)
                                ? "a time counted from an event, and no agency this reader could tie it to"
                                : "a deadline that no agency was tied to", seen);
                            continue;
                        }
                        if (node.Region is Region.Assignment or Region.Reporting && NamesAgency(sentence))
                            AddUnread(node.Label, sentence, "names an agency but no duty was read from it", seen);
                    }
                foreach (var table in node.Body.OfType<TableBlock>())
                    foreach (var row in table.Rows)
                        foreach (var cell in row)
                        {
                            if (cell.Length is < 2 or > 400 || _taskCells.Contains(cell)) continue;
                            var deadlines = DeadlineReader.FindInCell(cell);
                            if (deadlines.Count > 0 && (!_datedCells.Contains(cell.Trim()) || deadlines.Any(d => d.Shape is RelativeDeadline or PeriodicDeadline)))
                                AddUnread(node.Label, cell, deadlines.All(d => d.Shape is RelativeDeadline) ? "a duration or a time counted from an event in a table" : "a time in a table that no agency was tied to", seen);
                        }
                foreach (var table in node.Body.OfType<LooseTableBlock>())
                    foreach (var row in table.Rows)
                    {
                        var text = string.Join(" ", row.Lines);
                        if (!readRows.Contains(row) && DeadlineReader.FindInCell(text).Count > 0)
                            AddUnread(node.Label, text, "a table row whose time no agency was tied to", seen);
                    }
            }
    }

    private static bool NamesAgency(string sentence)
    {
        var words = sentence.Split(' ');
        var pos = 0;
        foreach (var w in words)
        {
            if (w.Length > 0 && char.IsUpper(w[0]) && AgencyRecognizer.ReadOne(sentence, pos) is { IsGeneric: false, Known: true }) return true;
            pos += w.Length + 1;
            if (pos > 400) break;
        }
        return false;
    }

    private void AddUnread(string section, string text, string why, HashSet<string> seen)
    {
        var t = VietnameseText.CollapseSpaces(text).Trim();
        if (t.Length > 600) t = t[..600] + "…";
        if (!seen.Add(section + "\n" + t)) return;
        _unread.Add(new UnreadText(SectionLabel(section), t, why));
    }

    private static string SentenceAround(string text, DeadlinePhrase phrase)
    {
        if (phrase.End > text.Length || !text.AsSpan(phrase.Start, phrase.End - phrase.Start).SequenceEqual(phrase.Text)) return phrase.Text;
        // The sentence holding the phrase's start; else the one just before it (the phrase begins after its stop),
        // but never a bare item marker such as "6.", which says nothing to a clerk.
        string? before = null;
        foreach (var (sentence, start) in DutyFinder.SplitSentences(text))
        {
            if (phrase.Start >= start && phrase.Start < start + sentence.Length) return sentence;
            if (phrase.Start >= start && phrase.Start < start + sentence.Length + 2 && sentence.Any(char.IsLetter)) before = sentence;
        }
        return before ?? phrase.Text;
    }
}
