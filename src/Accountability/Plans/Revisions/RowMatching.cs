namespace Accountability.Plans.Revisions;

/// <summary>Rows of two readings that are the same duty, and the rows only one of them has.</summary>
public sealed record RowMatch(IReadOnlyList<(PlanRow Old, PlanRow New)> Pairs, IReadOnlyList<PlanRow> Vanished, IReadOnlyList<PlanRow> Added);

/// <summary>
/// Pairs the rows of an earlier reading with those of a later one. The reader's key is stable while a duty keeps
/// its section, agency, role and date, so it is tried first; a duty whose date changed keeps its agency and
/// wording (matched by agency, role and task); one given to another agency keeps its section, role and wording.
/// Within each step rows pair in document order, so duplicates pair one to one.
/// </summary>
public static class RowMatching
{
    public static RowMatch Match(IReadOnlyList<PlanRow> earlier, IReadOnlyList<PlanRow> later)
    {
        var pairs = new List<(PlanRow Old, PlanRow New)>();
        var olds = earlier.ToList();
        var news = later.ToList();
        Pair(olds, news, pairs, r => r.Key);
        Pair(olds, news, pairs, r => $"{r.AgencyId}\n{r.Role}\n{r.TaskKey}");
        Pair(olds, news, pairs, r => $"{r.Section}\n{r.Role}\n{r.TaskKey}");
        // Pairs in the later reading's order, for answers that read like the document.
        var order = new Dictionary<PlanRow, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < later.Count; i++) order[later[i]] = i;
        return new RowMatch(pairs.OrderBy(p => order[p.New]).ToList(), olds, news);
    }

    private static void Pair(List<PlanRow> olds, List<PlanRow> news, List<(PlanRow, PlanRow)> pairs, Func<PlanRow, string> by)
    {
        var waiting = new Dictionary<string, Queue<PlanRow>>();
        foreach (var o in olds)
        {
            if (!waiting.TryGetValue(by(o), out var q)) waiting[by(o)] = q = new Queue<PlanRow>();
            q.Enqueue(o);
        }
        var matched = new HashSet<PlanRow>(ReferenceEqualityComparer.Instance);
        foreach (var n in news)
            if (waiting.TryGetValue(by(n), out var q) && q.Count > 0)
            {
                var o = q.Dequeue();
                pairs.Add((o, n));
                matched.Add(o);
                matched.Add(n);
            }
        olds.RemoveAll(matched.Contains);
        news.RemoveAll(matched.Contains);
    }
}
