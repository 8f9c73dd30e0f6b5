namespace Accountability.Plans.Revisions;

/// <summary>An issued assignment as a revision sees it.</summary>
public sealed record HeldAssignment(Guid Id, string AgencyId, string Agency, string Task, DateOnly? Due, bool Completed, bool Withdrawn)
{
    public static HeldAssignment From(global::Accountability.Assignments.Assignment a) => new(a.Id, a.AgencyId, a.Agency, a.Task, a.Due,
        a.Status == global::Accountability.Assignments.AssignmentStatus.Completed, a.Status == global::Accountability.Assignments.AssignmentStatus.Withdrawn);
}

/// <summary>
/// What a revision does to one issued assignment: another agency (ToAgencyId), another date (Redated) or other
/// wording (Reworded); Changes says the same for a person (before as the assignment stands, after as revised).
/// </summary>
public sealed record RowChange(Guid AssignmentId, string Key, string? ToAgencyId, string? ToAgency, bool Redated, DateOnly? Due, bool Reworded, string Task,
    IReadOnlyList<FieldChange> Changes);

/// <summary>
/// A revision decided: rows to issue, assignments to withdraw, to change and to keep as they are, the rows the
/// plan has afterwards (without those still to be issued) and what could not be applied.
/// </summary>
public sealed record RevisionPlan(
    IReadOnlyList<PlanRow> Added,
    IReadOnlyList<IssuedRow> Withdrawn,
    IReadOnlyList<RowChange> Changed,
    IReadOnlyList<IssuedRow> Unchanged,
    IReadOnlyList<IssuedRow> Rows,
    IReadOnlyList<string> Notes);

/// <summary>
/// Revises a plan from a new reading, as plain rules. The differences between the reading the plan was last
/// read from and the new one are applied to the plan as the office has it now, so a correction the office made
/// stands unless the new reading changes that very field: a row that vanished is withdrawn, a new row issued, a
/// row whose agency, date or wording changed is reassigned, redated or reworded, and every other row keeps its
/// assignment and history. Rows the office dropped stay dropped; rows it added stay. Completed work is never
/// changed or withdrawn (a note says what was not applied).
/// </summary>
public static class PlanRevision
{
    public const string Reason = "the plan was revised";

    public static RevisionPlan Decide(IReadOnlyList<PlanRow> earlierReading, IReadOnlyDictionary<string, Guid> rows,
        IReadOnlyDictionary<Guid, HeldAssignment> held, IReadOnlyList<PlanRow> revised)
    {
        var match = RowMatching.Match(earlierReading, revised);
        var withdrawn = new List<IssuedRow>();
        var changed = new List<RowChange>();
        var unchanged = new List<IssuedRow>();
        var notes = new List<string>();
        var after = new Dictionary<string, Guid>();

        // Rows no reading holds (the office's own) are not the reader's to change.
        var read = earlierReading.Select(r => r.Key).ToHashSet();
        foreach (var (key, id) in rows)
            if (!read.Contains(key) && held.ContainsKey(id))
            {
                after[key] = id;
                unchanged.Add(new IssuedRow(key, id));
            }

        foreach (var (old, now) in match.Pairs)
        {
            if (!rows.TryGetValue(old.Key, out var id) || !held.TryGetValue(id, out var a)) continue; // dropped by the office
            after[now.Key] = id;
            if (a.Withdrawn)
            {
                unchanged.Add(new IssuedRow(now.Key, id));
                continue;
            }
            var change = ChangeOf(old, now, a);
            if (change is null)
                unchanged.Add(new IssuedRow(now.Key, id));
            else if (a.Completed)
            {
                notes.Add($"{a.Agency}: “{Short(a.Task)}” is completed; the revised {string.Join(" and ", change.Changes.Select(c => c.Field))} was not applied.");
                unchanged.Add(new IssuedRow(now.Key, id));
            }
            else changed.Add(change);
        }

        foreach (var old in match.Vanished)
        {
            if (!rows.TryGetValue(old.Key, out var id) || !held.TryGetValue(id, out var a) || a.Withdrawn) continue;
            if (a.Completed)
            {
                notes.Add($"{a.Agency}: “{Short(a.Task)}” is no longer in the plan but is completed; it was kept.");
                after[old.Key] = id;
                unchanged.Add(new IssuedRow(old.Key, id));
            }
            else withdrawn.Add(new IssuedRow(old.Key, id));
        }

        return new RevisionPlan(match.Added, withdrawn, changed, unchanged, after.Select(p => new IssuedRow(p.Key, p.Value)).ToList(), notes);
    }

    /// <summary>
    /// A field changes when the readings differ on it and the assignment does not already say what the new
    /// reading says (the office may have made the same correction by hand).
    /// </summary>
    private static RowChange? ChangeOf(PlanRow old, PlanRow now, HeldAssignment a)
    {
        var changes = new List<FieldChange>();
        var moved = old.AgencyId != now.AgencyId && a.AgencyId != now.AgencyId;
        if (moved) changes.Add(new FieldChange("agency", a.Agency, now.Agency));
        var redated = old.Due != now.Due && a.Due != now.Due;
        if (redated) changes.Add(new FieldChange("due", PlanHeader.Date(a.Due), PlanHeader.Date(now.Due)));
        var reworded = old.TaskKey != now.TaskKey && PlanRow.NormalTask(a.Task) != now.TaskKey;
        if (reworded) changes.Add(new FieldChange("task", a.Task, now.Task));
        return changes.Count == 0 ? null
            : new RowChange(a.Id, now.Key, moved ? now.AgencyId : null, moved ? now.Agency : null, redated, now.Due, reworded, reworded ? now.Task : a.Task, changes);
    }

    /// <summary>The header after a revision: a field the readings differ on takes the revised value; the others stay as the plan has them.</summary>
    public static PlanHeader Header(PlanHeader earlierReading, PlanHeader current, PlanHeader revised) => new(
        Pick(earlierReading.Number, current.Number, revised.Number),
        Pick(earlierReading.Issuer, current.Issuer, revised.Issuer),
        Pick(earlierReading.IssuedOn, current.IssuedOn, revised.IssuedOn),
        Pick(earlierReading.Title, current.Title, revised.Title),
        Pick(earlierReading.PeriodFrom, current.PeriodFrom, revised.PeriodFrom),
        Pick(earlierReading.PeriodTo, current.PeriodTo, revised.PeriodTo),
        Pick(earlierReading.ReportsTo, current.ReportsTo, revised.ReportsTo),
        Pick(earlierReading.Jurisdiction, current.Jurisdiction, revised.Jurisdiction),
        Pick(earlierReading.Supersedes, current.Supersedes, revised.Supersedes),
        Pick(earlierReading.Kind, current.Kind, revised.Kind),
        Pick(earlierReading.Implements, current.Implements, revised.Implements));

    private static T Pick<T>(T earlier, T current, T revised) => EqualityComparer<T>.Default.Equals(earlier, revised) ? current : revised;

    /// <summary>True when two readings say the same: same header and the same rows, in the same order.</summary>
    public static bool SameReading(PlanHeader a, IReadOnlyList<PlanRow> aRows, PlanHeader b, IReadOnlyList<PlanRow> bRows) =>
        a == b && aRows.Select(r => r.Terms).SequenceEqual(bRows.Select(r => r.Terms));

    public static string Short(string text) => text.Length <= 80 ? text : text[..77] + "…";
}
