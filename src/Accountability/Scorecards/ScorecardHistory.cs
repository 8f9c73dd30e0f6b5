using Marten;

namespace Accountability.Scorecards;

/// <summary>Time travel across every assignment: the scorecard entries as they stood at a past moment.</summary>
public static class ScorecardHistory
{
    /// <summary>
    /// Reads the events recorded up to the moment, in the order they were recorded, and folds them with the same
    /// rules as the live snapshot. Events are stamped with the service's clock, so this is what the office saw then.
    /// </summary>
    public static async Task<IReadOnlyList<ScorecardEntry>> EntriesAsOfAsync(IQuerySession session, DateTimeOffset asOf, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= asOf)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var entries = new Dictionary<Guid, ScorecardEntry>();
        foreach (var e in events)
        {
            entries.TryGetValue(e.StreamId, out var entry);
            if (ScorecardEntry.Fold(entry, e.Data) is { } folded) entries[e.StreamId] = folded;
        }
        return entries.Values.ToList();
    }
}
