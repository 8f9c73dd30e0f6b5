using JasperFx.Events;
using Marten;

namespace Accountability.Audit;

/// <summary>
/// Gives every event its chain hash in the service, just before Marten writes it (every session of the store, so
/// every way the service appends). A new stream's events are numbered from 1; for an existing stream the head
/// (version and hash) is read in one query for all the streams of the save, and a plain append is pinned to that
/// version, so a second writer racing on the stream fails its version check instead of writing a broken link.
/// The recorded time is cut to microseconds first, so the hash is over the time exactly as PostgreSQL keeps it.
/// </summary>
public sealed class EventChainListener(AuditChainKey key) : DocumentSessionListenerBase
{
    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var streams = session.PendingChanges.Streams().Where(s => s.Events.Count > 0).ToList();
        if (streams.Count == 0) return;
        var existing = streams.Where(s => s.ActionType != StreamActionType.Start).Select(s => s.Id).Distinct().ToArray();
        var heads = existing.Length == 0 ? [] : await HeadsAsync(session, existing, token);
        var serializer = session.DocumentStore.Options.Serializer();
        foreach (var stream in streams)
        {
            long before = 0;
            string? prev = null;
            if (stream.ActionType != StreamActionType.Start && heads.TryGetValue(stream.Id, out var head))
            {
                if (stream.ExpectedVersionOnServer is { } expected) before = expected;
                else stream.ExpectedVersionOnServer = before = head.Version;
                prev = head.Version == before ? head.Hash : null; // a stale expectation fails at commit anyway
            }
            Link(key.Key, stream, before, prev, data => serializer.ToJson(data));
        }
    }

    /// <summary>
    /// Numbers the stream's events after <paramref name="before"/> and chains them from <paramref name="prev"/>.
    /// Public for writers that bypass sessions (a bulk COPY of new streams in the benchmarks).
    /// </summary>
    public static void Link(byte[] key, StreamAction stream, long before, string? prev, Func<object, string> json)
    {
        var version = before;
        foreach (var e in stream.Events)
        {
            e.Version = ++version;
            e.Timestamp = EventHash.ToMicroseconds(e.Timestamp);
            var hash = EventHash.Of(key, prev, new EventFacts(stream.Id, e.Version, e.Id, e.EventTypeName, e.DotNetTypeName, e.Timestamp, false,
                EventHash.CanonicalJson(json(e.Data))));
            if (prev is not null) e.SetHeader("prev", prev);
            e.SetHeader("hash", hash);
            prev = hash;
        }
        stream.Version = version;
    }

    private static async Task<Dictionary<Guid, (long Version, string? Hash)>> HeadsAsync(IDocumentSession session, Guid[] ids, CancellationToken token)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<string>($"""
            SELECT s.id::text || ' ' || s.version || ' ' || coalesce(e.headers ->> 'hash', '')
              FROM {schema}.mt_streams s LEFT JOIN {schema}.mt_events e ON e.stream_id = s.id AND e.version = s.version
             WHERE s.id = ANY(?)
            """, token, ids);
        var heads = new Dictionary<Guid, (long, string?)>();
        foreach (var row in rows)
        {
            var parts = row.Split(' ');
            heads[Guid.Parse(parts[0])] = (long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2].Length == 0 ? null : parts[2]);
        }
        return heads;
    }
}
